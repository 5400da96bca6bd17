/**
 * Memory figures as the probe reads them from `process.memoryUsage()`.
 * One sample is a plain row; the page and the verdict keep them in column arrays.
 */
export interface MemorySample {
  /** Milliseconds since the program started (the probe's clock). */
  atMs: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  rssBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
}

/**
 * The heap right after a major (mark-sweep-compact) GC: the "floor" the article says keeps
 * rising when a program leaks. `isForced` is true when the probe asked for the GC itself
 * because none had happened for a second.
 */
export interface FloorPoint {
  atMs: number;
  heapUsedBytes: number;
  externalBytes: number;
  arrayBuffersBytes: number;
  isForced: boolean;
}

/** The figures a verdict can be about. `handles` counts active libuv handles and requests. */
export type Figure = 'heapUsed' | 'external' | 'arrayBuffers' | 'rss' | 'handles';

export const FIGURES: readonly Figure[] = ['heapUsed', 'external', 'arrayBuffers', 'rss', 'handles'];
