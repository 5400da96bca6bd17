import type { FloorPoint, MemorySample } from './samples.ts';

/** Why a run ended. */
export type ExitReason =
  | 'exited'      // the program ended by itself (code and signal say how)
  | 'stopped'     // the learner pressed Stop
  | 'replaced'    // a new Run started
  | 'wall-time'   // ran past the wall-time cap
  | 'rss-cap'     // memory outside the heap passed its limit
  | 'heap-cap'    // V8 reached its heap limit (the article's FATAL ERROR)
  | 'output-cap'  // printed more than the total output cap
  | 'disconnected'// the page went away
  | 'shutdown'    // the server is shutting down
  | 'failed';     // could not start

/** A snapshot the runtime has made available to the page. */
export interface SnapshotRef {
  snapshotId: string;
  /** Where the page fetches the bytes (runner-relative URL, token-checked). */
  url: string;
  sizeBytes: number;
  /** The program's clock when it was written, so the chart can mark it. */
  atMs: number;
  heapUsedBytes: number;
}

/**
 * Everything a runtime tells the page about a run. Both runtimes emit exactly these; the page
 * (session store) never knows which runtime produced them.
 */
export type RunEvent =
  | { type: 'started'; runId: string; pid: number; nodeVersion: string; heapLimitBytes: number; figuresAre: 'v8' | 'approximate' | 'unavailable' | 'recorded' }
  | { type: 'output'; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'sample'; sample: MemorySample; activeHandles: number }
  | { type: 'floor'; floor: FloorPoint }
  | { type: 'load'; requests: number; errors: number; atMs: number }
  | { type: 'notice'; level: 'info' | 'warn' | 'error'; code: string; text: string }
  | { type: 'snapshot-progress'; phase: 'writing' | 'transferring'; loadedBytes?: number; totalBytes?: number }
  | { type: 'snapshot-ready'; snapshot: SnapshotRef }
  | { type: 'snapshot-failed'; reason: string }
  | { type: 'exited'; runId: string; reason: ExitReason; code: number | null; signal: string | null; message: string };
