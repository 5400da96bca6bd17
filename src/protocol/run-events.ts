import { z } from 'zod';
import { floorPointSchema, memorySampleSchema } from './samples.ts';
import { unknownTypeError } from './parse.ts';
import { allocProfileSchema } from './probe-messages.ts';
import { responseCheckOutcomeSchema } from './response-check.ts';

/** Why a run ended. */
export const EXIT_REASONS = [
  'exited',       // the program ended by itself (code and signal say how)
  'stopped',      // the learner pressed Stop
  'replaced',     // a new run started
  'wall-time',    // ran past the wall-time cap
  'rss-cap',      // memory outside the heap passed its limit
  'heap-cap',     // V8 reached its heap limit ("FATAL ERROR: Reached heap limit")
  'output-cap',   // printed more than the total output cap
  'disconnected', // the page went away
  'shutdown',     // the server is shutting down
  'failed',       // could not start
] as const;
export const exitReasonSchema = z.enum(EXIT_REASONS);
export type ExitReason = z.infer<typeof exitReasonSchema>;

/** A snapshot the runtime has made available to the page. */
export const snapshotRefSchema = z.object({
  snapshotId: z.string(),
  /** Where the page fetches the bytes (runner-relative URL, token-checked). */
  url: z.string(),
  sizeBytes: z.number(),
  /** The program's clock when it was written, so the chart can mark it. */
  atMs: z.number(),
  heapUsedBytes: z.number(),
});
export interface SnapshotRef extends z.infer<typeof snapshotRefSchema> {}

/** What a file the program wrote is, by its name: what the page can open, and what it can only download. */
export const PROGRAM_FILE_KINDS = ['heapsnapshot', 'heapprofile', 'cpuprofile', 'report', 'other'] as const;
export const programFileKindSchema = z.enum(PROGRAM_FILE_KINDS);
export type ProgramFileKind = z.infer<typeof programFileKindSchema>;

/** A file the program wrote during its run (a `--heap-prof` profile, a report, its own output). */
export const programFileSchema = z.object({
  /** The runner's name for it in `url`; never a path. */
  fileId: z.string(),
  /** Its path inside the run folder as the program named it, `/`-separated: for reading, never for opening. */
  name: z.string(),
  sizeBytes: z.number(),
  kind: programFileKindSchema,
  /** Where the page downloads it (runner-relative, token-checked) while the runner keeps it; absent when it is not kept. */
  url: z.string().optional(),
  /** Where it is on disk, for a program of the user's own, whose files stay where it wrote them. */
  path: z.string().optional(),
  /** Why it is not downloadable (too big, removed with the run folder), in words. */
  note: z.string().optional(),
});
export interface ProgramFile extends z.infer<typeof programFileSchema> {}

/** Where a run's figures come from: real V8, a stand-in that only roughly follows, none, or a replay. */
export const figuresAreSchema = z.enum(['v8', 'approximate', 'unavailable', 'recorded']);
export type FiguresAre = z.infer<typeof figuresAreSchema>;

export const noticeLevelSchema = z.enum(['info', 'warn', 'error']);
export type NoticeLevel = z.infer<typeof noticeLevelSchema>;

/**
 * Everything a runtime tells the page about a run. The local runner, the WebContainer runtime
 * and recordings all emit exactly these; the page never knows which runtime produced them.
 */
export const runEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), runId: z.string(), pid: z.number(), nodeVersion: z.string(), heapLimitBytes: z.number(), figuresAre: figuresAreSchema }),
  z.object({ type: z.literal('output'), stream: z.enum(['stdout', 'stderr']), text: z.string() }),
  z.object({ type: z.literal('sample'), sample: memorySampleSchema, activeHandles: z.number() }),
  z.object({ type: z.literal('floor'), floor: floorPointSchema }),
  /**
   * The load has connected to the program and is under way, at this rate to these paths (once
   * per load driver). A headless run times its `seconds` from here; a `notice` with code
   * `load-started` says the same in words for the terminal.
   */
  z.object({ type: z.literal('load-ready'), target: z.string(), ratePerSec: z.number(), paths: z.array(z.string()) }),
  z.object({ type: z.literal('load'), requests: z.number(), errors: z.number(), atMs: z.number() }),
  z.object({ type: z.literal('notice'), level: noticeLevelSchema, code: z.string(), text: z.string() }),
  z.object({
    type: z.literal('snapshot-progress'), phase: z.enum(['writing', 'transferring']), loadedBytes: z.number().optional(), totalBytes: z.number().optional(),
    /** With `writing`, the capture planner's estimate (src/runner/capture-plan.ts): file size, time, and the memory V8 needs to write it. */
    estimate: z.object({ sizeBytes: z.number(), writeMs: z.number(), extraMemoryBytes: z.number() }).optional(),
  }),
  z.object({ type: z.literal('snapshot-ready'), snapshot: snapshotRefSchema }),
  z.object({ type: z.literal('snapshot-failed'), reason: z.string() }),
  /**
   * The files the program wrote in its run folder, once it has ended (just before `exited`, and
   * only when it wrote any). The runner keeps the downloadable ones for `keptForMs` or until the
   * page lets go of them (`release-files`, or closing).
   */
  z.object({ type: z.literal('artifacts'), runId: z.string(), files: z.array(programFileSchema), moreFiles: z.number(), keptForMs: z.number().nullable() }),
  /**
   * The program's sampling heap profile (allocation sites on): what is alive, by the stack that
   * allocated it. Two of them apart in time give the growth per stack (src/analyzer/profile/site-growth.ts).
   */
  z.object({ type: z.literal('alloc-profile'), profile: allocProfileSchema }),
  /** The answer to the page's `check-responses`: what the program answered to a lesson's check requests. */
  z.object({ type: z.literal('responses-checked'), runId: z.string(), outcome: responseCheckOutcomeSchema }),
  z.object({ type: z.literal('exited'), runId: z.string(), reason: exitReasonSchema, code: z.number().nullable(), signal: z.string().nullable(), message: z.string() }),
], { error: unknownTypeError('run event') });
export type RunEvent = z.infer<typeof runEventSchema>;

/** One kind of run event, e.g. `RunEventOf<'exited'>`. */
export type RunEventOf<T extends RunEvent['type']> = Extract<RunEvent, { type: T }>;
