import { z } from 'zod';

/** What every parser in src/protocol/ answers: the message, or a sentence saying what is wrong with it. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** At most this many issues are named in a problem; the rest are counted. */
const MAX_ISSUES_NAMED = 3;

/**
 * Checks `value` against `schema` without throwing. The problem names each wrong field by its
 * path (`program.load.ratePerSec`), prefixed with `what` when given, so a person reading it
 * knows which field to fix.
 */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, what = ''): Parsed<T> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problem: describeIssues(result.error.issues, what) };
}

/** `a.b[2].c: message; d: message (and 3 more)`: zod's issues as one line. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], what = ''): string {
  const named = issues.slice(0, MAX_ISSUES_NAMED).map((issue) => {
    const where = fieldPath([...(what ? [what] : []), ...issue.path]);
    return where ? `${where}: ${issue.message}` : issue.message;
  });
  const more = issues.length > MAX_ISSUES_NAMED ? ` (and ${issues.length - MAX_ISSUES_NAMED} more)` : '';
  return `${named.join('; ')}${more}`;
}

/** `['program', 'files', 'main.js']` -> `program.files.main.js`; numbers become `[i]`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text ? `.${String(key)}` : String(key);
  }
  return text;
}

/** JSON text to a value, or the problem; the receivers of text frames start here. */
export function parseJsonText(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    if (err instanceof SyntaxError) return { ok: false, problem: 'The message is not JSON.' };
    throw err;
  }
}

/**
 * The error a discriminated union gives when no variant's `type` matches: it names the type that
 * came (a newer peer's message, a typo), not only the ones expected.
 */
export function unknownTypeError(what: string) {
  return (issue: z.core.$ZodRawIssue): string | undefined => {
    if (issue.code !== 'invalid_union') return undefined;
    const input = issue.input;
    const type = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
    return type === undefined ? `a ${what} needs a type` : `unknown ${what} type ${JSON.stringify(type)}`;
  };
}
