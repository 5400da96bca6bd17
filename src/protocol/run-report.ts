import { z } from 'zod';
import { figureSchema } from './samples.ts';
import { exitReasonSchema, programFileKindSchema } from './run-events.ts';
import { parseJsonText, parseWith, type Parsed } from './parse.ts';
import type { DiffResult } from './query-results.ts';
import type { AllocationGrowthResult } from './allocation-results.ts';

/**
 * Bumped when a field of `leaklab run --json` changes meaning or goes away; new fields may be
 * added without it. CI scripts can refuse a format they do not know.
 */
export const RUN_REPORT_FORMAT = 2;
// Format 2: the verdict's numbers are per second in `unit` (slopePerSec, perRequest) with their
// intervals; format 1's floorSlopeBytesPerSec and bytesPerRequest are gone.

const verdictKindSchema = z.enum(['leaking', 'flat', 'unknown']);
const unitSchema = z.enum(['bytes', 'handles']);

/** The verdict's numbers, for the run and for each figure. */
const verdictNumbers = {
  unit: unitSchema,
  /** Theil-Sen slope of the figure's floor over the judged window, per second in `unit`. */
  slopePerSec: z.number(),
  /** The slope's 95 % interval, widened for the floors' autocorrelation; null when unbounded. */
  slopeLowerBoundPerSec: z.number().nullable(),
  slopeUpperBoundPerSec: z.number().nullable(),
  /** The same per request; null without load. */
  perRequest: z.number().nullable(),
  perRequestLowerBound: z.number().nullable(),
  perRequestUpperBound: z.number().nullable(),
  requestsPerSec: z.number().nullable(),
  /** Seconds of load (of run, without load) when this verdict was reached; null while unknown. */
  decidedAfterSec: z.number().nullable(),
  /** While unknown: about how many more seconds would most likely decide it. */
  moreSecondsNeeded: z.number().nullable(),
};

/** One judged figure of the run (the verdict weighs them all). */
export const figureReportSchema = z.object({
  figure: figureSchema,
  verdict: verdictKindSchema,
  ...verdictNumbers,
  /** The run's practical minimum: a rise under it is never called a leak, and flat means surely under flatUnderPerSec. */
  leakAtLeastPerSec: z.number(),
  flatUnderPerSec: z.number(),
  /** Points in the judged window, and its span. */
  points: z.number(),
  windowSec: z.number(),
});
export type FigureReport = z.infer<typeof figureReportSchema>;

const classDiffSchema = z.object({ name: z.string(), added: z.number(), removed: z.number(), countDelta: z.number(), sizeDelta: z.number(), addedRetainedSize: z.number() });
const collectionGrowthSchema = z.object({ kind: z.string(), className: z.string(), nodeId: z.number(), counts: z.array(z.number().nullable()), retainedSize: z.number(), path: z.string() });
/** `leaklab run --diff`'s comparison: the same shape as `leaklab diff a b --json`. */
export const diffReportSchema = z.object({
  classes: z.array(classDiffSchema),
  collections: z.array(collectionGrowthSchema),
  matching: z.enum(['by-id', 'by-class-count']),
  idOverlap: z.number(),
  note: z.string().optional(),
});

const stackFrameSchema = z.object({
  functionName: z.string(),
  url: z.string(),
  line: z.number(),
  column: z.number(),
  origin: z.enum(['app', 'node-modules', 'node-internal', 'native']),
  generated: z.object({ url: z.string(), line: z.number(), column: z.number() }).optional(),
});
const siteGrowthSchema = z.object({
  /** The allocating frame as `file:line:column function`, the line to look at first. */
  site: z.string(),
  stack: z.array(stackFrameSchema),
  bytesBefore: z.number(),
  bytesAfter: z.number(),
  bytesGrown: z.number(),
  samplesBefore: z.number(),
  samplesAfter: z.number(),
  bytesPerSec: z.number(),
  samplesPerSec: z.number(),
  bytesPerRequest: z.number().nullable(),
  samplesPerRequest: z.number().nullable(),
  isAboveNoise: z.boolean(),
});
/**
 * The run's allocation sites (on for lessons, `--alloc-sites` for your own program): the call
 * paths whose live memory grew between a profile after the warm-up and one at the end, from V8's
 * sampling heap profiler; or why there are none.
 */
export const allocationSitesReportSchema = z.union([
  z.object({
    /** The profiler sees the JS heap: the figure these sites are about. */
    figure: z.literal('heapUsed'),
    fromMs: z.number(),
    toMs: z.number(),
    requests: z.number().nullable(),
    intervalBytes: z.number(),
    totalBytesBefore: z.number(),
    totalBytesAfter: z.number(),
    isFolded: z.boolean(),
    sites: z.array(siteGrowthSchema),
    /** Said when the verdict is about another figure than the one the profiler sees. */
    note: z.string().optional(),
  }),
  z.object({ missingReason: z.string() }),
]);
export type AllocationSitesReport = z.infer<typeof allocationSitesReportSchema>;

/** `leaklab run --json`: the verdict, the evidence behind it, and how the run ended. */
export const runReportSchema = z.object({
  format: z.literal(RUN_REPORT_FORMAT),
  verdict: verdictKindSchema,
  /** The figure the verdict is about: the leaking one, else the lesson's (or heapUsed). */
  figure: figureSchema,
  ...verdictNumbers,
  /** A leak seen earlier in the run that then stopped. */
  stoppedLeak: z.object({ figure: figureSchema, fromSec: z.number(), untilSec: z.number(), slopePerSec: z.number(), perRequest: z.number().nullable() }).nullable(),
  /** Requests the load had answered when the run ended. */
  requests: z.number(),
  samples: z.number(),
  floors: z.number(),
  reason: z.string(),
  perFigure: z.array(figureReportSchema),
  loadErrors: z.number(),
  nodeVersion: z.string().nullable(),
  exit: z.object({ reason: exitReasonSchema, code: z.number().nullable(), signal: z.string().nullable(), message: z.string() }),
  /**
   * The files the program wrote in its run folder (or, for your own program, in its working
   * folder): `at` is where each is after the run (`--keep-files DIR`, or where your program
   * wrote it), null when it went with the run folder. Absent in reports of older versions.
   */
  files: z.array(z.object({ name: z.string(), sizeBytes: z.number(), kind: programFileKindSchema, at: z.string().nullable(), note: z.string().optional() })).optional(),
  /** With `--diff`, when both snapshots were written and compared. */
  diff: diffReportSchema.optional(),
  /** With allocation sites on (lessons by default, `--alloc-sites`). */
  allocationSites: allocationSitesReportSchema.optional(),
});
export type RunReport = z.infer<typeof runReportSchema>;

// The analyzer's DiffResult must fit the report's diff, or the CLI could print what readers refuse.
const diffFitsTheReport = (d: DiffResult): z.infer<typeof diffReportSchema> => d;
void diffFitsTheReport;
const growthFitsTheReport = (g: AllocationGrowthResult, site: (s: AllocationGrowthResult['sites'][number]) => string): AllocationSitesReport =>
  ({ ...g, figure: 'heapUsed', sites: g.sites.map((s) => ({ ...s, site: site(s) })) });
void growthFitsTheReport;

/** `leaklab run --json`'s stdout, as a CI script or a test reads it. */
export function parseRunReport(stdout: string): Parsed<RunReport> {
  const json = parseJsonText(stdout);
  return json.ok ? parseWith(runReportSchema, json.value, 'report') : json;
}
