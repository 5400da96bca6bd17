import type { LocalRuntime } from '../runtime/local/local-runtime.ts';
import type { PageStore } from './page-state/page-store.ts';
import { stopOnceStarted } from './stop-once-started.ts';

/**
 * The /watch page's Run and Stop: runs the program `leaklab watch` was started with (the page
 * sends `watch`, not a program). The runtime's events reach the store through the page's one
 * subscription (mount-watch.ts).
 */
export class WatchController {
  readonly #runtime: LocalRuntime | null;
  readonly #store: PageStore;

  constructor(runtime: LocalRuntime | null, store: PageStore) {
    this.#runtime = runtime;
    this.#store = store;
    stopOnceStarted(store, () => runtime?.stop());
  }

  run(): void {
    if (!this.#runtime) return;
    this.#store.dispatch({ type: 'run-asked', commandLine: 'leaklab watch   (the program named on the command line)' });
    this.#runtime.watch().catch((err: unknown) => {
      this.#store.dispatch({ type: 'note', level: 'error', text: `Run failed: ${err instanceof Error ? err.message : String(err)}` });
    });
  }

  stop(): void {
    this.#store.dispatch({ type: 'stop-asked' });
    this.#runtime?.stop();
  }

  dispose(): void {
    this.#runtime?.dispose();
  }
}
