// The verdict badge in Chromium against the local runner: while the verdict is undecided it says
// "deciding… about N s more", with N from the verdict's own estimate, and a leaky lesson still
// ends up saying leaking.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { byTestId, launchBrowser, waitFor } from '../../scripts/support/browser.ts';
import { startServer, type RunningServer } from '../../scripts/support/serve.ts';
import { openLesson, runUntilRunning, waitForVerdict } from './playground-page.ts';

const LESSON = '01-global-variables';
// A server that keeps nothing: undecided until its warm-up requests are done and the floor has
// been level for a while, so its first seconds are a run the verdict cannot decide yet.
const KEEPS_NOTHING = `const http = require('node:http');
http.createServer((req, res) => res.end('ok\\n')).listen(Number(process.env.PORT) || 3000);
`;

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

async function lessonPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  await openLesson(page, server.baseUrl, LESSON);
  return page;
}

async function stopRun(page: Page): Promise<void> {
  if (await page.isEnabled(byTestId('stop')).catch(() => false)) {
    await page.click(byTestId('stop'));
    await waitFor(page, `${byTestId('run-state')}[data-state="exited"]`, 10_000, 'the stop after the test');
  }
}

test('an undecided run\u2019s badge says it is deciding, and about how many more seconds', { timeout: 60_000 }, async () => {
  const page = await lessonPage();
  try {
    await page.click(`${byTestId('editor')} .cm-content`);
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(KEEPS_NOTHING);
    await runUntilRunning(page);
    await waitFor(page, `${byTestId('verdict')}[data-verdict="unknown"][data-undecided="deciding"][data-more-seconds]`, 30_000, 'the badge deciding with a number');
    const text = (await page.textContent(byTestId('verdict'))) ?? '';
    assert.match(text, /^deciding… about \d+ s more$/);
    const more = Number(await page.getAttribute(byTestId('verdict'), 'data-more-seconds'));
    assert.ok(more >= 1 && more <= 60, `about ${more} s more, within the page's cap`);
    assert.ok(text.includes(`about ${more} s more`), `the number shown is the one estimated: ${text}`);
  } finally {
    await stopRun(page);
  }
});

test('the leaky lesson\u2019s badge says deciding first and then leaking', { timeout: 60_000 }, async () => {
  const page = await lessonPage();
  try {
    await runUntilRunning(page);
    await waitFor(page, `${byTestId('verdict')}[data-undecided="deciding"]`, 20_000, 'the badge deciding');
    await waitForVerdict(page, 'leaking', 30_000);
    assert.match((await page.textContent(byTestId('verdict'))) ?? '', /^leaking — heapUsed floor \+/);
    assert.equal(await page.getAttribute(byTestId('verdict'), 'data-undecided'), null, 'no "deciding" left on a decided badge');
  } finally {
    await stopRun(page);
  }
});
