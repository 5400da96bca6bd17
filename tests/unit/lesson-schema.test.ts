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

/** The fields every lesson needs, so each test below breaks exactly one thing. */
const VALID = 'title: Broken\nsummary: s\ntakeaway: One line.\npredict: Which line climbs?\npart: patterns\norder: 3\nmoduleType: commonjs';

async function messageFor(frontmatter: string): Promise<string> {
  const dir = await lessonWith(frontmatter);
  try {
    await readLesson(dir);
  } catch (err) {
    assert.equal((err as Error).name, 'LessonError');
    return (err as Error).message;
  } finally {
    await rm(path.dirname(dir), { recursive: true });
  }
  assert.fail(`the frontmatter was accepted:\n${frontmatter}`);
}

test('a misspelt field is an error that names the lesson, the field and the one it meant, with its description', async () => {
  assert.equal(await messageFor(`${VALID}\nleakingclass: AuditRecord\ndurationsec: 14`), [
    'Lesson 99-broken: its frontmatter (lessons/99-broken/index.mdx) has 2 problems:',
    '  - leakingclass is not a frontmatter field. Did you mean leakingClass? leakingClass is the class a snapshot comparison shows growing in leaky.js and not in fixed.js, as DevTools names it (e.g. AuditRecord or "(sliced string)").',
    '  - durationsec is not a frontmatter field. Did you mean durationSec? durationSec is how long a check run lasts, in seconds (1 to 120).',
  ].join('\n'));
});

test('an unknown field with no near match lists the fields there are, also inside permissions and expect', async () => {
  assert.equal(await messageFor(`${VALID}\ncolour: red\npermissions:\n  network: true\nexpect:\n  leakyy: leaking`), [
    'Lesson 99-broken: its frontmatter (lessons/99-broken/index.mdx) has 3 problems:',
    '  - permissions.network is not a field of permissions. The fields are: childProcess, worker, addons, fsWrite.',
    '  - expect.leakyy is not a field of expect. Did you mean leaky? expect.leaky is the truth check\'s verdict for leaky.js: leaking, flat, crash, none.',
    '  - colour is not a frontmatter field. The fields are: title, summary, takeaway, predict, part, order, moduleType, figure, leakingClass, load, durationSec, heapCapMiB, dependencies, permissions, nodeFlags, runtimes, check, expect.',
  ].join('\n'));
});

test('a wrong value says what was written and what is allowed, with the field\'s description', async () => {
  const frontmatter = VALID.replace('moduleType: commonjs', 'moduleType: esm').replace('order: 3', 'order: three') +
    '\ndurationSec: 500\nload:\n  paths: [users]';
  assert.equal(await messageFor(frontmatter), [
    'Lesson 99-broken: its frontmatter (lessons/99-broken/index.mdx) has 4 problems:',
    '  - order is "three", but it must be a number. order is the place in the reading order (home page, prev/next links), a whole number unique across lessons; not the folder prefix, which stays as the URL.',
    '  - moduleType is "esm", which is not one of "commonjs", "module". moduleType is how leaky.js and fixed.js are loaded: commonjs (require) or module (import).',
    '  - load.paths[0] is "users", but it must start with "/". load.paths is paths the load driver requests in turn, e.g. ["/", "/users/42"].',
    '  - durationSec is 500, but it must be at most 120. durationSec is how long a check run lasts, in seconds (1 to 120).',
  ].join('\n'));
});

test('a lesson without an order is refused with a message naming the lesson and the field', async () => {
  assert.equal(await messageFor(VALID.replace('order: 3\n', '')), [
    'Lesson 99-broken: its frontmatter (lessons/99-broken/index.mdx) has a problem:',
    '  - order is missing. order is the place in the reading order (home page, prev/next links), a whole number unique across lessons; not the folder prefix, which stays as the URL.',
  ].join('\n'));
});

test('a takeaway is required and must fit on one line of a slide', async () => {
  assert.equal(await messageFor(VALID.replace('takeaway: One line.\n', '')), [
    'Lesson 99-broken: its frontmatter (lessons/99-broken/index.mdx) has a problem:',
    '  - takeaway is missing. takeaway is the lesson in one line, what a speaker puts on a slide (at most 160 characters); shown at the end of the lesson.',
  ].join('\n'));
  assert.equal(await messageFor(VALID.replace('takeaway: One line.', 'takeaway: |\n  First line.\n  Second line.')), [
    'Lesson 99-broken: its frontmatter (lessons/99-broken/index.mdx) has a problem:',
    '  - takeaway is more than one line. Put it on one line (in YAML, a plain or quoted string, not a | block).',
  ].join('\n'));
  assert.match(await messageFor(VALID.replace('One line.', 'x'.repeat(161))), /- takeaway is 161 characters long; keep it to 160 or fewer\./);
});

test('a lesson with a program to run must ask for a prediction; one with nothing to run need not', async () => {
  assert.equal(await messageFor(VALID.replace('predict: Which line climbs?\n', '')), [
    'Lesson 99-broken: its frontmatter (lessons/99-broken/index.mdx) has a problem:',
    '  - predict is missing, and this lesson has a program to run (expect: leaky leaking, fixed flat). Add a one- or two-sentence question the learner answers before pressing Run, e.g. "Which line will climb, and by about how much per request?"',
  ].join('\n'));
  const dir = await lessonWith(`${VALID.replace('predict: Which line climbs?\n', '')}\nexpect:\n  leaky: none\n  fixed: none`);
  const lesson = await readLesson(dir);
  assert.equal(lesson.meta.predict, undefined);
  assert.equal(lesson.meta.takeaway, 'One line.');
  await rm(path.dirname(dir), { recursive: true });
});

test('frontmatter that is not YAML says so and names the lesson', async () => {
  assert.match(await messageFor(`${VALID}\nload: [unclosed`), /^Lesson 99-broken: its frontmatter \(lessons\/99-broken\/index\.mdx\) is not valid YAML: .+\. Check the quotes and the indentation near that line\.$/);
});

test('two lessons with the same order are refused, naming both and the order', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'leaklab-order-'));
  for (const [slug, part] of [['01-first', 'basics'], ['02-second', 'patterns']]) {
    await mkdir(path.join(root, slug));
    await writeFile(path.join(root, slug, 'index.mdx'), `---\ntitle: T\nsummary: s\ntakeaway: t\npredict: p\npart: ${part}\norder: 3\nmoduleType: commonjs\n---\n`);
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
