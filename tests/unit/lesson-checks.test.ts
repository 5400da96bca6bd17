import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { listLessons, readLesson } from '../../src/lessons/read-lesson.ts';
import { lessonSchema } from '../../src/lessons/schema.ts';
import { hasChallenge, lessonCheck } from '../../src/playground/challenge/lesson-check.ts';
import { responseProblems } from '../../src/runner/response-match.ts';
import { LESSONS_DIR } from '../../src/project-paths.ts';

const lessons = await listLessons(LESSONS_DIR);

test('every lesson with a fix to check has a response check of its own', () => {
  const without = lessons.filter((l) => hasChallenge(l.meta) && !l.meta.check).map((l) => l.slug);
  assert.deepEqual(without, [], 'Give these lessons a check: block (see src/protocol/response-check.ts).');
});

for (const lesson of lessons.filter((l) => hasChallenge(l.meta))) {
  test(`${lesson.slug}: no check request is passed by an empty answer, a 404 or a 500`, () => {
    for (const request of lessonCheck(lesson.meta).requests) {
      for (const got of [{ status: 200, body: '' }, { status: 404, body: 'Not Found\n' }, { status: 500, body: 'Internal Server Error' }]) {
        assert.notDeepEqual(responseProblems(request.expect, { ...got, headers: {} }), [], `${request.method} ${request.path} passed ${JSON.stringify(got)}`);
      }
    }
  });
}

test('a lesson without a check gets one request per load path, which an empty answer does not pass', () => {
  const meta = lessonSchema.parse({ title: 't', summary: 's', takeaway: 't', predict: 'p?', part: 'patterns', order: 1, moduleType: 'commonjs', load: { paths: ['/a', '/b'], method: 'POST', body: '{}' } });
  const { requests, isDefault } = lessonCheck(meta);
  assert.equal(isDefault, true);
  assert.deepEqual(requests.map((r) => `${r.method} ${r.path} ${r.body}`), ['POST /a {}', 'POST /b {}']);
  assert.notDeepEqual(responseProblems(requests[0].expect, { status: 200, headers: {}, body: '' }), []);
  assert.deepEqual(responseProblems(requests[0].expect, { status: 200, headers: {}, body: 'created\n' }), []);
});

test('a lesson whose check a handler returning nothing would pass is refused, naming the request', async () => {
  const text = await readFile(path.join(LESSONS_DIR, '01-global-variables', 'index.mdx'), 'utf8');
  const broken = text.replace(/\ncheck:\n(  .*\n)+/, '\ncheck:\n  - path: /\n    expect: { status: 200 }\n  - path: /\n    expect: { body: \'.*\' }\n');
  assert.notEqual(broken, text, 'the lesson has a check block to replace');
  const root = await mkdtemp(path.join(os.tmpdir(), 'leaklab-check-'));
  try {
    await mkdir(path.join(root, '99-broken'));
    await writeFile(path.join(root, '99-broken', 'index.mdx'), broken);
    await assert.rejects(readLesson(path.join(root, '99-broken')), (err: Error) => {
      assert.match(err.message, /check\[0\]\.expect needs body or json: a status alone would pass a handler that returns nothing\./);
      assert.match(err.message, /check\[1\]\.expect has a body pattern that matches an empty body/);
      return true;
    });
  } finally {
    await rm(root, { recursive: true });
  }
});
