import { describeAnalyzerFailure, type AnalyzerClient } from './analyzer-client.ts';
import type { PageStore } from './page-state/page-store.ts';

/** What /analyze takes as a sampling heap profile: by name, as DevTools and Node save them. */
export const PROFILE_FILE_NAME = /\.heapprofile(\.gz)?$/i;

/**
 * /analyze's `.heapprofile` files: opens one (what is live, by allocating stack) or two (what
 * grew from the first to the second) in the analyzer worker and dispatches its tree; asks again
 * when the fold box changes. The worker reads and checks the files: a cut or foreign one comes
 * back as its error, named with the file.
 */
export class ProfileController {
  readonly #store: PageStore;
  readonly #analyzer: AnalyzerClient;
  #files: File[] = [];
  /** Bumped per set of files, so an answer for an older set is not dispatched as the current one's. */
  #generation = 0;
  /** What one sample stands for, from the newest profile's samples. */
  #intervalBytes: number | null = null;

  constructor(store: PageStore, analyzer: AnalyzerClient) {
    this.#store = store;
    this.#analyzer = analyzer;
    store.onAction((action) => {
      if (action.type === 'alloc-folding-set' && this.#files.length > 0) void this.#answer(this.#generation);
    });
  }

  /** One or two profiles, oldest first; of more, the first two are compared (the heading names them). */
  addFiles(files: readonly File[]): void {
    this.#files = files.slice(0, 2);
    const generation = ++this.#generation;
    this.#store.dispatch({ type: 'profiles-opening', names: this.#files.map((f) => f.name) });
    void this.#open(generation);
  }

  async #open(generation: number): Promise<void> {
    const names = this.#files.map((f) => f.name);
    for (const [k, file] of this.#files.entries()) {
      try {
        const info = await this.#analyzer.openProfile(`profile-${k}`, file);
        this.#intervalBytes = info.sampleIntervalBytes ?? null;
      } catch (err) {
        if (generation === this.#generation) this.#store.dispatch({ type: 'profiles-failed', names, message: `${file.name}: ${describeAnalyzerFailure(err)}` });
        return;
      }
    }
    await this.#answer(generation);
  }

  async #answer(generation: number): Promise<void> {
    const names = this.#files.map((f) => f.name);
    const allFrames = !this.#store.state.allocation.isFolded;
    try {
      const tree = names.length === 2
        ? await this.#analyzer.profileGrowthTree('profile-0', 'profile-1', allFrames)
        : await this.#analyzer.profileTree('profile-0', allFrames);
      if (generation === this.#generation) this.#store.dispatch({ type: 'profiles-answered', names, tree, intervalBytes: this.#intervalBytes });
    } catch (err) {
      if (generation === this.#generation) this.#store.dispatch({ type: 'profiles-failed', names, message: describeAnalyzerFailure(err) });
    }
  }
}
