import { describeAnalyzerFailure } from './analyzer-client.ts';
import { canTakeSnapshot } from './page-state/page-selectors.ts';
import type { PageStore } from './page-state/page-store.ts';
import { entryOf, nextEntryId } from './page-state/snapshot-intake-rules.ts';
import { MAX_FILES } from './page-state/snapshot-types.ts';
import type { SnapshotSource } from './runtime-port.ts';
import type { WorkerSnapshots } from './worker-snapshots.ts';

export interface SnapshotIntakeDeps {
  store: PageStore;
  /** Null on /analyze, where snapshots come only from files. */
  runtime: SnapshotSource | null;
}

/** What the intake needs of the snapshot controller. */
export interface SnapshotIntakeHooks {
  /** The controller's queue: one task at a time, as the worker works. */
  enqueue(task: () => Promise<void>): void;
  /** Shows the comparison of `ids`; called from inside a queued task. */
  compare(ids: readonly string[]): Promise<void>;
}

/**
 * How snapshots get into the page: asked of the runtime and fetched when it has written them
 * (the reducer lists a `snapshot-ready` at once), or dropped as files on /analyze. Opens each in
 * the worker and compares the newest pair (or the dropped files) by itself.
 */
export class SnapshotIntake {
  readonly #deps: SnapshotIntakeDeps;
  readonly #snapshots: WorkerSnapshots;
  readonly #hooks: SnapshotIntakeHooks;

  constructor(deps: SnapshotIntakeDeps, snapshots: WorkerSnapshots, hooks: SnapshotIntakeHooks) {
    this.#deps = deps;
    this.#snapshots = snapshots;
    this.#hooks = hooks;
    deps.store.onAction((action) => {
      if (action.type !== 'run-event' || action.event.type !== 'snapshot-ready') return;
      const { url } = action.event.snapshot;
      const entry = deps.store.state.snapshots.entries.findLast((e) => e.url === url && e.status === 'loading');
      if (entry) hooks.enqueue(() => this.#ingestRunSnapshot(entry.id, url));
    });
  }

  /** Asks the runtime for a snapshot; it arrives as a `snapshot-ready` run event. */
  take(): void {
    const { runtime, store } = this.#deps;
    if (!runtime || !canTakeSnapshot(store.state)) return;
    store.dispatch({ type: 'snapshot-asked' });
    runtime.requestSnapshot();
  }

  /** /analyze: opens dropped or picked files, sorted by name, and compares them. */
  addFiles(files: readonly File[]): void {
    const { store } = this.#deps;
    const roomCount = MAX_FILES - store.state.snapshots.entries.length;
    if (files.length > roomCount) {
      store.dispatch({ type: 'files-refused', chosenCount: files.length, roomCount });
      return;
    }
    store.dispatch({ type: 'files-asked' });
    const sorted = [...files].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    for (const file of sorted) this.#hooks.enqueue(async () => { await this.#ingestFile(file); });
    this.#hooks.enqueue(() => this.#compareAllFiles());
  }

  /**
   * One snapshot file a run wrote (--heapsnapshot-signal, --heapsnapshot-near-heap-limit):
   * opened and shown on its own, as its summary, whatever else the list holds.
   */
  addFile(file: File): void {
    const { store } = this.#deps;
    const roomCount = MAX_FILES - store.state.snapshots.entries.length;
    if (roomCount < 1) {
      store.dispatch({ type: 'files-refused', chosenCount: 1, roomCount });
      return;
    }
    store.dispatch({ type: 'files-asked' });
    this.#hooks.enqueue(async () => {
      const entryId = await this.#ingestFile(file);
      if (entryId === null) return;
      store.dispatch({ type: 'picks-set', entryIds: [entryId] });
      await this.#hooks.compare([entryId]);
    });
  }

  async #ingestRunSnapshot(entryId: string, url: string): Promise<void> {
    const { store, runtime } = this.#deps;
    if (!runtime || !entryOf(store.state.snapshots, entryId)) return; // deleted while it waited
    const startedAt = performance.now();
    try {
      const blob = await runtime.fetchSnapshot(url, (loaded, total) => {
        store.dispatch({ type: 'snapshot-fetch-progress', entryId, fraction: total ? loaded / total : null });
      });
      if (!entryOf(store.state.snapshots, entryId)) return; // deleted while it downloaded
      this.#snapshots.keep(entryId, blob);
      await this.#open(entryId, startedAt);
    } catch (err) {
      void this.#snapshots.forget(entryId);
      store.dispatch({ type: 'snapshot-open-failed', entryId, message: describeAnalyzerFailure(err) });
      return;
    }
    const ready = store.state.snapshots.entries.filter((e) => e.origin === 'run' && e.status === 'ready');
    if (ready.length >= 2 && ready[ready.length - 1].id === entryId) {
      const pair = [ready[ready.length - 2].id, entryId];
      store.dispatch({ type: 'picks-set', entryIds: pair });
      await this.#hooks.compare(pair);
    }
  }

  /** Opens a file as a new entry; its id, or null when it could not be opened (said in the list). */
  async #ingestFile(file: File): Promise<string | null> {
    const { store } = this.#deps;
    const entryId = nextEntryId(store.state.snapshots);
    store.dispatch({ type: 'file-opening', name: file.name, sizeBytes: file.size });
    this.#snapshots.keep(entryId, file);
    try {
      await this.#open(entryId, performance.now());
      return entryId;
    } catch (err) {
      void this.#snapshots.forget(entryId);
      store.dispatch({ type: 'snapshot-open-failed', entryId, message: describeAnalyzerFailure(err) });
      return null;
    }
  }

  async #compareAllFiles(): Promise<void> {
    const { store } = this.#deps;
    const ids = store.state.snapshots.entries.filter((e) => e.status === 'ready').slice(0, MAX_FILES).map((e) => e.id);
    if (ids.length === 0) return;
    store.dispatch({ type: 'picks-set', entryIds: ids });
    await this.#hooks.compare(ids);
  }

  /** Parses a kept snapshot in the worker and marks its entry ready. */
  async #open(entryId: string, startedAt: number): Promise<void> {
    const info = await this.#snapshots.ensureOpen([entryId]);
    this.#deps.store.dispatch({ type: 'snapshot-opened', entryId, info: info.get(entryId) ?? null, openMs: performance.now() - startedAt });
  }
}
