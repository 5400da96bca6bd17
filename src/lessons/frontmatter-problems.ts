import { z } from 'zod';
import { LessonError } from './lesson-error.ts';
import { lessonSchema, type LessonFrontmatter } from './schema.ts';

/**
 * Validates one lesson's frontmatter (already read from YAML) and returns it with its defaults.
 * On failure throws a LessonError whose message names the lesson, every field at fault, what is
 * wrong with it and the field's description as the hint, one line per problem. The site build
 * (src/content.config.ts) and the CLI (read-lesson.ts) both come here, so both print this text.
 *
 * Following Astro Starlight's approach: each zod issue is turned into a sentence of its own
 * rather than printed as zod's generic message, and the schema's `.describe()` text is the hint.
 */
export function parseLessonFrontmatter(slug: string, data: unknown): LessonFrontmatter {
  const parsed = lessonSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.flatMap((issue) => describeIssue(issue, data));
  const heading = problems.length === 1
    ? `Lesson ${slug}: its frontmatter (lessons/${slug}/index.mdx) has a problem:`
    : `Lesson ${slug}: its frontmatter (lessons/${slug}/index.mdx) has ${problems.length} problems:`;
  throw new LessonError('bad-frontmatter', [heading, ...problems.map((p) => `  - ${p}`)].join('\n'));
}

type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

/**
 * The problems one issue stands for (one per unknown key, else one): each says what is wrong,
 * with the value as written, then the field's description as a hint.
 */
export function describeIssue(issue: Issue, data: unknown): string[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(issue.path);
    const where = issue.path.length === 0 ? 'a frontmatter field' : `a field of ${fieldName(issue.path)}`;
    return issue.keys.map((key) => {
      const near = closest(key, known);
      const keyName = fieldName([...issue.path, key]);
      if (near) return `${keyName} is not ${where}. Did you mean ${near}?${hintFor([...issue.path, near])}`;
      return `${keyName} is not ${where}. The fields are: ${known.join(', ')}.`;
    });
  }
  return [describeOne(issue, data)];
}

function hintFor(path: readonly PathKey[]): string {
  const description = descriptionAt(path);
  return description ? ` ${fieldName(path)} is ${description.charAt(0).toLowerCase()}${description.slice(1)}.` : '';
}

function describeOne(issue: Issue, data: unknown): string {
  const field = fieldName(issue.path);
  const value = valueAt(data, issue.path);
  const hint = (path: readonly PathKey[] = issue.path): string => hintFor(path);
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.path.length === 0) {
        return `the frontmatter is ${shown(value)}, not a list of fields. Start index.mdx with --- lines around "title: ...", "summary: ..." and the other fields.`;
      }
      if (value === undefined) return `${field} is missing.${hint()}`;
      if (issue.expected === 'int') return `${field} is ${shown(value)}, but it must be a whole number.${hint()}`;
      return `${field} is ${shown(value)}, but it must be ${article(issue.expected)}.${hint()}`;
    }
    case 'invalid_value':
      return `${field} is ${shown(value)}, which is not one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}.${hint()}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return `${field} is empty.${hint()}`;
      if (issue.origin === 'array') return `${field} needs at least ${issue.minimum} ${Number(issue.minimum) === 1 ? 'entry' : 'entries'}.${hint()}`;
      return `${field} is ${shown(value)}, but it must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}.${hint()}`;
    case 'too_big':
      if (issue.origin === 'string') return `${field} is ${String(value).trim().length} characters long; keep it to ${issue.maximum} or fewer.${hint()}`;
      if (issue.origin === 'array') return `${field} has ${(value as unknown[]).length} entries; at most ${issue.maximum} are allowed.${hint()}`;
      return `${field} is ${shown(value)}, but it must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}.${hint()}`;
    case 'invalid_format':
      if (issue.format === 'starts_with' && 'prefix' in issue) return `${field} is ${shown(value)}, but it must start with "${issue.prefix}".${hint(parentPath(issue.path))}`;
      return `${field} is ${shown(value)}, which is not a valid ${issue.format}.${hint()}`;
    case 'custom':
      // Our own refinements (schema.ts) already word a whole sentence; those of the shared
      // schemas (a check's, src/protocol/response-check.ts) read after the field's name.
      if (issue.path.length === 0 || issue.message.startsWith(field)) return issue.message;
      return `${field} ${issue.message}.`;
    default:
      return `${field}: ${issue.message}.${hint()}`;
  }
}

/** `load.paths[0]`, `expect.leaky`, or `the frontmatter` for the whole object. */
function fieldName(path: readonly PathKey[]): string {
  if (path.length === 0) return 'the frontmatter';
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`)).join('');
}

function parentPath(path: readonly PathKey[]): PathKey[] {
  return typeof path.at(-1) === 'number' ? path.slice(0, -1) : [...path];
}

function valueAt(data: unknown, path: readonly PathKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A value as the learner typed it: strings quoted, objects as JSON, types named. */
function shown(value: unknown): string {
  if (value === undefined) return 'empty';
  if (value === null) return 'null (empty in YAML)';
  if (Array.isArray(value)) return `a list (${JSON.stringify(value)})`;
  if (typeof value === 'object') return `a set of fields (${JSON.stringify(value)})`;
  return JSON.stringify(value);
}

function article(expected: string): string {
  const names: Record<string, string> = {
    string: 'text', number: 'a number', boolean: 'true or false', array: 'a list, such as [a, b]', object: 'a set of fields',
  };
  return names[expected] ?? `a ${expected}`;
}

/** The schema of the field at `path`, looking through defaults, optionals and arrays. */
function schemaAt(path: readonly PathKey[]): z.ZodType | undefined {
  let schema: z.ZodType | undefined = lessonSchema;
  for (const key of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject && typeof key === 'string') schema = (schema.shape as Record<string, z.ZodType>)[key];
    else if (schema instanceof z.ZodArray && typeof key === 'number') schema = schema.element as z.ZodType;
    else return undefined;
  }
  return schema;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s;
}

function descriptionAt(path: readonly PathKey[]): string | undefined {
  // A description sits on the outermost wrapper (`.default(...).describe(...)`), so ask it first.
  for (let s: z.ZodType | undefined = schemaAt(path); s; s = s instanceof z.ZodDefault || s instanceof z.ZodOptional ? s.unwrap() as z.ZodType : undefined) {
    if (s.description) return s.description;
  }
  return undefined;
}

function knownKeysAt(path: readonly PathKey[]): string[] {
  const schema = unwrap(schemaAt(path));
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** The known key a typo most likely meant: same letters in another case, or two edits away. */
function closest(key: string, known: readonly string[]): string | undefined {
  const sameLetters = known.find((k) => k.toLowerCase() === key.toLowerCase());
  if (sameLetters) return sameLetters;
  let best: { key: string; distance: number } | undefined;
  for (const k of known) {
    const distance = editDistance(key.toLowerCase(), k.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { key: k, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length];
}
