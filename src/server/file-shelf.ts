import type { KeptFiles } from '../runner/kept-files.ts';

interface Shelved {
  files: KeptFiles;
  /** The page (socket session) the run belonged to: only it may let go of the files early. */
  owner: object;
  timer: NodeJS.Timeout;
}

export interface ShelfLimits {
  /** How long a run's files stay after it ended. */
  keepForMs: number;
  /** A page keeps the files of its last few runs (a learner compares the leaky run's profile with the fixed one's). */
  maxRunsPerOwner: number;
  /** All pages' kept files together; the oldest go first past it. */
  maxTotalBytes: number;
}

export const DEFAULT_SHELF_LIMITS: Omit<ShelfLimits, 'keepForMs'> = { maxRunsPerOwner: 4, maxTotalBytes: 2 * 1024 * 1024 * 1024 };

/**
 * The files of ended runs that the local runner still hands out (`/files/<runId>/<fileId>`),
 * each run's until its page lets go of them (a `release-files` message, the page closing, more
 * runs than the page may keep) or `keepForMs` passes; then its kept folder is removed.
 */
export class FileShelf {
  readonly #limits: ShelfLimits;
  /** In the order they were shelved: the first is the oldest. */
  readonly #runs = new Map<string, Shelved>();
  readonly #onError: (err: Error) => void;

  constructor(limits: ShelfLimits, onError: (err: Error) => void) {
    this.#limits = limits;
    this.#onError = onError;
  }

  get size(): number { return this.#runs.size; }

  /** Shelves a run's kept files for `owner`; a run that kept nothing is not shelved. */
  add(files: KeptFiles, owner: object): void {
    if (!files.dir) return;
    const timer = setTimeout(() => this.#discard(files.runId), this.#limits.keepForMs);
    timer.unref();
    this.#runs.set(files.runId, { files, owner, timer });
    const owned = [...this.#runs.values()].filter((s) => s.owner === owner);
    for (const old of owned.slice(0, Math.max(0, owned.length - this.#limits.maxRunsPerOwner))) this.#discard(old.files.runId);
    let totalBytes = [...this.#runs.values()].reduce((n, s) => n + s.files.keptBytes, 0);
    for (const [runId, shelved] of this.#runs) {
      if (totalBytes <= this.#limits.maxTotalBytes || runId === files.runId) break;
      totalBytes -= shelved.files.keptBytes;
      this.#discard(runId);
    }
  }

  get(runId: string): KeptFiles | undefined {
    return this.#runs.get(runId)?.files;
  }

  /** The page is done with one run's files; only the page they belong to may say so. */
  release(runId: string, owner: object): boolean {
    if (this.#runs.get(runId)?.owner !== owner) return false;
    this.#discard(runId);
    return true;
  }

  /** The page went away: every run's files it held go. */
  releaseOwner(owner: object): void {
    for (const [runId, shelved] of this.#runs) if (shelved.owner === owner) this.#discard(runId);
  }

  async discardAll(): Promise<void> {
    const all = [...this.#runs.values()];
    this.#runs.clear();
    for (const s of all) clearTimeout(s.timer);
    await Promise.all(all.map((s) => s.files.discard().catch(this.#onError)));
  }

  #discard(runId: string): void {
    const shelved = this.#runs.get(runId);
    if (!shelved) return;
    this.#runs.delete(runId);
    clearTimeout(shelved.timer);
    shelved.files.discard().catch(this.#onError);
  }
}
