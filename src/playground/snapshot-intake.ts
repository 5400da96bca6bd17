import type { RunEvent, SnapshotRef } from '../protocol/run-events.ts';
import { describeAnalyzerFailure } from './analyzer-client.ts';
import type { SnapshotControllerDeps } from './snapshot-controller.ts';
import type { SnapshotEntry } from './snapshot-store.ts';
import type { WorkerSnapshots } from './worker-snapshots.ts';

/** Files opened at once on /analyze: a comparison takes two or three. */
export const MAX_FILES = 3;

/** What the intake needs of the snapshot controller. */
export interface SnapshotIntakeHooks {
  /** The controller's queue: one task at a time, as the worker works. */
  enqueue(task: () => Promise<void>): void;
  /** Shows the comparison of `ids`; called from inside a queued task. */
  compare(ids: string[]): Promise<void>;
}

/**
 * How snapshots get into the page: asked of the runtime and fetched when it has written them,
 * or dropped as files on /analyze. Adds each to the list, opens it in the worker, and compares
 * the newest pair (or the dropped files) by itself.
 */
export class SnapshotIntake {
  readonly #deps: Pick<SnapshotControllerDeps, 'store' | 'runtime' | 'session'>;
  readonly #snapshots: WorkerSnapshots;
  readonly #hooks: SnapshotIntakeHooks;
  #nextId = 1;
  #runSnapshotCount = 0;

  constructor(deps: Pick<SnapshotControllerDeps, 'store' | 'runtime' | 'session'>, snapshots: WorkerSnapshots, hooks: SnapshotIntakeHooks) {
    this.#deps = deps;
    this.#snapshots = snapshots;
    this.#hooks = hooks;
  }

  /** Asks the runtime for a snapshot; it arrives as a `snapshot-ready` run event. */
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
    for (const file of sorted) this.#hooks.enqueue(() => this.#ingestFile(file));
    this.#hooks.enqueue(() => this.#compareAllFiles());
  }

  /** Whether this page can take snapshots now (the runtime can change after the page loads), and why not. */
  refreshCapability(): void {
    const { runtime, store } = this.#deps;
    const canSnapshot = runtime !== null && runtime.capabilities.snapshots;
    const reason = runtime === null ? 'No runtime is connected, so no snapshots can be taken here.'
      : canSnapshot ? null : (runtime.capabilities.reason ?? 'This runtime cannot take heap snapshots.');
    if (store.capability.canSnapshot === canSnapshot && store.capability.reason === reason) return;
    store.update((s) => { s.capability = { canSnapshot, reason }; });
  }

  /** The runtime's snapshot events; the rest are for the session store. */
  onRunEvent(event: RunEvent): void {
    const { store } = this.#deps;
    switch (event.type) {
      case 'snapshot-progress': {
        const fraction = event.totalBytes ? (event.loadedBytes ?? 0) / event.totalBytes : null;
        store.update((s) => { if (s.progress) s.progress = { ...s.progress, phase: event.phase, fraction }; });
        return;
      }
      case 'snapshot-ready':
        this.#hooks.enqueue(() => this.#ingestRunSnapshot(event.snapshot));
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
      await this.#hooks.compare(pair);
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
    await this.#hooks.compare(ids);
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
}
