import type { Container, WebContainerApi } from './webcontainer-api.ts';

export class BootError extends Error {
  readonly code: 'boot-timeout' | 'boot-failed';
  constructor(code: BootError['code'], message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BootError';
    this.code = code;
  }
}

interface BootState {
  attempt: Promise<Container>;
  /** Resolves once `boot()` itself has answered, however late. */
  settled: Promise<void>;
  instance: Container | null;
  isReleased: boolean;
  hasFailed: boolean;
}

// One per API module, i.e. one per page for the real module: WebContainer allows one instance at
// a time, and a failed boot is not retried in the same page (it failed for a reason that a retry
// seconds later rarely fixes, and each try costs the learner another wait).
const boots = new WeakMap<WebContainerApi, BootState>();

/**
 * The page's container: boots it on first use, with a time limit `boot()` lacks itself, and
 * returns the same instance (or the same failure) to every later caller. After
 * `releaseContainer` tore it down, the next call boots afresh.
 */
export function bootOnce(api: WebContainerApi, timeoutMs: number): Promise<Container> {
  const current = boots.get(api);
  if (current && !current.isReleased) return current.attempt;
  // Teardown before re-boot: a released instance still booting must have arrived (and been torn down) first.
  const previousSettled = current?.settled ?? Promise.resolve();
  const state: BootState = { attempt: Promise.resolve(null as never), settled: Promise.resolve(), instance: null, isReleased: false, hasFailed: false };
  let settle!: () => void;
  state.settled = new Promise<void>((resolve) => { settle = resolve; });
  state.attempt = new Promise<Container>((resolve, reject) => {
    let isLate = false;
    const timer = setTimeout(() => {
      isLate = true;
      state.hasFailed = true;
      reject(new BootError('boot-timeout',
        `WebContainer could not boot within ${Math.round(timeoutMs / 1000)} s (no network? it loads from StackBlitz's servers)`));
    }, timeoutMs);
    previousSettled.then(() => api.WebContainer.boot({ coep: 'require-corp', workdirName: 'leaklab' })).then((container) => {
      clearTimeout(timer);
      settle();
      // Too late, or released meanwhile: nobody will use it, so give its resources back.
      if (isLate) return container.teardown();
      if (state.isReleased) {
        container.teardown();
        return reject(new BootError('boot-failed', 'The runtime was closed while WebContainer was booting.'));
      }
      state.instance = container;
      resolve(container);
    }, (err: unknown) => {
      clearTimeout(timer);
      settle();
      state.hasFailed = true;
      if (!isLate) reject(new BootError('boot-failed', `WebContainer could not boot: ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
    });
  });
  // Callers handle the failure; this keeps an unobserved rejection from being reported twice.
  state.attempt.catch(() => undefined);
  boots.set(api, state);
  return state.attempt;
}

/** Tears down the page's container if one booted; a failed boot stays failed (no retry in this page). */
export function releaseContainer(api: WebContainerApi): void {
  const state = boots.get(api);
  if (!state || state.hasFailed) return;
  // Still booting: the instance is torn down the moment it arrives.
  state.isReleased = true;
  const instance = state.instance;
  state.instance = null;
  instance?.teardown();
}
