import { z } from 'zod';
import { describeIssues, type Parsed } from './parse.ts';
import { PROGRAM_LIMITS } from './program.ts';

/**
 * A learner's progress: which lessons they opened, which fix checks they passed (when, and on
 * what evidence), and their edits. Kept in the browser's localStorage, and exported as a file
 * (`leaklab-progress-<date>.json`) to move to another machine or hand in an onboarding exercise.
 * The file is read back only through `parseProgressFile`, which refuses a foreign, broken or
 * newer file with a sentence saying which.
 */
export const PROGRESS_FORMAT = 'leaklab-progress';
export const PROGRESS_VERSION = 1;
export const PROGRESS_LIMITS = { maxLessons: 500, maxFileBytes: 32 * 1024 * 1024 } as const;

const isoTime = z.iso.datetime({ error: 'must be a date and time like 2026-12-07T09:30:00.000Z' });
const lessonSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, { error: 'must be a lesson folder name like 01-global-variables' });

/** What a passed check rested on, in a few numbers: enough to show beside the lesson and to hand in. */
export const checkSummarySchema = z.strictObject({
  verdict: z.enum(['leaking', 'flat', 'unknown']),
  figure: z.enum(['heapUsed', 'external', 'arrayBuffers', 'rss', 'handles']),
  /** Bytes/s (handles/s for handles). */
  slopePerSec: z.number(),
  bytesPerRequest: z.number().nullable(),
  seconds: z.number().int().positive(),
  requests: z.number().int().nonnegative(),
  /** The lesson's leaking class and its count delta between the check's snapshots; null when the lesson names none. */
  leakingClass: z.string().max(200).nullable(),
  classCountDelta: z.number().int().nullable(),
  responsesRight: z.number().int().nonnegative(),
  responsesTotal: z.number().int().nonnegative(),
});
export interface CheckSummary extends z.infer<typeof checkSummarySchema> {}

export const CHECK_OUTCOMES = ['passed', 'failed', 'undecided'] as const;

/** One lesson's progress. */
export const lessonProgressSchema = z.strictObject({
  openedAt: isoTime.describe('When the lesson was first opened'),
  lastOpenedAt: isoTime,
  /** The latest finished check, whatever it came to. */
  lastCheck: z.strictObject({ at: isoTime, outcome: z.enum(CHECK_OUTCOMES) }).optional(),
  /** The latest check that passed, with its evidence. */
  passed: z.strictObject({ at: isoTime, summary: checkSummarySchema }).optional(),
});
export interface LessonProgress extends z.infer<typeof lessonProgressSchema> {}

/** The learner's edit of a lesson's program, as `SavedEdits` keeps it (text null: the base unchanged). */
export const lessonEditSchema = z.strictObject({
  base: z.enum(['leaky', 'fixed']),
  text: z.string().max(PROGRAM_LIMITS.maxFileChars).nullable(),
});
export interface LessonEdit extends z.infer<typeof lessonEditSchema> {}

const lessonsOf = <T extends z.ZodType>(entry: T) => z.record(lessonSlug, entry)
  .refine((lessons) => Object.keys(lessons).length <= PROGRESS_LIMITS.maxLessons, { error: `may hold at most ${PROGRESS_LIMITS.maxLessons} lessons` });

/** What localStorage holds (edits live beside it, one key per lesson, in SavedEdits' keys). */
export const storedProgressSchema = z.strictObject({
  version: z.literal(PROGRESS_VERSION),
  lessons: lessonsOf(lessonProgressSchema),
});
export interface StoredProgress extends z.infer<typeof storedProgressSchema> {}

/** The exported file: the progress and the edits of every lesson, stamped with its format and version. */
export const progressFileSchema = z.strictObject({
  format: z.literal(PROGRESS_FORMAT),
  version: z.literal(PROGRESS_VERSION),
  exportedAt: isoTime,
  lessons: lessonsOf(z.strictObject({
    progress: lessonProgressSchema.optional(),
    edit: lessonEditSchema.optional(),
  })),
});
export interface ProgressFile extends z.infer<typeof progressFileSchema> {}

/**
 * A progress file's text, checked: not JSON, not a progress file, a newer version than this
 * Leak Lab reads, or a damaged one are each refused with a sentence a learner can act on.
 */
export function parseProgressFile(text: string): Parsed<ProgressFile> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return { ok: false, problem: `This file is not JSON (${err.message}), so it is not a Leak Lab progress file. Export one from Leak Lab's home page.` };
  }
  const head = typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {};
  if (head.format !== PROGRESS_FORMAT) {
    return { ok: false, problem: `This is not a Leak Lab progress file: it has no "format": "${PROGRESS_FORMAT}". Export one from Leak Lab's home page.` };
  }
  if (head.version !== PROGRESS_VERSION) {
    const isNewer = typeof head.version === 'number' && head.version > PROGRESS_VERSION;
    return {
      ok: false,
      problem: isNewer
        ? `This progress file is version ${head.version}; this Leak Lab reads version ${PROGRESS_VERSION}. Update Leak Lab, or open the file in the Leak Lab that wrote it.`
        : `This progress file has no version this Leak Lab knows (${JSON.stringify(head.version ?? null)}; it reads ${PROGRESS_VERSION}).`,
    };
  }
  const parsed = progressFileSchema.safeParse(value);
  if (!parsed.success) return { ok: false, problem: `This progress file is damaged, so nothing was imported: ${describeIssues(parsed.error.issues)}.` };
  return { ok: true, value: parsed.data };
}
