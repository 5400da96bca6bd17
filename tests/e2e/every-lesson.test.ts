import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { listLessons, type Lesson } from '../../src/lessons/read-lesson.ts';
import { LESSONS_DIR } from '../../src/project-paths.ts';
import { startServer, type RunningServer } from '../../scripts/support/serve.ts';
import { byTestId, launchBrowser } from '../../scripts/support/browser.ts';

let server: RunningServer;
let browser: Browser;
let lessons: Lesson[];

before(async () => {
  lessons = await listLessons(LESSONS_DIR);
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the home page links to every lesson in the lessons folder, basics first, in reading order', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.baseUrl}/`);
  const linked = await page.locator('[data-testid="lesson-link"]').evaluateAll((links) => links.map((a) => a.getAttribute('data-lesson')));
  // listLessons is in frontmatter `order`, not folder order: 01-global-variables is a pattern.
  assert.deepEqual(linked, lessons.map((l) => l.slug));
  assert.equal(await page.locator('[data-part] h2').first().innerText(), 'Basics');
  await page.close();
});

test('every lesson page shows its text and a playground holding its leaky.js, without page errors', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  for (const lesson of lessons) {
    await page.goto(`${server.baseUrl}/lessons/${lesson.slug}/`);
    assert.equal(await page.locator('h1').first().innerText(), lesson.meta.title, `${lesson.slug}: title`);
    assert.ok((await page.locator(byTestId('lesson-takeaway')).innerText()).includes(lesson.meta.takeaway), `${lesson.slug}: the takeaway closes the text`);
    const predictions = page.locator(`.lesson-playground ${byTestId('lesson-predict')}`);
    if (lesson.meta.predict) assert.ok((await predictions.innerText()).includes(lesson.meta.predict), `${lesson.slug}: the prediction prompt sits above the playground`);
    else assert.equal(await predictions.count(), 0, `${lesson.slug}: no prediction prompt without a predict field`);
    for (const id of ['editor', 'run', 'stop', 'reset', 'show-fix', 'terminal', 'heap-chart', 'verdict', 'snapshot']) {
      assert.equal(await page.locator(byTestId(id)).count(), 1, `${lesson.slug}: [data-testid=${id}]`);
    }
    const leaky = await readFile(path.join(lesson.dir, 'leaky.js'), 'utf8');
    const firstCodeLine = leaky.split('\n').find((line) => line.trim().length > 0)!.trim();
    const editorText = await page.locator(`${byTestId('editor')} .cm-content`).innerText();
    assert.ok(editorText.includes(firstCodeLine), `${lesson.slug}: the editor holds leaky.js (${firstCodeLine})`);
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, `${lesson.slug}: cross-origin isolated`);
    const i = lessons.indexOf(lesson);
    const navLesson = async (testId: string): Promise<string | null> =>
      (await page.locator(byTestId(testId)).count()) ? page.getAttribute(byTestId(testId), 'data-lesson') : null;
    assert.equal(await navLesson('lesson-prev'), lessons[i - 1]?.slug ?? null, `${lesson.slug}: the previous lesson in reading order`);
    assert.equal(await navLesson('lesson-next'), lessons[i + 1]?.slug ?? null, `${lesson.slug}: the next lesson in reading order`);
  }
  assert.deepEqual(errors, [], 'no uncaught errors on any lesson page');
  await page.close();
});
