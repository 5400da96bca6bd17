import type { SourceLocation } from '../analyzer/query-results.ts';
import { describeAnalyzerFailure, type AnalyzerClient } from './analyzer-client.ts';
import type { PageStore } from './page-state/page-store.ts';
import type { WorkerSnapshots } from './worker-snapshots.ts';

/** Rows asked of the analyzer per table. */
const TOP_CLASSES = 300;
const MAX_PATHS = 5;
const MAX_STACKS = 8;

export interface SnapshotQueriesDeps {
  store: PageStore;
  analyzer: AnalyzerClient;
  /** The 1-based line of main.js a closure's location points at, when it is the learner's code. */
  lineInProgram?: (location: SourceLocation, functionName: string | undefined) => number | null;
}

/**
 * The questions the page asks the analyzer about open snapshots: a summary, a comparison of two
 * (plus the survivors of three), and a class's retainer paths. Dispatches the answers; the
 * reducer drops those that arrive after what they were about left the screen. Its methods run as
 * tasks on the snapshot controller's queue, never on their own.
 */
export class SnapshotQueries {
  readonly #deps: SnapshotQueriesDeps;
  readonly #snapshots: WorkerSnapshots;

  constructor(deps: SnapshotQueriesDeps, snapshots: WorkerSnapshots) {
    this.#deps = deps;
    this.#snapshots = snapshots;
  }

  /** One id: its summary; two: their comparison; three: the comparison of the first and last, plus survivors. */
  async compare(ids: readonly string[]): Promise<void> {
    const { analyzer, store } = this.#deps;
    store.dispatch({ type: 'compare-asked', entryIds: ids });
    try {
      await this.#snapshots.ensureOpen(ids);
      if (ids.length === 1) {
        const result = await analyzer.summary(ids[0], TOP_CLASSES);
        store.dispatch({ type: 'compare-answered', comparison: { kind: 'summary', snapshotId: ids[0], result } });
      } else {
        const diff = await analyzer.diff(ids[0], ids[ids.length - 1], TOP_CLASSES);
        const survivors = ids.length === 3 ? await analyzer.survivors(ids[0], ids[1], ids[2], TOP_CLASSES) : null;
        store.dispatch({ type: 'compare-answered', comparison: { kind: 'diff', snapshotIds: ids, diff, survivors } });
      }
    } catch (err) {
      store.dispatch({ type: 'compare-failed', message: describeAnalyzerFailure(err) });
    }
  }

  /** Retainer paths of `className` in `snapshotId`; not asked at all if another class was picked meanwhile. */
  async loadRetainers(snapshotId: string, className: string): Promise<void> {
    const { analyzer, store, lineInProgram } = this.#deps;
    if (store.state.snapshots.selectedClass !== className) return;
    try {
      await this.#snapshots.ensureOpen([snapshotId]);
      const result = await analyzer.retainers(snapshotId, className, MAX_PATHS);
      const stepLines = result.paths.map((path) => path.steps.map((step) => (step.location && lineInProgram ? lineInProgram(step.location, step.nodeName) : null)));
      store.dispatch({ type: 'retainers-answered', snapshotId, className, result, stepLines });
    } catch (err) {
      store.dispatch({ type: 'retainers-failed', className, message: describeAnalyzerFailure(err) });
    }
    await this.#loadAllocationStacks(snapshotId, className);
  }

  /**
   * Where the class's objects were allocated, when the snapshot has allocation traces (written
   * with tracking on): in a comparison, only the objects new since the first snapshot.
   */
  async #loadAllocationStacks(snapshotId: string, className: string): Promise<void> {
    const { analyzer, store } = this.#deps;
    const { comparison } = store.state.snapshots;
    if (store.state.snapshots.selectedClass !== className || !comparison) return;
    const baseId = comparison.kind === 'diff' ? comparison.snapshotIds[0] : undefined;
    try {
      const result = await analyzer.classAllocations(snapshotId, className, baseId, MAX_STACKS);
      store.dispatch({ type: 'class-allocations-answered', className, result });
    } catch (err) {
      store.dispatch({ type: 'class-allocations-failed', className, message: describeAnalyzerFailure(err) });
    }
  }
}
