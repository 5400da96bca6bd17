import { z } from 'zod';

// zod 4's number() refuses NaN and Infinity, so every figure below is a finite number.

/**
 * Memory figures as the probe reads them from `process.memoryUsage()`.
 * One sample is a plain row; the page and the verdict keep them in column arrays.
 */
export const memorySampleSchema = z.object({
  /** Milliseconds since the program started (the probe's clock). */
  atMs: z.number(),
  heapUsedBytes: z.number(),
  heapTotalBytes: z.number(),
  rssBytes: z.number(),
  externalBytes: z.number(),
  arrayBuffersBytes: z.number(),
});
export interface MemorySample extends z.infer<typeof memorySampleSchema> {}

/**
 * The heap right after a major (mark-sweep-compact) GC: the "floor" that keeps rising when a
 * program leaks (README, "How the verdict works"). `isForced` is true when the probe asked for
 * the GC itself because none had happened for a second.
 */
export const floorPointSchema = z.object({
  atMs: z.number(),
  heapUsedBytes: z.number(),
  externalBytes: z.number(),
  arrayBuffersBytes: z.number(),
  isForced: z.boolean(),
});
export interface FloorPoint extends z.infer<typeof floorPointSchema> {}

/** The figures a verdict can be about. `handles` counts active libuv handles and requests. */
export const FIGURES = ['heapUsed', 'external', 'arrayBuffers', 'rss', 'handles'] as const;
export const figureSchema = z.enum(FIGURES);
export type Figure = z.infer<typeof figureSchema>;
