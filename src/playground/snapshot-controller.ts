import type { SourceLocation } from '../analyzer/query-results.ts';
import { describeAnalyzerFailure, type AnalyzerClient } from './analyzer-client.ts';
import type { PageStore } from './page-state/page-store.ts';
import { entryOf } from './page-state/snapshot-intake-rules.ts';
import { tracedSnapshotId } from './page-state/snapshot-query-rules.ts';
import type { SnapshotSource } from './runtime-port.ts';
import { SnapshotIntake } from './snapshot-intake.ts';
import { SnapshotQueries } from './snapshot-queries.ts';
import { TaskQueue } from './task-queue.ts';
import { WorkerSnapshots } from './worker-snapshots.ts';

export interface SnapshotControllerDeps {
  store: PageStore;
  analyzer: AnalyzerClient;
  /** Null on /analyze, where snapshots come only from files. */
  runtime: SnapshotSource | null;
  /** Download names: `<prefix>-3.heapsnapshot`. */
  fileNamePrefix: string;
  /** The 1-based line of main.js a closure's location points at, when it is the learner's code. */
  lineInProgram?: (location: SourceLocation, functionName: string | undefined) => number | null;
  /** Shows a line of main.js in the editor. */
  revealLine?: (line: number) => void;
}

/**
 * The only thing that talks to the analyzer worker (and to the runtime about snapshots), through
 * its two halves: SnapshotIntake takes, fetches and opens snapshots; SnapshotQueries compares and
 * asks for retainers. Here: the list's own edits, and the queue both share. Buttons in the views
 * call it; it dispatches to the page store. Work runs one task at a time, as the worker does.
 */
export class SnapshotController {
  readonly #deps: SnapshotControllerDeps;
  readonly #snapshots: WorkerSnapshots;
  readonly #intake: SnapshotIntake;
  readonly #queries: SnapshotQueries;
  readonly #queue: TaskQueue;

  constructor(deps: SnapshotControllerDeps) {
    this.#deps = deps;
    const { store } = deps;
    this.#queue = new TaskQueue((err) => store.dispatch({ type: 'snapshot-task-failed', message: describeAnalyzerFailure(err) }));
    this.#snapshots = new WorkerSnapshots(deps.analyzer, (entryId, phase, fraction) => {
      store.dispatch({ type: 'snapshot-open-progress', entryId, phase, fraction });
    });
    this.#queries = new SnapshotQueries(deps, this.#snapshots);
    this.#intake = new SnapshotIntake(deps, this.#snapshots, {
      enqueue: (task) => this.#queue.enqueue(task),
      compare: (ids) => this.#queries.compare(ids),
    });
  }

  take(): void {
    this.#intake.take();
  }

  /** /analyze: opens dropped or picked files, sorted by name, and compares them. */
  addFiles(files: readonly File[]): void {
    this.#intake.addFiles(files);
  }

  /** A snapshot file a run wrote: opened and shown as its summary. */
  openFile(file: File): void {
    this.#intake.addFile(file);
  }

  remove(id: string): void {
    this.#deps.store.dispatch({ type: 'snapshot-deleted', entryId: id });
    this.#queue.enqueue(() => this.#snapshots.forget(id));
  }

  /** Saves the bytes as fetched, so Chrome DevTools (Memory > Load) opens the same snapshot. */
  download(id: string): void {
    const blob = this.#snapshots.bytes(id);
    const entry = entryOf(this.#deps.store.state.snapshots, id);
    if (!blob || !entry) return;
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = entry.origin === 'file' ? entry.label : `${this.#deps.fileNamePrefix}-${entry.label.replace('#', '')}.heapsnapshot`;
    link.click();
    // The download has its own reference by then; revoking later keeps a slow start safe.
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }

  setPicked(id: string, isPicked: boolean): void {
    this.#deps.store.dispatch({ type: 'snapshot-picked', entryId: id, isPicked });
  }

  /** Moves an entry one place earlier in the list (the order comparisons take). */
  moveUp(id: string): void {
    this.#deps.store.dispatch({ type: 'snapshot-moved-up', entryId: id });
  }

  /** Compare: one picked shows its summary; two a comparison; three add the survivors. */
  compare(): void {
    const { store } = this.#deps;
    const { entries, picked } = store.state.snapshots;
    const ids = entries.filter((e) => picked.includes(e.id) && e.status === 'ready').map((e) => e.id);
    if (ids.length === 0 || ids.length > 3) {
      store.dispatch({ type: 'compare-refused' });
      return;
    }
    this.#queue.enqueue(() => this.#queries.compare(ids));
  }

  showSummary(id: string): void {
    this.#deps.store.dispatch({ type: 'picks-set', entryIds: [id] });
    this.#queue.enqueue(() => this.#queries.compare([id]));
  }

  selectClass(className: string): void {
    const { store } = this.#deps;
    const snapshotId = tracedSnapshotId(store.state.snapshots.comparison);
    if (snapshotId === null) return;
    store.dispatch({ type: 'class-selected', className });
    this.#queue.enqueue(() => this.#queries.loadRetainers(snapshotId, className));
  }

  revealLine(line: number): void {
    this.#deps.revealLine?.(line);
  }

  dispose(): void {
    this.#snapshots.dispose();
  }
}
