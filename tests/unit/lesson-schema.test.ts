import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { lessonProgram, listLessons, readLesson } from '../../src/lessons/read-lesson.ts';
import { orderLessons, type LessonPlace } from '../../src/lessons/lesson-order.ts';
import { LESSON_PARTS } from '../../src/lessons/schema.ts';
import { LESSONS_DIR } from '../../src/project-paths.ts';

async function lessonWith(frontmatter: string): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'leaklab-schema-'));
  const dir = path.join(root, '99-broken');
  await mkdir(dir);
  await writeFile(path.join(dir, 'index.mdx'), `---\n${frontmatter}\n---\n\nText.\n`);
  return dir;
}

test('a bad frontmatter is refused with a message naming the lesson and the field', async () => {
  const dir = await lessonWith('title: Broken\nsummary: s\npart: patterns\nmoduleType: esm\nload:\n  paths: [users]');
  await assert.rejects(readLesson(dir), (err: Error) => {
    assert.match(err.message, /Lesson 99-broken/);
    assert.match(err.message, /moduleType/);
    assert.match(err.message, /load\.paths\.0/);
    return true;
  });
  await rm(path.dirname(dir), { recursive: true });
});

test('a lesson without an order is refused with a message naming the lesson and the field', async () => {
  const dir = await lessonWith('title: Broken\nsummary: s\npart: patterns\nmoduleType: commonjs');
  await assert.rejects(readLesson(dir), (err: Error) => {
    assert.match(err.message, /Lesson 99-broken: bad frontmatter: order:/);
    return true;
  });
  await rm(path.dirname(dir), { recursive: true });
});

test('two lessons with the same order are refused, naming both and the order', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'leaklab-order-'));
  for (const [slug, part] of [['01-first', 'basics'], ['02-second', 'patterns']]) {
    await mkdir(path.join(root, slug));
    await writeFile(path.join(root, slug, 'index.mdx'), `---\ntitle: T\nsummary: s\npart: ${part}\norder: 3\nmoduleType: commonjs\n---\n`);
  }
  await assert.rejects(listLessons(root), (err: Error) => {
    assert.equal(err.name, 'LessonError');
    assert.match(err.message, /Lessons 01-first and 02-second have the same order \(3\)/);
    return true;
  });
  await rm(root, { recursive: true });
});

test('an order that puts a basics lesson after a patterns lesson is refused, naming both', () => {
  const places: LessonPlace[] = [
    { id: '01-globals', part: 'patterns', order: 1 },
    { id: '02-what-a-leak-is', part: 'basics', order: 2 },
  ];
  assert.throws(() => orderLessons(places, (p) => p), /Lesson 02-what-a-leak-is \(basics, order 2\) comes after lesson 01-globals \(patterns, order 1\).*order below 1/);
});

test('the catalogue lists the basics first, then patterns, methods and beyond, whatever the folder prefix', async () => {
  const lessons = await listLessons(LESSONS_DIR);
  const ranks = lessons.map((l) => LESSON_PARTS.indexOf(l.meta.part));
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), `parts in listing order: ${lessons.map((l) => `${l.slug} (${l.meta.part})`).join(', ')}`);
  const slugs = lessons.map((l) => l.slug);
  assert.deepEqual(slugs.slice(0, 4), ['02-what-a-leak-is', '03-memory-structure', '04-the-crash', '01-global-variables'],
    'global variables (folder 01, a pattern) comes right after the three basics lessons');
  const orders = lessons.map((l) => l.meta.order);
  assert.equal(new Set(orders).size, orders.length, 'every order is used once');
});

test('a lesson folder without index.mdx says so', async () => {
  await assert.rejects(readLesson(path.join(os.tmpdir(), 'no-such-lesson')), /index\.mdx is missing/);
});

test('every lesson in the catalogue has a valid frontmatter and both programs', async () => {
  const lessons = await listLessons(LESSONS_DIR);
  assert.ok(lessons.length >= 1);
  for (const lesson of lessons) {
    for (const variant of ['leaky', 'fixed'] as const) {
      const spec = await lessonProgram(lesson, variant);
      assert.ok(spec.files['main.js'].length > 0, `${lesson.slug}/${variant}.js is not empty`);
    }
  }
});
