import { z } from 'zod';
import { lessonLoadSchema } from '../protocol/program.ts';
import { nodeFlagsSchema } from '../protocol/node-flags.ts';
import { responseCheckSchema } from '../protocol/response-check.ts';

/**
 * The lesson frontmatter schema, defined once. Astro's content collection (src/content.config.ts)
 * and the Node side (CLI, runner, tests: src/lessons/read-lesson.ts) both validate with it, through
 * parseLessonFrontmatter (src/lessons/frontmatter-problems.ts), so a lesson that builds is a lesson
 * the CLI can run, and a bad one gets the same sentences in both.
 *
 * Every object is strict: a misspelt key (`leakingclass:`) is an error, not a field silently
 * dropped. Every field's description reads after "<field> is" and is shown as the hint when that
 * field is wrong.
 */
/** The load part of the frontmatter: the one load-profile validator (src/protocol/program.ts) with its defaults. */
export const loadSchema = lessonLoadSchema;

export const permissionsSchema = z.strictObject({
  childProcess: z.boolean().default(false).describe('whether the program may spawn child processes (true or false)'),
  worker: z.boolean().default(false).describe('whether the program may start worker threads (true or false)'),
  addons: z.boolean().default(false).describe('whether the program may load native addons (true or false)'),
  fsWrite: z.array(z.string()).default([]).describe('a list of extra paths under the run folder the program may write'),
});

/** The parts of the path, in reading order: the home page's sections and the order lessons go in. */
export const LESSON_PARTS = ['basics', 'patterns', 'methods', 'beyond', 'mysteries'] as const;
export type LessonPart = (typeof LESSON_PARTS)[number];

const OUTCOMES = ['leaking', 'flat', 'crash', 'none'] as const;

/** A slide holds about this much; a longer takeaway is a paragraph, not a takeaway. */
export const MAX_TAKEAWAY_CHARS = 160;

const oneLine = (field: string) => (text: string, ctx: z.RefinementCtx): void => {
  if (/[\r\n]/.test(text.trim())) {
    ctx.addIssue({ code: 'custom', message: `${field} is more than one line. Put it on one line (in YAML, a plain or quoted string, not a | block).` });
  }
};

export const lessonSchema = z.strictObject({
  title: z.string().min(1).describe('the lesson\'s heading, on its page and in the lesson list'),
  summary: z.string().min(1).describe('one or two sentences under the title and in the lesson list'),
  takeaway: z.string().trim().min(1).max(MAX_TAKEAWAY_CHARS).superRefine(oneLine('takeaway'))
    .describe(`the lesson in one line, what a speaker puts on a slide (at most ${MAX_TAKEAWAY_CHARS} characters); shown at the end of the lesson`),
  predict: z.string().trim().min(1).optional()
    .describe('a short "predict the chart" question shown above the playground, asked before the learner presses Run; required when the lesson has a program to run'),
  part: z.enum(LESSON_PARTS).describe(`where the lesson sits in the path: ${LESSON_PARTS.join(', ')}`),
  order: z.number().int().positive()
    .describe('the place in the reading order (home page, prev/next links), a whole number unique across lessons; not the folder prefix, which stays as the URL'),
  moduleType: z.enum(['commonjs', 'module']).describe('how leaky.js and fixed.js are loaded: commonjs (require) or module (import)'),
  figure: z.enum(['heapUsed', 'external', 'arrayBuffers', 'rss', 'handles']).default('heapUsed')
    .describe('the figure whose floor shows the leak, and the one the verdict judges'),
  leakingClass: z.string().optional()
    .describe('the class a snapshot comparison shows growing in leaky.js and not in fixed.js, as DevTools names it (e.g. AuditRecord or "(sliced string)")'),
  load: loadSchema.optional().describe('the HTTP load during a run (paths, ratePerSec, connections, method); absent for programs that are not servers'),
  durationSec: z.number().int().positive().max(120).default(10).describe('how long a check run lasts, in seconds (1 to 120)'),
  heapCapMiB: z.number().int().min(16).max(4096).default(256).describe('the heap cap of a run in MiB, passed as --max-old-space-size (16 to 4096)'),
  dependencies: z.array(z.string()).default([]).describe('the npm packages the programs import, as a list of names'),
  permissions: permissionsSchema.default({ childProcess: false, worker: false, addons: false, fsWrite: [] })
    .describe('what the program may do beyond reading and writing its run folder (childProcess, worker, addons, fsWrite)'),
  nodeFlags: nodeFlagsSchema.default([]).describe('a list of extra node flags for the run, from the allow-list in src/protocol/node-flags.ts'),
  runtimes: z.array(z.enum(['local', 'webcontainer', 'recorded'])).default(['local', 'webcontainer', 'recorded'])
    .describe('the runtimes the lesson can run on: a list of local, webcontainer and recorded'),
  check: responseCheckSchema.optional()
    .describe('the requests "Check my fix" sends to the running program, as a list of { method, path, expect: { status, body, json, headers } }; without it each load path must answer 200 with a body'),
  expect: z.strictObject({
    leaky: z.enum(OUTCOMES).default('leaking').describe(`the truth check's verdict for leaky.js: ${OUTCOMES.join(', ')}`),
    fixed: z.enum(OUTCOMES).default('flat').describe(`the truth check's verdict for fixed.js: ${OUTCOMES.join(', ')}`),
  }).default({ leaky: 'leaking', fixed: 'flat' }).describe('what the truth check expects of each program (leaky and fixed)'),
}).superRefine((lesson, ctx) => {
  // A prediction is only asked for where pressing Run shows a trend to predict.
  const hasTrend = lesson.expect.leaky !== 'none' || lesson.expect.fixed !== 'none';
  if (hasTrend && lesson.predict === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['predict'],
      message: `predict is missing, and this lesson has a program to run (expect: leaky ${lesson.expect.leaky}, fixed ${lesson.expect.fixed}). Add a one- or two-sentence question the learner answers before pressing Run, e.g. "Which line will climb, and by about how much per request?"`,
    });
  }
});

export type LessonFrontmatter = z.infer<typeof lessonSchema>;
