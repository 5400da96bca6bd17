import { describeAnalyzerFailure } from './analyzer-client.ts';
import type { SnapshotControllerDeps } from './snapshot-controller.ts';
import type { WorkerSnapshots } from './worker-snapshots.ts';

/** Rows asked of the analyzer per table. */
const TOP_CLASSES = 300;
const MAX_PATHS = 5;

/**
 * The questions the page asks the analyzer about open snapshots: a summary, a comparison of two
 * (plus the survivors of three), and a class's retainer paths. Writes the answers to the
 * SnapshotStore. Its methods run as tasks on the snapshot controller's queue, never on their own.
 */
export class SnapshotQueries {
  readonly #deps: Pick<SnapshotControllerDeps, 'store' | 'analyzer' | 'lineInProgram'>;
  readonly #snapshots: WorkerSnapshots;

  constructor(deps: Pick<SnapshotControllerDeps, 'store' | 'analyzer' | 'lineInProgram'>, snapshots: WorkerSnapshots) {
    this.#deps = deps;
    this.#snapshots = snapshots;
  }

  /** One id: its summary; two: their comparison; three: the comparison of the first and last, plus survivors. */
  async compare(ids: string[]): Promise<void> {
    const { analyzer, store } = this.#deps;
    store.update((s) => { s.isComparing = true; s.message = null; });
    try {
      await this.#snapshots.ensureOpen(ids);
      if (ids.length === 1) {
        const result = await analyzer.summary(ids[0], TOP_CLASSES);
        store.update((s) => { s.comparison = { kind: 'summary', snapshotId: ids[0], result }; });
      } else {
        const diff = await analyzer.diff(ids[0], ids[ids.length - 1], TOP_CLASSES);
        const survivors = ids.length === 3 ? await analyzer.survivors(ids[0], ids[1], ids[2], TOP_CLASSES) : null;
        store.update((s) => { s.comparison = { kind: 'diff', snapshotIds: ids, diff, survivors }; });
      }
      store.update((s) => { s.selectedClass = null; s.retainers = null; });
    } finally {
      store.update((s) => {
        s.isComparing = false;
        if (!s.isCapturing) s.progress = null; // a snapshot was re-read from its Blob
      });
    }
  }

  /** Retainer paths of `className` in `snapshotId`; dropped if another class was picked meanwhile. */
  async loadRetainers(snapshotId: string, className: string): Promise<void> {
    const { analyzer, store, lineInProgram } = this.#deps;
    const isStill = (): boolean => store.selectedClass === className;
    if (!isStill()) return;
    try {
      await this.#snapshots.ensureOpen([snapshotId]);
      const result = await analyzer.retainers(snapshotId, className, MAX_PATHS);
      const entry = store.entry(snapshotId);
      const stepLines = result.paths.map((path) => path.steps.map((step) => (step.location && lineInProgram ? lineInProgram(step.location, step.nodeName) : null)));
      if (isStill()) store.update((s) => { s.retainers = { status: 'ready', className, snapshotLabel: entry?.label ?? '', result, stepLines }; });
    } catch (err) {
      if (isStill()) store.update((s) => { s.retainers = { status: 'failed', className, message: describeAnalyzerFailure(err) }; });
    } finally {
      store.update((s) => { if (!s.isCapturing) s.progress = null; });
    }
  }
}
