import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { load as parseYaml } from 'js-yaml';
import type { LessonFrontmatter } from './schema.ts';
import { parseLessonFrontmatter } from './frontmatter-problems.ts';
import type { ProgramSpec } from '../protocol/program.ts';
import { programFromMeta } from './program-from-meta.ts';
import { LessonError } from './lesson-error.ts';
import { orderLessons } from './lesson-order.ts';

export { LessonError };

export interface Lesson {
  slug: string;
  dir: string;
  meta: LessonFrontmatter;
}

/** Reads and validates `<dir>/index.mdx`'s frontmatter with the same schema the site build uses. */
export async function readLesson(dir: string): Promise<Lesson> {
  const slug = path.basename(path.resolve(dir));
  let text: string;
  try {
    text = await readFile(path.join(dir, 'index.mdx'), 'utf8');
  } catch (err) {
    throw new LessonError('not-found', `No lesson at ${dir}: index.mdx is missing.`, { cause: err });
  }
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!match) throw new LessonError('bad-frontmatter', `Lesson ${slug}: index.mdx has no frontmatter block.`);
  let data: unknown;
  try {
    data = parseYaml(match[1]);
  } catch (err) {
    throw new LessonError('bad-frontmatter',
      `Lesson ${slug}: its frontmatter (lessons/${slug}/index.mdx) is not valid YAML: ${(err as Error).message.split('\n')[0]}. Check the quotes and the indentation near that line.`, { cause: err });
  }
  return { slug, dir: path.resolve(dir), meta: parseLessonFrontmatter(slug, data) };
}

/**
 * All lessons under `lessonsDir` in reading order (frontmatter `order`, as the site lists them).
 * Throws a LessonError naming the lessons when two share an order or the order mixes up parts.
 */
export async function listLessons(lessonsDir: string): Promise<Lesson[]> {
  const names = (await readdir(lessonsDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory() && /^\d\d-/.test(d.name))
    .map((d) => d.name)
    .sort();
  const lessons = await Promise.all(names.map((n) => readLesson(path.join(lessonsDir, n))));
  return orderLessons(lessons, (l) => ({ id: l.slug, part: l.meta.part, order: l.meta.order }));
}

/** The program spec for one of a lesson's programs; extra files in the folder come along. */
export async function lessonProgram(lesson: Lesson, variant: 'leaky' | 'fixed'): Promise<ProgramSpec> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(lesson.dir, { withFileTypes: true })) {
    if (!entry.isFile() || entry.name === 'index.mdx') continue;
    if (entry.name === 'leaky.js' || entry.name === 'fixed.js') continue;
    if (!/\.(c|m)?js$|\.json$|\.sql$|\.txt$/.test(entry.name)) continue;
    files[entry.name] = await readFile(path.join(lesson.dir, entry.name), 'utf8');
  }
  files['main.js'] = await readFile(path.join(lesson.dir, `${variant}.js`), 'utf8');
  return programFromMeta(lesson.meta, files, variant, lesson.slug);
}
