import type { SourceLocation } from '../analyzer/query-results.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { describeAnalyzerFailure, type AnalyzerClient } from './analyzer-client.ts';
import type { SessionStore } from './session-store.ts';
import { SnapshotIntake } from './snapshot-intake.ts';
import { SnapshotQueries } from './snapshot-queries.ts';
import type { SnapshotStore } from './snapshot-store.ts';
import { WorkerSnapshots } from './worker-snapshots.ts';

export interface SnapshotControllerDeps {
  store: SnapshotStore;
  analyzer: AnalyzerClient;
  /** Null on /analyze, where snapshots come only from files. */
  runtime: Runtime | null;
  /** The run the snapshots are taken of; null on /analyze. */
  session: SessionStore | null;
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
 * asks for retainers. Here: the list's own edits, and the queue both share. Writes the
 * SnapshotStore; buttons in the views call it. Work runs one task at a time, as the worker does.
 */
export class SnapshotController {
  readonly #deps: SnapshotControllerDeps;
  readonly #snapshots: WorkerSnapshots;
  readonly #intake: SnapshotIntake;
  readonly #queries: SnapshotQueries;
  #queue: Promise<void> = Promise.resolve();
  #unsubscribers: (() => void)[] = [];

  constructor(deps: SnapshotControllerDeps) {
    this.#deps = deps;
    const { runtime, session, store } = deps;
    this.#snapshots = new WorkerSnapshots(deps.analyzer, (id, phase, fraction) => {
      const label = store.entry(id)?.label ?? id;
      store.update((s) => { s.progress = { label: label.startsWith('#') ? `Snapshot ${label}` : label, phase, fraction }; });
    });
    this.#queries = new SnapshotQueries(deps, this.#snapshots);
    this.#intake = new SnapshotIntake(deps, this.#snapshots, {
      enqueue: (task) => this.#enqueue(task),
      compare: (ids) => this.#queries.compare(ids),
    });
    if (runtime) this.#unsubscribers.push(runtime.onEvent((event) => this.#intake.onRunEvent(event)));
    // A runtime can be chosen after the page loads (and its capabilities with it): re-read them
    // whenever the session changes, which it does when the choice settles and when a run starts.
    if (session) this.#unsubscribers.push(session.subscribe(() => this.#intake.refreshCapability()));
    else this.#intake.refreshCapability();
  }

  take(): void {
    this.#intake.take();
  }

  /** /analyze: opens dropped or picked files, sorted by name, and compares them. */
  addFiles(files: readonly File[]): void {
    this.#intake.addFiles(files);
  }

  remove(id: string): void {
    const { store } = this.#deps;
    store.update((s) => {
      s.entries = s.entries.filter((e) => e.id !== id);
      s.picked = s.picked.filter((p) => p !== id);
      const c = s.comparison;
      if (c && (c.kind === 'summary' ? c.snapshotId === id : c.snapshotIds.includes(id))) {
        s.comparison = null;
        s.selectedClass = null;
        s.retainers = null;
      }
    });
    this.#enqueue(() => this.#snapshots.forget(id));
  }

  /** Saves the bytes as fetched, so Chrome DevTools (Memory > Load) opens the same snapshot. */
  download(id: string): void {
    const blob = this.#snapshots.bytes(id);
    const entry = this.#deps.store.entry(id);
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
    this.#deps.store.update((s) => {
      s.picked = s.picked.filter((p) => p !== id);
      if (isPicked) s.picked.push(id);
    });
  }

  /** Moves an entry one place earlier in the list (the order comparisons take). */
  moveUp(id: string): void {
    this.#deps.store.update((s) => {
      const at = s.entries.findIndex((e) => e.id === id);
      if (at <= 0) return;
      const entries = [...s.entries];
      [entries[at - 1], entries[at]] = [entries[at], entries[at - 1]];
      s.entries = entries;
    });
  }

  /** Compare: one picked shows its summary; two a comparison; three add the survivors. */
  compare(): void {
    const { store } = this.#deps;
    const ids = store.entries.filter((e) => store.picked.includes(e.id) && e.status === 'ready').map((e) => e.id);
    if (ids.length === 0 || ids.length > 3) {
      store.update((s) => { s.message = { level: 'info', text: 'Tick one snapshot for its summary, or two or three to compare them.' }; });
      return;
    }
    this.#enqueue(() => this.#queries.compare(ids));
  }

  showSummary(id: string): void {
    this.#deps.store.update((s) => { s.picked = [id]; });
    this.#enqueue(() => this.#queries.compare([id]));
  }

  selectClass(className: string): void {
    const { store } = this.#deps;
    const c = store.comparison;
    if (!c) return;
    const snapshotId = c.kind === 'summary' ? c.snapshotId : c.snapshotIds[c.snapshotIds.length - 1];
    store.update((s) => {
      s.selectedClass = className;
      s.retainers = { status: 'loading', className };
    });
    this.#enqueue(() => this.#queries.loadRetainers(snapshotId, className));
  }

  revealLine(line: number): void {
    this.#deps.revealLine?.(line);
  }

  dispose(): void {
    for (const unsubscribe of this.#unsubscribers) unsubscribe();
    this.#snapshots.dispose();
  }

  /** Runs tasks one after another; a failure reaches the page as a message, never as a lost rejection. */
  #enqueue(task: () => Promise<void>): void {
    this.#queue = this.#queue.then(task).catch((err: unknown) => {
      this.#deps.store.update((s) => { s.message = { level: 'error', text: describeAnalyzerFailure(err) }; });
    });
  }
}
