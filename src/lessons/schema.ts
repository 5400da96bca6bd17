import { z } from 'zod';
import { lessonLoadSchema } from '../protocol/program.ts';
import { responseCheckSchema } from '../protocol/response-check.ts';

/**
 * The lesson frontmatter schema, defined once. Astro's content collection (src/content.config.ts)
 * and the Node side (CLI, runner, tests: src/lessons/read-lesson.ts) both validate with it, so a
 * lesson that builds is a lesson the CLI can run.
 */
/** The load part of the frontmatter: the one load-profile validator (src/protocol/program.ts) with its defaults. */
export const loadSchema = lessonLoadSchema;

export const permissionsSchema = z.object({
  childProcess: z.boolean().default(false).describe('May spawn child processes'),
  worker: z.boolean().default(false).describe('May start worker threads'),
  addons: z.boolean().default(false).describe('May load native addons'),
  fsWrite: z.array(z.string()).default([]).describe('Extra paths under the run folder the program may write'),
});

/** The parts of the path, in reading order: the home page's sections and the order lessons go in. */
export const LESSON_PARTS = ['basics', 'patterns', 'methods', 'beyond'] as const;
export type LessonPart = (typeof LESSON_PARTS)[number];

export const lessonSchema = z.object({
  title: z.string().min(1),
  summary: z.string().min(1).describe('One or two sentences for the lesson list'),
  part: z.enum(LESSON_PARTS).describe('Where the lesson sits in the path'),
  order: z.number().int().positive()
    .describe('Place in the reading order (home page, prev/next links), unique across lessons; not the folder prefix, which stays as the URL'),
  moduleType: z.enum(['commonjs', 'module']).describe('How leaky.js and fixed.js are loaded'),
  figure: z.enum(['heapUsed', 'external', 'arrayBuffers', 'rss', 'handles']).default('heapUsed')
    .describe('The figure that shows the leak'),
  leakingClass: z.string().optional().describe('The class a snapshot comparison shows growing'),
  load: loadSchema.optional().describe('HTTP load during a run; absent for programs that are not servers'),
  durationSec: z.number().int().positive().max(120).default(10).describe('How long a check run lasts'),
  heapCapMiB: z.number().int().min(16).max(4096).default(256).describe('V8 old-space cap for the run (--max-old-space-size), in MiB'),
  dependencies: z.array(z.string()).default([]).describe('npm packages the example imports'),
  permissions: permissionsSchema.default({ childProcess: false, worker: false, addons: false, fsWrite: [] }),
  nodeFlags: z.array(z.string()).default([]).describe('Extra node flags, from the runner allow-list'),
  runtimes: z.array(z.enum(['local', 'webcontainer', 'recorded'])).default(['local', 'webcontainer', 'recorded'])
    .describe('Runtimes the lesson can run on'),
  check: responseCheckSchema.optional()
    .describe('"Check my fix": requests sent to the running program and what each answer must be; without it each load path must answer 200 with a body'),
  expect: z.object({
    leaky: z.enum(['leaking', 'flat', 'crash', 'none']).default('leaking'),
    fixed: z.enum(['leaking', 'flat', 'crash', 'none']).default('flat'),
  }).default({ leaky: 'leaking', fixed: 'flat' }).describe('What the truth check expects of each program'),
});

export type LessonFrontmatter = z.infer<typeof lessonSchema>;
