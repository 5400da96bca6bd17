// Progress end to end: Chromium against the real local runner; a real check passes, the home page
// marks it, it survives a reload, and it moves to a fresh browser through an exported file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { byTestId, launchBrowser } from '../../scripts/support/browser.ts';
import { startServer, type RunningServer } from '../../scripts/support/serve.ts';
import { clampTimeout, editorText, openLesson, terminalText } from './playground-page.ts';

const PASSED_LESSON = '01-global-variables';
const EDITED_LESSON = '05-event-listeners';
const MY_EDIT = '// my notes on the listener leak\n';
const CHECK_TIMEOUT_MS = 120_000;

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
});

async function freshPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  return page;
}

async function home(page: Page): Promise<void> {
  await page.goto(`${server.baseUrl}/`);
  await page.waitForSelector(`[data-progress-panel]:not([hidden]) ${byTestId('progress-summary')}`);
}

async function markOf(page: Page, lesson: string): Promise<{ status: string | null; edited: string | null; text: string; title: string | null }> {
  const mark = page.locator(`[data-progress-mark="${lesson}"]`);
  return { status: await mark.getAttribute('data-status'), edited: await mark.getAttribute('data-edited'), text: (await mark.innerText()).trim(), title: await mark.getAttribute('title') };
}

async function passCheck(page: Page): Promise<void> {
  await openLesson(page, server.baseUrl, PASSED_LESSON);
  page.once('dialog', (d) => void d.accept());
  await page.click(byTestId('show-fix'));
  await page.click(byTestId('check-fix'));
  try {
    await page.waitForSelector(`${byTestId('challenge')}:is([data-outcome="passed"], [data-outcome="failed"], [data-outcome="undecided"])`, { timeout: clampTimeout(CHECK_TIMEOUT_MS) });
  } catch (err) {
    assert.fail(`No check result within ${CHECK_TIMEOUT_MS} ms: ${await page.textContent(byTestId('challenge'))}\n${await terminalText(page)}\n${(err as Error).message}`);
  }
  const outcome = await page.getAttribute(byTestId('challenge'), 'data-outcome');
  assert.equal(outcome, 'passed', `${await page.innerText(byTestId('challenge'))}\n(a busy machine can leave the verdict "unknown": re-run before blaming progress)`);
}

async function editLesson(page: Page): Promise<void> {
  await openLesson(page, server.baseUrl, EDITED_LESSON);
  await page.click(`${byTestId('editor')} .cm-content`);
  await page.keyboard.press('Control+Home');
  await page.keyboard.insertText(MY_EDIT);
  await page.waitForSelector(`${byTestId('edited')}:not([hidden])`);
}

async function importFile(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<string> {
  const before = await page.textContent(byTestId('progress-message'));
  await page.setInputFiles(byTestId('progress-import-file'), file);
  await page.waitForFunction(([sel, was]) => {
    const text = document.querySelector(sel)?.textContent ?? '';
    return text !== '' && text !== was;
  }, [byTestId('progress-message'), before ?? ''] as const);
  return (await page.textContent(byTestId('progress-message'))) ?? '';
}

test('a passed check and an edit show on the home page, survive a reload, and move to a fresh browser through export and import', { timeout: 3 * CHECK_TIMEOUT_MS }, async () => {
  const page = await freshPage();
  await passCheck(page);
  await editLesson(page);
  await home(page);
  const passed = await markOf(page, PASSED_LESSON);
  assert.deepEqual([passed.status, passed.text], ['passed', '✓ passed']);
  assert.match(passed.title ?? '', /Fix passed .*: flat \(heapUsed floor .*\), AuditRecord [+-]?\d+, 1\/1 answers right, 14 s\./);
  assert.deepEqual([(await markOf(page, EDITED_LESSON)).status, (await markOf(page, EDITED_LESSON)).edited], ['opened', 'true']);
  assert.equal((await markOf(page, '06-timers')).status, 'new');
  assert.match(await page.innerText(byTestId('progress-summary')), /2 of \d+ lessons opened, 1 passed/);

  await page.reload();
  await home(page);
  assert.equal((await markOf(page, PASSED_LESSON)).status, 'passed', 'the mark survives a reload');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click(byTestId('progress-export'))]);
  assert.match(download.suggestedFilename(), /^leaklab-progress-\d{4}-\d\d-\d\d\.json$/);
  const exported = await readFile((await download.path())!);
  const file = JSON.parse(exported.toString('utf8'));
  assert.equal(file.format, 'leaklab-progress');
  assert.equal(file.lessons[EDITED_LESSON].edit.text.startsWith(MY_EDIT), true);

  const other = await freshPage();
  await home(other);
  assert.equal((await markOf(other, PASSED_LESSON)).status, 'new', 'a fresh browser has no progress');
  // Two edits: 05's text, and 01 showing fixed.js (Show fix is kept too, as SavedEdits keeps it).
  const said = await importFile(other, { name: download.suggestedFilename(), mimeType: 'application/json', buffer: exported });
  assert.match(said, /^Imported leaklab-progress-.*\.json: \d+ lessons, 1 passed, 2 edits taken in\./);
  assert.equal((await markOf(other, PASSED_LESSON)).status, 'passed');
  assert.equal((await markOf(other, PASSED_LESSON)).title, passed.title, 'the same evidence came across');
  await other.reload();
  await home(other);
  assert.equal((await markOf(other, EDITED_LESSON)).edited, 'true');
  await openLesson(other, server.baseUrl, EDITED_LESSON);
  assert.ok((await editorText(other)).startsWith(MY_EDIT.trim()), 'the imported edit is in the editor');
});

test('a broken or foreign file is refused with its reason and leaves the progress as it was', async () => {
  const page = await freshPage();
  await openLesson(page, server.baseUrl, '07-closures');
  await home(page);
  assert.equal((await markOf(page, '07-closures')).status, 'opened');

  const broken = await importFile(page, { name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "leaklab-progress", "lessons": {') });
  assert.match(broken, /^Could not import cut\.json: This file is not JSON \(.+\), so it is not a Leak Lab progress file\./);
  assert.equal(await page.getAttribute(byTestId('progress-message'), 'data-level'), 'error');
  const foreign = await importFile(page, { name: 'package.json', mimeType: 'application/json', buffer: Buffer.from('{"name": "app", "version": "1.0.0"}') });
  assert.match(foreign, /^Could not import package\.json: This is not a Leak Lab progress file/);
  const newer = await importFile(page, { name: 'next.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "leaklab-progress", "version": 9, "lessons": {}}') });
  assert.match(newer, /version 9; this Leak Lab reads version 1/);
  assert.equal((await markOf(page, '07-closures')).status, 'opened', 'nothing changed');
});

test('an import whose edit differs from the learner\u2019s own asks first, and keeps theirs when told no', async () => {
  const page = await freshPage();
  await editLesson(page);
  await home(page);
  const file = {
    format: 'leaklab-progress', version: 1, exportedAt: new Date().toISOString(),
    lessons: { [EDITED_LESSON]: { edit: { base: 'leaky', text: '// someone else\u2019s edit\n' } } },
  };
  let question = '';
  page.once('dialog', (d) => { question = d.message(); void d.dismiss(); });
  const said = await importFile(page, { name: 'theirs.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  assert.match(question, /other edits than this browser for 1 lesson \(05-event-listeners\)\. Replace your edits here/);
  assert.match(said, /Kept your own edits of 05-event-listeners\./);
  await openLesson(page, server.baseUrl, EDITED_LESSON);
  assert.ok((await editorText(page)).startsWith(MY_EDIT.trim()), 'the learner\u2019s own edit is still there');
});
