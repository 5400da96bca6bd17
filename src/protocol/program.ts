import { z } from 'zod';
import { figureSchema } from './samples.ts';
import { nodeFlagsSchema } from './node-flags.ts';

/** HTTP methods the load may send; the same list for lessons, the page and the CLI. */
export const LOAD_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * The load profile's limits, one set for every way a profile comes in. The whole profile travels
 * to the load driver in one environment variable (`LEAKLAB_LOAD`), and Linux refuses to start a
 * process with a single variable over 128 KiB (E2BIG), hence the cap on its JSON size.
 */
export const LOAD_LIMITS = {
  minRatePerSec: 1,
  maxRatePerSec: 2000,
  maxConnections: 64,
  maxPaths: 20,
  maxPathChars: 500,
  maxBodyChars: 64 * 1024,
  maxHeaders: 32,
  maxHeaderValueChars: 1024,
  maxProfileJsonChars: 96 * 1024,
} as const;

/** A whole number in [min, max], with the one message every receiver shows for it. */
export function wholeNumber(min: number, max: number): z.ZodNumber {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

// RFC 9110 token characters, lower case: the driver sends names as given, and two spellings of
// one header would be two headers.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
// CR or LF in a value would start another header (or the body) of every request.
const HEADER_VALUE = /^[^\r\n\0]*$/;

/** The load profile's fields, for schemas that carry a profile with more beside it (the driver's config). */
export const loadProfileShape = {
  paths: z.array(
    z.string().max(LOAD_LIMITS.maxPathChars, { error: `must be at most ${LOAD_LIMITS.maxPathChars} characters` })
      .startsWith('/', { error: 'must start with /, e.g. /users' }),
    { error: 'must be a list of paths' },
  ).min(1, { error: 'must name at least one path' }).max(LOAD_LIMITS.maxPaths, { error: `may name at most ${LOAD_LIMITS.maxPaths} paths` })
    .describe('Paths the load driver requests in turn, e.g. ["/", "/users/42"]'),
  ratePerSec: wholeNumber(LOAD_LIMITS.minRatePerSec, LOAD_LIMITS.maxRatePerSec).describe('HTTP requests per second across all connections'),
  connections: wholeNumber(1, LOAD_LIMITS.maxConnections).describe('Concurrent connections of the load driver'),
  method: z.enum(LOAD_METHODS, { error: `must be one of ${LOAD_METHODS.join(', ')}` }).describe('HTTP method of every request'),
  body: z.string({ error: 'must be text' }).max(LOAD_LIMITS.maxBodyChars, { error: `must be at most ${LOAD_LIMITS.maxBodyChars / 1024} KiB` }).optional()
    .describe('Body of every request, e.g. a JSON order for a POST route'),
  headers: z.record(
    z.string().regex(HEADER_NAME),
    z.string({ error: 'header values must be text' }).max(LOAD_LIMITS.maxHeaderValueChars, { error: `header values must be at most ${LOAD_LIMITS.maxHeaderValueChars} characters` })
      .regex(HEADER_VALUE, { error: 'header values may not hold line breaks' }),
    { error: (issue) => (issue.code === 'invalid_key' ? "a header name must be an HTTP token in lower case, e.g. content-type" : 'must map header names to values') },
  ).refine((h) => Object.keys(h).length <= LOAD_LIMITS.maxHeaders, { error: `may hold at most ${LOAD_LIMITS.maxHeaders} headers` }).optional()
    .describe('Extra request headers, names in lower case'),
};

export const fitsTheDriver = (profile: object): boolean => JSON.stringify(profile).length <= LOAD_LIMITS.maxProfileJsonChars;
export const tooBigForTheDriver = {
  error: `is more than ${LOAD_LIMITS.maxProfileJsonChars / 1024} KiB as JSON, more than the load driver can be handed; use a shorter body`,
};

/** HTTP load the load driver sends at the program while it runs. */
export const loadProfileSchema = z.strictObject(loadProfileShape).refine(fitsTheDriver, tooBigForTheDriver);
export interface LoadProfile extends z.infer<typeof loadProfileSchema> {}

/**
 * The same profile as a lesson's frontmatter writes it: rate, connections and method may be left
 * out. The limits are the ones above; only the defaults are added.
 */
export const lessonLoadSchema = z.strictObject({
  ...loadProfileShape,
  ratePerSec: loadProfileShape.ratePerSec.default(200).describe('HTTP requests per second during a run'),
  connections: loadProfileShape.connections.default(4).describe('Concurrent connections of the load driver'),
  method: loadProfileShape.method.default('GET').describe('HTTP method of every request (GET unless the lesson says otherwise)'),
}).refine(fitsTheDriver, tooBigForTheDriver);

/** What the program may do beyond reading its own folder (Node's permission model). */
export const permissionsSchema = z.object({
  childProcess: z.boolean(),
  worker: z.boolean(),
  addons: z.boolean(),
  /** Extra paths, relative to the run folder, that the program may write. */
  fsWrite: z.array(z.string().max(500)).max(10),
});
export interface Permissions extends z.infer<typeof permissionsSchema> {}

/** Limits on a program sent over the socket; programs are small text files. */
export const PROGRAM_LIMITS = { maxFiles: 16, maxFileChars: 200_000 } as const;

/** The V8 old-space cap a run may ask for (`--max-old-space-size`), in MiB. */
export const HEAP_CAP_MIB = { min: 16, max: 4096 } as const;

/**
 * Everything a runtime needs to start a learner's program. Built by the page from a lesson
 * (or by the CLI from a lesson folder or a plain file); the runtime never reads lessons itself.
 */
export const programSpecSchema = z.object({
  /** The lesson it came from, if any (`01-global-variables`); used for labels and recordings. */
  lessonSlug: z.string().max(100).optional(),
  /** Which of the lesson's programs this is: the learner's edit counts as `custom`. */
  variant: z.enum(['leaky', 'fixed', 'custom']),
  /** File name -> text. `entry` must be one of them. */
  files: z.record(z.string(), z.string().max(PROGRAM_LIMITS.maxFileChars, { error: `must be at most ${PROGRAM_LIMITS.maxFileChars} characters` }))
    .refine((files) => { const n = Object.keys(files).length; return n >= 1 && n <= PROGRAM_LIMITS.maxFiles; }, { error: `must hold 1 to ${PROGRAM_LIMITS.maxFiles} files` }),
  entry: z.string().max(100),
  moduleType: z.enum(['commonjs', 'module']),
  /** Absent: the program is not an HTTP server and gets no load. */
  load: loadProfileSchema.optional(),
  /** The figure whose growth shows the leak. */
  figure: figureSchema,
  /** npm packages the program imports; resolved from the project's node_modules. */
  dependencies: z.array(z.string().max(500)).max(20),
  permissions: permissionsSchema,
  /** Extra node flags (e.g. `--trace-gc`), from the allow-list in node-flags.ts. */
  nodeFlags: nodeFlagsSchema,
  /** V8 old-space cap for the run (`--max-old-space-size`), in MiB. */
  heapCapMiB: wholeNumber(HEAP_CAP_MIB.min, HEAP_CAP_MIB.max),
});
export interface ProgramSpec extends z.infer<typeof programSpecSchema> {}
