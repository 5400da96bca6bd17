import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { lessonProgram, listLessons, readLesson } from '../../src/lessons/read-lesson.ts';
import { LESSONS_DIR } from '../../src/server/run/paths.ts';

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
