import type { SourceLocation } from '../analyzer/types.ts';
import type { RunEvent, SnapshotRef } from '../protocol/run-events.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { describeAnalyzerFailure, type AnalyzerClient } from './analyzer-client.ts';
import type { SessionStore } from './session-store.ts';
import type { SnapshotEntry, SnapshotStore } from './snapshot-store.ts';
import { WorkerSnapshots } from './worker-snapshots.ts';

/** Rows asked of the analyzer per table. */
const TOP_CLASSES = 300;
const MAX_PATHS = 5;
/** Files opened at once on /analyze: a comparison takes two or three. */
export const MAX_FILES = 3;

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
 * The only thing that talks to the analyzer worker (and to the runtime about snapshots):
 * takes snapshots, fetches and opens them, compares, and asks for retainers. Writes the
 * SnapshotStore; buttons in the views call it. Work runs one task at a time, as the worker does.
 */
export class SnapshotController {
  readonly #deps: SnapshotControllerDeps;
  readonly #snapshots: WorkerSnapshots;
  #queue: Promise<void> = Promise.resolve();
  #nextId = 1;
  #runSnapshotCount = 0;
  #unsubscribers: (() => void)[] = [];

  constructor(deps: SnapshotControllerDeps) {
    this.#deps = deps;
    const { runtime, session, store } = deps;
    this.#snapshots = new WorkerSnapshots(deps.analyzer, (id, phase, fraction) => {
      const label = store.entry(id)?.label ?? id;
      store.update((s) => { s.progress = { label: label.startsWith('#') ? `Snapshot ${label}` : label, phase, fraction }; });
    });
    if (runtime) this.#unsubscribers.push(runtime.onEvent((event) => this.#onRunEvent(event)));
    // A runtime can be chosen after the page loads (and its capabilities with it): re-read them
    // whenever the session changes, which it does when the choice settles and when a run starts.
    if (session) this.#unsubscribers.push(session.subscribe(() => this.#refreshCapability()));
    else this.#refreshCapability();
  }

  take(): void {
    const { runtime, store } = this.#deps;
    if (!runtime || !store.capability.canSnapshot || store.isCapturing) return;
    store.update((s) => {
      s.isCapturing = true;
      s.message = null;
      s.progress = { label: `Snapshot #${this.#runSnapshotCount + 1}`, phase: 'writing', fraction: null };
    });
    runtime.requestSnapshot();
  }

  /** /analyze: opens dropped or picked files, sorted by name, and compares them. */
  addFiles(files: readonly File[]): void {
    const { store } = this.#deps;
    const room = MAX_FILES - store.entries.length;
    if (files.length > room) {
      store.update((s) => { s.message = { level: 'error', text: `Up to ${MAX_FILES} snapshots at a time: ${files.length} chosen, room for ${Math.max(room, 0)}. Delete one from the list first.` }; });
      return;
    }
    store.update((s) => { s.message = null; });
    const sorted = [...files].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    for (const file of sorted) this.#enqueue(() => this.#ingestFile(file));
    this.#enqueue(() => this.#compareAllFiles());
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
    this.#enqueue(() => this.#compare(ids));
  }

  showSummary(id: string): void {
    this.#deps.store.update((s) => { s.picked = [id]; });
    this.#enqueue(() => this.#compare([id]));
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
    this.#enqueue(() => this.#loadRetainers(snapshotId, className));
  }

  revealLine(line: number): void {
    this.#deps.revealLine?.(line);
  }

  dispose(): void {
    for (const unsubscribe of this.#unsubscribers) unsubscribe();
    this.#snapshots.dispose();
  }

  #refreshCapability(): void {
    const { runtime, store } = this.#deps;
    const canSnapshot = runtime !== null && runtime.capabilities.snapshots;
    const reason = runtime === null ? 'No runtime is connected, so no snapshots can be taken here.'
      : canSnapshot ? null : (runtime.capabilities.reason ?? 'This runtime cannot take heap snapshots.');
    if (store.capability.canSnapshot === canSnapshot && store.capability.reason === reason) return;
    store.update((s) => { s.capability = { canSnapshot, reason }; });
  }

  #onRunEvent(event: RunEvent): void {
    const { store } = this.#deps;
    switch (event.type) {
      case 'snapshot-progress': {
        const fraction = event.totalBytes ? (event.loadedBytes ?? 0) / event.totalBytes : null;
        store.update((s) => { if (s.progress) s.progress = { ...s.progress, phase: event.phase, fraction }; });
        return;
      }
      case 'snapshot-ready':
        this.#enqueue(() => this.#ingestRunSnapshot(event.snapshot));
        return;
      case 'snapshot-failed':
        store.update((s) => {
          s.isCapturing = false;
          s.progress = null;
          s.message = { level: 'error', text: `No snapshot: ${event.reason}` };
        });
        return;
      default:
        return; // run events for the chart and terminal: the session store has them
    }
  }

  async #ingestRunSnapshot(ref: SnapshotRef): Promise<void> {
    const { store, runtime } = this.#deps;
    const label = `#${++this.#runSnapshotCount}`;
    const entry = this.#addEntry({ label, origin: 'run', runId: this.#deps.session?.run?.runId ?? null, atMs: ref.atMs, sizeBytes: ref.sizeBytes, heapUsedBytes: ref.heapUsedBytes });
    const startedAt = performance.now();
    store.update((s) => { s.progress = { label: `Snapshot ${label}`, phase: 'transferring', fraction: 0 }; });
    try {
      const blob = await runtime!.fetchSnapshot(ref.url, (loaded, total) => {
        store.update((s) => { s.progress = { label: `Snapshot ${label}`, phase: 'transferring', fraction: total ? loaded / total : null }; });
      });
      if (!store.entry(entry.id)) return; // deleted while it downloaded
      this.#snapshots.keep(entry.id, blob);
      await this.#opened(entry, startedAt);
    } catch (err) {
      void this.#snapshots.forget(entry.id);
      store.update((s) => {
        s.entries = s.entries.filter((e) => e.id !== entry.id);
        s.message = { level: 'error', text: `Snapshot ${label} could not be opened: ${describeAnalyzerFailure(err)}` };
      });
      return;
    } finally {
      store.update((s) => { s.isCapturing = false; s.progress = null; });
    }
    const ready = store.entries.filter((e) => e.origin === 'run' && e.status === 'ready');
    if (ready.length >= 2 && ready[ready.length - 1].id === entry.id) {
      const pair = [ready[ready.length - 2].id, entry.id];
      store.update((s) => { s.picked = pair; });
      await this.#compare(pair);
    }
  }

  async #ingestFile(file: File): Promise<void> {
    const { store } = this.#deps;
    const entry = this.#addEntry({ label: file.name, origin: 'file', runId: null, atMs: null, sizeBytes: file.size, heapUsedBytes: null });
    this.#snapshots.keep(entry.id, file);
    try {
      await this.#opened(entry, performance.now());
    } catch (err) {
      void this.#snapshots.forget(entry.id);
      store.update((s) => {
        s.entries = s.entries.filter((e) => e.id !== entry.id);
        // Several files can fail in one drop: keep each one's reason.
        const text = `Could not open ${file.name}: ${describeAnalyzerFailure(err)}`;
        s.message = { level: 'error', text: s.message?.level === 'error' ? `${s.message.text}\n${text}` : text };
      });
    } finally {
      store.update((s) => { s.progress = null; });
    }
  }

  async #compareAllFiles(): Promise<void> {
    const { store } = this.#deps;
    const ids = store.entries.filter((e) => e.status === 'ready').slice(0, MAX_FILES).map((e) => e.id);
    if (ids.length === 0) return;
    store.update((s) => { s.picked = ids; });
    await this.#compare(ids);
  }

  #addEntry(fields: Pick<SnapshotEntry, 'label' | 'origin' | 'runId' | 'atMs' | 'sizeBytes' | 'heapUsedBytes'>): SnapshotEntry {
    const entry: SnapshotEntry = { id: `snap-${this.#nextId++}`, ...fields, status: 'loading', info: null, openMs: null };
    this.#deps.store.update((s) => { s.entries = [...s.entries, entry]; });
    return entry;
  }

  /** Parses a fetched snapshot in the worker and marks its entry ready. */
  async #opened(entry: SnapshotEntry, startedAt: number): Promise<void> {
    const info = await this.#snapshots.ensureOpen([entry.id]);
    const openMs = performance.now() - startedAt;
    this.#deps.store.update((s) => {
      s.entries = s.entries.map((e) => (e.id === entry.id ? { ...e, status: 'ready', info: info.get(entry.id) ?? null, openMs } : e));
    });
  }

  async #compare(ids: string[]): Promise<void> {
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

  async #loadRetainers(snapshotId: string, className: string): Promise<void> {
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

  /** Runs tasks one after another; a failure reaches the page as a message, never as a lost rejection. */
  #enqueue(task: () => Promise<void>): void {
    this.#queue = this.#queue.then(task).catch((err: unknown) => {
      this.#deps.store.update((s) => { s.message = { level: 'error', text: describeAnalyzerFailure(err) }; });
    });
  }
}
