import { z } from 'zod';
import { LOAD_METHODS, loadProfileShape } from './program.ts';

/**
 * A lesson's response check: requests sent to the learner's program while it runs under load,
 * and what each answer must be. It is what keeps "Check my fix" honest: a program that no longer
 * leaks because it no longer does its work (handler deleted, empty body, work dropped) fails here.
 * Written in the lesson's frontmatter (`check:`), sent by the page to the local runner, which
 * sends the requests and reports what came back (`responses-checked`).
 */
export const CHECK_LIMITS = {
  maxRequests: 10,
  maxPatternChars: 500,
  maxJsonFields: 20,
  /** An answer is read up to this many bytes; the patterns are matched on that much. */
  maxBodyBytes: 1024 * 1024,
  /** What of a body travels back to the page to be shown. */
  excerptChars: 2000,
  /** Per request; a handler that never answers fails after this. */
  requestTimeoutMs: 5000,
} as const;

/** A JavaScript regular expression's source (no flags); refused here if it does not compile. */
export const patternSchema = z.string({ error: 'must be a regular expression, as text' })
  .min(1, { error: 'must not be empty' })
  .max(CHECK_LIMITS.maxPatternChars, { error: `must be at most ${CHECK_LIMITS.maxPatternChars} characters` })
  .refine(compiles, { error: 'is not a valid regular expression' });

function compiles(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch (err) {
    if (err instanceof SyntaxError) return false;
    throw err;
  }
}

/** A pattern that is met by an empty body (one that does not compile is refused on its own field). */
function matchesEmpty(source: string): boolean {
  return compiles(source) && new RegExp(source).test('');
}

/** `$`, `$.name`, `$[0].cents`, `$.items[2]`: where in a JSON body a value is. */
export const JSON_PATH = /^\$(\.[A-Za-z_$][\w$-]*|\[\d{1,6}\])*$/;

export const JSON_TYPES = ['string', 'number', 'boolean', 'array', 'object', 'null'] as const;
export type JsonType = (typeof JSON_TYPES)[number];

/** What one value in a JSON answer must be; every key given must hold. */
export const jsonExpectationSchema = z.strictObject({
  type: z.enum(JSON_TYPES).optional().describe('The JSON type the value must have'),
  equals: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional().describe('The exact value'),
  matches: patternSchema.optional().describe('A pattern the value, as text, must match'),
  minItems: z.number().int().min(1).max(100_000).optional().describe('An array with at least this many items'),
}).refine((e) => Object.keys(e).length > 0, { error: 'must say something about the value: type, equals, matches or minItems' });
export interface JsonExpectation extends z.infer<typeof jsonExpectationSchema> {}

/** What one answer must be. */
export const responseExpectationSchema = z.strictObject({
  status: z.number().int().min(100).max(599).default(200).describe('The HTTP status'),
  body: patternSchema.optional()
    .describe('A pattern the body must match, anywhere unless anchored with ^ and $, e.g. ^ok\\n$'),
  json: z.record(
    z.string().regex(JSON_PATH, { error: 'must be a path like $, $.name or $[0].cents' }),
    jsonExpectationSchema,
  ).refine((fields) => {
    const n = Object.keys(fields).length;
    return n >= 1 && n <= CHECK_LIMITS.maxJsonFields;
  }, { error: `must name 1 to ${CHECK_LIMITS.maxJsonFields} paths` }).optional()
    .describe('The body is JSON and these paths hold these values'),
  headers: z.record(
    z.string().regex(/^[!#$%&'*+.^_`|~0-9a-z-]+$/, { error: 'a header name must be an HTTP token in lower case, e.g. content-type' }),
    patternSchema,
  ).optional().describe('Response headers (names in lower case) and a pattern each value must match'),
})
  // A status alone is met by a handler that answers with nothing at all.
  .refine((e) => e.body !== undefined || e.json !== undefined, { error: 'needs body or json: a status alone would pass a handler that returns nothing' })
  .refine((e) => e.body === undefined || !matchesEmpty(e.body), { error: 'has a body pattern that matches an empty body, so a handler that returns nothing would pass' });
export interface ResponseExpectation extends z.infer<typeof responseExpectationSchema> {}

/** One request of a check and what its answer must be. */
export const checkRequestSchema = z.strictObject({
  method: z.enum(LOAD_METHODS, { error: `must be one of ${LOAD_METHODS.join(', ')}` }).default('GET'),
  path: loadProfileShape.paths.element,
  headers: loadProfileShape.headers,
  body: loadProfileShape.body,
  expect: responseExpectationSchema,
});
export interface CheckRequest extends z.infer<typeof checkRequestSchema> {}

/** A lesson's whole check: sent in this order, one at a time. */
export const responseCheckSchema = z.array(checkRequestSchema)
  .min(1, { error: 'must hold at least one request' })
  .max(CHECK_LIMITS.maxRequests, { error: `may hold at most ${CHECK_LIMITS.maxRequests} requests` });

/** What came back for one request: an answer, or none (and why). */
export const gotResponseSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('response'),
    status: z.number(),
    /** The headers the expectation names, plus content-type; lower-case names. */
    headers: z.record(z.string(), z.string()),
    /** The start of the body, at most `CHECK_LIMITS.excerptChars` characters. */
    bodyExcerpt: z.string(),
    bodyBytes: z.number(),
    /** The body was longer than `CHECK_LIMITS.maxBodyBytes` and was matched on its start only. */
    isTruncated: z.boolean(),
  }),
  z.object({ kind: z.literal('no-response'), reason: z.string() }),
]);
export type GotResponse = z.infer<typeof gotResponseSchema>;

/** One request of a check as it went: asked, expected, got, and what was wrong (nothing: it passed). */
export const checkedResponseSchema = z.object({
  method: z.enum(LOAD_METHODS),
  path: z.string(),
  expect: responseExpectationSchema,
  got: gotResponseSchema,
  /** One sentence per way the answer differs from the expectation; empty when it is right. */
  problems: z.array(z.string()),
});
export interface CheckedResponse extends z.infer<typeof checkedResponseSchema> {}

/**
 * The outcome of a response check. `not-checked` says why no request could be sent and whose
 * doing that was: the program's (it never listened) fails a check, the runner's does not decide one.
 */
export const responseCheckOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('checked'), results: z.array(checkedResponseSchema) }),
  z.object({ kind: z.literal('not-checked'), blame: z.enum(['program', 'runner']), reason: z.string() }),
]);
export type ResponseCheckOutcome = z.infer<typeof responseCheckOutcomeSchema>;
