import type { LocalRuntime } from '../runtime/local/local-runtime.ts';
import type { SessionStore } from './session-store.ts';

/**
 * The /watch page's Run and Stop: runs the program `leaklab watch` was started with (the page
 * sends `watch`, not a program). Forwards run events into the session store, as the
 * playground controller does.
 */
export class WatchController {
  readonly #runtime: LocalRuntime | null;
  readonly #store: SessionStore;

  constructor(runtime: LocalRuntime | null, store: SessionStore) {
    this.#runtime = runtime;
    this.#store = store;
    runtime?.onEvent((event) => store.apply(event));
  }

  run(): void {
    if (!this.#runtime) return;
    this.#store.beginRun();
    this.#store.note('info', '$ leaklab watch   (the program named on the command line)');
    this.#runtime.watch().catch((err: unknown) => {
      this.#store.note('error', `Run failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  stop(): void {
    this.#runtime?.stop();
  }

  dispose(): void {
    this.#runtime?.dispose();
  }
}
