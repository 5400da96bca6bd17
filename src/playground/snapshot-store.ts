import type { DiffResult, RetainersResult, SnapshotInfo, SummaryResult, SurvivorsResult } from '../analyzer/query-results.ts';

/** One snapshot the page holds: taken from a run, or a file the user dropped. */
export interface SnapshotEntry {
  /** The page's own id (also the worker's); unique for the page's lifetime. */
  id: string;
  /** `#3` for a run's snapshot, the file name for a dropped file. */
  label: string;
  origin: 'run' | 'file';
  /** The run it was taken in (for chart markers); null for files. */
  runId: string | null;
  /** The program's clock when it was written; null for files. */
  atMs: number | null;
  sizeBytes: number;
  heapUsedBytes: number | null;
  status: 'loading' | 'ready';
  info: SnapshotInfo | null;
  /** Wall time from the start of the download (or file read) to the end of the dominators. */
  openMs: number | null;
}

/** The four steps a snapshot goes through before it can be compared. */
export type CapturePhase = 'writing' | 'transferring' | 'parsing' | 'dominators';
export const CAPTURE_PHASES: readonly CapturePhase[] = ['writing', 'transferring', 'parsing', 'dominators'];

export interface ProgressInfo {
  label: string;
  phase: CapturePhase;
  /** 0..1 within the phase; null when the phase has no measurable size. */
  fraction: number | null;
}

export type Comparison =
  | { kind: 'summary'; snapshotId: string; result: SummaryResult }
  | { kind: 'diff'; snapshotIds: string[]; diff: DiffResult; survivors: SurvivorsResult | null };

export type Retainers =
  | { status: 'loading'; className: string }
  /** `stepLines[path][step]`: the 1-based line of the learner's main.js a step's code starts on, or null. */
  | { status: 'ready'; className: string; snapshotLabel: string; result: RetainersResult; stepLines: (number | null)[][] }
  | { status: 'failed'; className: string; message: string };

/** A line the page shows above the snapshot tools: a refusal, a broken file, a failed fetch. */
export interface SnapshotMessage {
  level: 'info' | 'error';
  text: string;
}

export type SnapshotStoreListener = (store: SnapshotStore) => void;

/**
 * What the snapshot views show: the list, the progress of the one being opened, the comparison
 * or summary on screen, and the retainers of the selected class. Written only by the snapshot
 * controller; views subscribe and read.
 */
export class SnapshotStore {
  entries: SnapshotEntry[] = [];
  /** Ids ticked for Compare; Compare takes them in list order (oldest first). */
  picked: string[] = [];
  progress: ProgressInfo | null = null;
  /** A snapshot was asked of the runtime and has not arrived or failed yet. */
  isCapturing = false;
  /** Whether taking a snapshot is possible at all, and why not. */
  capability: { canSnapshot: boolean; reason: string | null } = { canSnapshot: false, reason: null };
  message: SnapshotMessage | null = null;
  comparison: Comparison | null = null;
  isComparing = false;
  selectedClass: string | null = null;
  retainers: Retainers | null = null;
  /** The lesson's leaking class, highlighted (never pinned) in tables. */
  readonly highlightClass: string | null;

  #listeners = new Set<SnapshotStoreListener>();
  #emitScheduled = false;

  constructor(highlightClass: string | null) {
    this.highlightClass = highlightClass;
  }

  subscribe(listener: SnapshotStoreListener): () => void {
    this.#listeners.add(listener);
    listener(this);
    return () => this.#listeners.delete(listener);
  }

  entry(id: string): SnapshotEntry | undefined {
    return this.entries.find((e) => e.id === id);
  }

  /** Applies a change and tells the views once, at the next microtask (progress comes fast). */
  update(change: (store: SnapshotStore) => void): void {
    change(this);
    if (this.#emitScheduled) return;
    this.#emitScheduled = true;
    queueMicrotask(() => {
      this.#emitScheduled = false;
      for (const listener of this.#listeners) listener(this);
    });
  }
}
