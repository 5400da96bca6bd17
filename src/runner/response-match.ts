import type { JsonExpectation, JsonType, ResponseExpectation } from '../protocol/response-check.ts';

/** An answer as the runner read it, the body whole (up to the read cap). */
export interface ReadResponse {
  status: number;
  /** Lower-case names; repeated headers joined with `, ` (set-cookie: one value per line). */
  headers: Record<string, string>;
  body: string;
}

/**
 * What is wrong with `got` given `expect`: one sentence per difference, quoting what came and
 * what was wanted; empty when the answer is right. Pure (no Node imports): the runner calls it
 * on each answer, the unit tests on hand-made ones.
 */
export function responseProblems(expect: ResponseExpectation, got: ReadResponse): string[] {
  const problems: string[] = [];
  if (got.status !== expect.status) problems.push(`The status is ${got.status}, expected ${expect.status}.`);
  for (const [name, pattern] of Object.entries(expect.headers ?? {})) {
    const value = got.headers[name];
    if (value === undefined) problems.push(`The ${name} header is missing; expected one matching /${pattern}/.`);
    else if (!new RegExp(pattern).test(value)) problems.push(`The ${name} header is ${quote(value)}, expected to match /${pattern}/.`);
  }
  if (expect.body !== undefined) {
    if (got.body === '') problems.push(`The body is empty; expected one matching /${expect.body}/.`);
    else if (!new RegExp(expect.body).test(got.body)) problems.push(`The body ${quote(got.body)} does not match /${expect.body}/.`);
  }
  if (expect.json !== undefined) problems.push(...jsonProblems(expect.json, got.body));
  return problems;
}

function jsonProblems(fields: Record<string, JsonExpectation>, body: string): string[] {
  if (body.trim() === '') return ['The body is empty; expected JSON.'];
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    return [`The body is not JSON (${err.message}): ${quote(body)}.`];
  }
  const problems: string[] = [];
  for (const [path, expectation] of Object.entries(fields)) {
    const found = valueAt(value, path);
    if (!found.isPresent) problems.push(`${path} is missing from the JSON.`);
    else problems.push(...valueProblems(path, found.value, expectation));
  }
  return problems;
}

function valueProblems(path: string, value: unknown, e: JsonExpectation): string[] {
  const problems: string[] = [];
  const type = jsonType(value);
  if (e.type !== undefined && type !== e.type) problems.push(`${path} is ${article(type)} (${shown(value)}), expected ${article(e.type)}.`);
  if (e.equals !== undefined && value !== e.equals) problems.push(`${path} is ${shown(value)}, expected ${shown(e.equals)}.`);
  if (e.matches !== undefined) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (!new RegExp(e.matches).test(text)) problems.push(`${path} is ${shown(value)}, expected to match /${e.matches}/.`);
  }
  if (e.minItems !== undefined) {
    if (!Array.isArray(value)) problems.push(`${path} is ${article(type)}, expected an array of at least ${e.minItems}.`);
    else if (value.length < e.minItems) problems.push(`${path} has ${value.length} item${value.length === 1 ? '' : 's'}, expected at least ${e.minItems}.`);
  }
  return problems;
}

/** The value a path (`$`, `$.a`, `$[0].b`) points at, if it is there. */
export function valueAt(root: unknown, path: string): { isPresent: true; value: unknown } | { isPresent: false } {
  let value: unknown = root;
  for (const step of path.slice(1).match(/\.[^.[]+|\[\d+\]/g) ?? []) {
    if (step.startsWith('[')) {
      const index = Number(step.slice(1, -1));
      if (!Array.isArray(value) || index >= value.length) return { isPresent: false };
      value = value[index];
    } else {
      const key = step.slice(1);
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) return { isPresent: false };
      value = (value as Record<string, unknown>)[key];
    }
  }
  return { isPresent: true, value };
}

function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' ? type : 'object';
}

function article(type: JsonType): string {
  return type === 'null' ? 'null' : `${type === 'array' || type === 'object' ? 'an' : 'a'} ${type}`;
}

/** Text for a message: JSON-quoted (so line breaks show as \n), cut at 120 characters. */
export function quote(text: string): string {
  return JSON.stringify(cut(text));
}

/** A JSON value as JSON text, cut at 120 characters. */
function shown(value: unknown): string {
  return cut(JSON.stringify(value) ?? String(value));
}

function cut(text: string): string {
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
