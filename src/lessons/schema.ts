import { z } from 'zod';

/**
 * The lesson frontmatter schema, defined once. Astro's content collection (src/content.config.ts)
 * and the Node side (CLI, runner, tests: src/lessons/read-lesson.ts) both validate with it, so a
 * lesson that builds is a lesson the CLI can run.
 */
export const loadSchema = z.object({
  paths: z.array(z.string().startsWith('/')).min(1).describe('Paths the load driver requests in turn'),
  ratePerSec: z.number().int().positive().max(2000).default(200).describe('HTTP requests per second during a run'),
  connections: z.number().int().positive().max(64).default(4).describe('Concurrent connections of the load driver'),
  method: z.enum(['GET', 'POST']).default('GET'),
});

export const permissionsSchema = z.object({
  childProcess: z.boolean().default(false).describe('May spawn child processes'),
  worker: z.boolean().default(false).describe('May start worker threads'),
  addons: z.boolean().default(false).describe('May load native addons'),
  fsWrite: z.array(z.string()).default([]).describe('Extra paths under the run folder the program may write'),
});

/** The parts of the path, in reading order: the home page's sections and the order lessons go in. */
export const LESSON_PARTS = ['basics', 'patterns', 'methods', 'beyond', 'mysteries'] as const;
export type LessonPart = (typeof LESSON_PARTS)[number];

export const lessonSchema = z.object({
  title: z.string().min(1),
  summary: z.string().min(1).describe('One or two sentences for the lesson list'),
  takeaway: z.string().min(1).optional().describe('One line a speaker puts on a slide'),
  predict: z.string().min(1).optional().describe('A short "predict the chart before you press Run" prompt'),
  part: z.enum(LESSON_PARTS).describe('Where the lesson sits in the path'),
  order: z.number().int().positive()
    .describe('Place in the reading order (home page, prev/next links), unique across lessons; not the folder prefix, which stays as the URL'),
  moduleType: z.enum(['commonjs', 'module']).describe('How leaky.js and fixed.js are loaded'),
  figure: z.enum(['heapUsed', 'external', 'arrayBuffers', 'rss', 'handles']).default('heapUsed')
    .describe('The figure that shows the leak'),
  leakingClass: z.string().optional().describe('The class a snapshot comparison shows growing'),
  load: loadSchema.optional().describe('HTTP load during a run; absent for programs that are not servers'),
  durationSec: z.number().int().positive().max(120).default(10).describe('How long a check run lasts'),
  heapCapMb: z.number().int().min(16).max(4096).default(256).describe('--max-old-space-size for the run'),
  dependencies: z.array(z.string()).default([]).describe('npm packages the example imports'),
  permissions: permissionsSchema.default({ childProcess: false, worker: false, addons: false, fsWrite: [] }),
  nodeFlags: z.array(z.string()).default([]).describe('Extra node flags, from the runner allow-list'),
  runtimes: z.array(z.enum(['local', 'webcontainer', 'recorded'])).default(['local', 'webcontainer', 'recorded'])
    .describe('Runtimes the lesson can run on'),
  expect: z.object({
    leaky: z.enum(['leaking', 'flat', 'crash', 'none']).default('leaking'),
    fixed: z.enum(['leaking', 'flat', 'crash', 'none']).default('flat'),
  }).default({ leaky: 'leaking', fixed: 'flat' }).describe('What the truth check expects of each program'),
});

export type LessonFrontmatter = z.infer<typeof lessonSchema>;
