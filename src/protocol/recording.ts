import { z } from 'zod';
import { figureSchema, floorPointSchema, memorySampleSchema } from './samples.ts';
import { exitReasonSchema } from './run-events.ts';
import { parseWith, type Parsed } from './parse.ts';

/** Bumped when the shape changes; older files are refused with a "run npm run record" message. */
export const RECORDING_FORMAT = 1;

/** One class of a snapshot comparison (the top of `leaklab run --diff`). */
export const recordedClassDiffSchema = z.object({
  name: z.string(),
  countDelta: z.number(),
  sizeDelta: z.number(),
  addedRetainedSize: z.number(),
});
export type RecordedClassDiff = z.infer<typeof recordedClassDiffSchema>;

/** One program's run on real Node, as `npm run record` saved it. */
export const variantRecordingSchema = z.object({
  /** sha256 of what made the run (src/runtime/recorded/program-hash.ts); stale when the lesson changes. */
  programHash: z.string(),
  durationSec: z.number(),
  heapLimitBytes: z.number(),
  /** Each sample with its active-handle count. */
  samples: z.array(memorySampleSchema.extend({ activeHandles: z.number() })),
  floors: z.array(floorPointSchema),
  /** Cumulative requests answered, as the load driver reported them. */
  load: z.array(z.object({ atMs: z.number(), requests: z.number(), errors: z.number() })),
  /** The program's output, with the program-clock time each piece arrived; capped. */
  output: z.array(z.object({ atMs: z.number(), stream: z.enum(['stdout', 'stderr']), text: z.string() })),
  /**
   * The verdict when it was recorded. Recordings made before the verdict's numbers were renamed
   * carry floorSlopeBytesPerSec and bytesPerRequest instead of unit, slopePerSec and perRequest;
   * only verdict, figure and reason are read (the page judges the samples again itself).
   */
  verdict: z.object({
    verdict: z.enum(['leaking', 'flat', 'unknown']),
    figure: figureSchema,
    unit: z.enum(['bytes', 'handles']).optional(),
    slopePerSec: z.number().optional(),
    perRequest: z.number().nullable().optional(),
    floorSlopeBytesPerSec: z.number().optional(),
    bytesPerRequest: z.number().nullable().optional(),
    reason: z.string(),
  }),
  exit: z.object({ reason: exitReasonSchema, code: z.number().nullable(), signal: z.string().nullable(), message: z.string() }),
  /** Top classes by retained size added between a snapshot after warm-up and one at the end. */
  diff: z.object({ classes: z.array(recordedClassDiffSchema), note: z.string().optional() }).nullable(),
  /** Why there is no comparison (e.g. the program crashed before the second snapshot). */
  diffMissingReason: z.string().optional(),
});
export type VariantRecording = z.infer<typeof variantRecordingSchema>;

/** `public/recordings/<slug>.json`: one lesson's recorded runs. */
export const lessonRecordingSchema = z.object({
  format: z.literal(RECORDING_FORMAT),
  slug: z.string(),
  /** `process.version` of the Node that ran the programs. */
  nodeVersion: z.string(),
  recordedAt: z.string(),
  variants: z.object({ leaky: variantRecordingSchema.optional(), fixed: variantRecordingSchema.optional() }),
});
export type LessonRecording = z.infer<typeof lessonRecordingSchema>;

/** Checks a recording file's JSON; the problem says which field is wrong. */
export function parseLessonRecording(value: unknown): Parsed<LessonRecording> {
  const format = typeof value === 'object' && value !== null ? (value as { format?: unknown }).format : undefined;
  if (format !== RECORDING_FORMAT) return { ok: false, problem: `it is not a format-${RECORDING_FORMAT} recording (format ${JSON.stringify(format)})` };
  return parseWith(lessonRecordingSchema, value);
}
