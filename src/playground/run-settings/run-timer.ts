import type { PageStore } from '../page-state/page-store.ts';

/**
 * The duration setting: Stop, pressed for the learner once the run has had its seconds. They
 * count from when the load is under way (the first `load-ready`), as `leaklab run --seconds`
 * does, or from `started` for a program without load; a run that ends first is not stopped.
 */
export class RunTimer {
  readonly #store: PageStore;
  readonly #stop: () => void;
  #plan: { seconds: number; hasLoad: boolean } | null = null;
  #runId: string | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(store: PageStore, stop: () => void) {
    this.#store = store;
    this.#stop = stop;
    store.onAction((action) => {
      if (action.type !== 'run-event') return;
      const { event } = action;
      switch (event.type) {
        case 'started':
          // `expect` was called for the run this is: the first start after it.
          if (!this.#plan || this.#runId !== null) return;
          this.#runId = event.runId;
          if (!this.#plan.hasLoad) this.#arm();
          return;
        case 'load-ready':
          if (this.#plan?.hasLoad && this.#runId !== null && this.#timer === null) this.#arm();
          return;
        case 'exited':
          if (event.runId === this.#runId || event.reason !== 'replaced') this.#clear();
          return;
        default:
      }
    });
  }

  /** The next run to start should be stopped after `seconds`, or not at all (null). */
  expect(seconds: number | null, hasLoad: boolean): void {
    this.#clear();
    this.#plan = seconds === null ? null : { seconds, hasLoad };
  }

  #arm(): void {
    const plan = this.#plan;
    const runId = this.#runId;
    if (!plan || runId === null) return;
    this.#timer = setTimeout(() => {
      const { run } = this.#store.state;
      if (run.phase !== 'running' || run.info?.runId !== runId) return;
      this.#store.dispatch({ type: 'note', level: 'info', text: `The run's ${plan.seconds} s${plan.hasLoad ? ' under load' : ''} are up: stopping.` });
      this.#plan = null;
      this.#stop();
    }, plan.seconds * 1000);
  }

  #clear(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#runId = null;
    this.#plan = null;
  }
}
