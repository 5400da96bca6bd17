import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { byTestId, launchBrowser, waitFor } from '../../scripts/support/browser.ts';
import { startServer, type RunningServer } from '../../scripts/support/serve.ts';

const LESSON = '01-global-variables';
const PROJECTOR = { width: 1024, height: 768 };

let server: RunningServer;
let browser: Browser;

interface Box { x: number; y: number; width: number; height: number }

async function boxOf(page: Page, testId: string): Promise<Box> {
  const box = await page.locator(byTestId(testId)).boundingBox();
  assert.ok(box, `${testId} is shown`);
  return box;
}

function assertInside(box: Box, what: string): void {
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= PROJECTOR.width + 0.5 && box.y + box.height <= PROJECTOR.height + 0.5,
    `${what} is inside the 1024x768 window: ${JSON.stringify(box)}`);
  assert.ok(box.width >= 200 && box.height >= 150, `${what} is large enough to read: ${JSON.stringify(box)}`);
}

async function withPresenterPage(use: (page: Page, context: BrowserContext) => Promise<void>, path = `/lessons/${LESSON}/?present`): Promise<void> {
  const context = await browser.newContext({ viewport: PROJECTOR });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  // Fully offline: whatever the test does, nothing is asked of another origin.
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(server.baseUrl) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  try {
    await page.goto(`${server.baseUrl}${path}`);
    await page.waitForSelector('[data-playground][data-ready="true"]');
    await waitFor(page, `${byTestId('runtime-banner')}:not([data-choice="choosing"])`, 15_000, 'the runtime choice');
    assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), true, 'COOP/COEP still isolate the page');
    await use(page, context);
    assert.deepEqual(foreign, [], 'no request left this origin');
  } finally {
    if (await page.isEnabled(byTestId('stop')).catch(() => false)) {
      await page.click(byTestId('stop'));
      await waitFor(page, `${byTestId('run-state')}[data-state="exited"]`, 10_000, 'the stop after the test');
    }
    await context.close();
  }
}

/** Presses a key with the focus on the page itself, not in a field. */
async function pressKey(page: Page, key: string): Promise<void> {
  await page.keyboard.press(key);
}

describe('presenter mode at 1024x768', () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('?present shows the chart and the terminal side by side, both inside the window, with the takeaway instead of the lesson text', async () => {
    await withPresenterPage(async (page) => {
      assert.equal(await page.getAttribute('html', 'data-present'), '');
      const chart = await boxOf(page, 'heap-chart');
      const terminal = await boxOf(page, 'terminal');
      assertInside(chart, 'the chart');
      assertInside(terminal, 'the terminal');
      assertInside(await boxOf(page, 'editor'), 'the editor');
      assert.ok(chart.x + chart.width <= terminal.x, 'the terminal is to the right of the chart');
      assert.ok(chart.y < terminal.y + terminal.height && terminal.y < chart.y + chart.height, 'on the same row');
      for (const id of ['run', 'stop', 'snapshot', 'show-fix', 'reset', 'verdict']) {
        const box = await boxOf(page, id);
        assert.ok(box.y + box.height <= PROJECTOR.height, `${id} is on screen`);
      }
      assert.ok(await page.isVisible(byTestId('presenter-takeaway')), 'the takeaway is shown');
      assert.equal(await page.isVisible('.lesson-text h2'), false, 'the lesson\u2019s sections are not');
      assert.equal(await page.getAttribute(byTestId('presenter-toggle'), 'aria-pressed'), 'true');
    });
  });

  test('R runs, H takes two snapshots and the comparison shows the leaking class, C presses Compare, S stops', async () => {
    await withPresenterPage(async (page) => {
      await pressKey(page, 'r');
      await waitFor(page, `${byTestId('run-state')}[data-state="running"]`, 15_000, 'the run started by R');
      await page.waitForSelector(`${byTestId('snapshot')}:not([disabled])`, { timeout: 10_000 });
      await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-requests')) > 200, byTestId('requests'), { timeout: 15_000 });
      await pressKey(page, 'h');
      await waitFor(page, `${byTestId('snapshot-row')}[data-status="ready"]`, 30_000, 'the snapshot taken by H');
      await page.waitForSelector(`${byTestId('snapshot')}:not([disabled])`, { timeout: 10_000 });
      await pressKey(page, 'h');
      await waitFor(page, `${byTestId('diff-table')} tbody tr[data-class="AuditRecord"]`, 40_000, 'the comparison after the second H');
      const firstRow = await page.locator(`${byTestId('diff-table')} tbody tr`).first().boundingBox();
      assert.ok(firstRow && firstRow.y >= 0 && firstRow.y + firstRow.height <= PROJECTOR.height, `the comparison's top row is on screen: ${JSON.stringify(firstRow)}`);

      // C presses Compare: with only the first snapshot ticked, that is its summary.
      await page.locator(byTestId('snapshot-pick')).nth(1).uncheck();
      await page.locator(byTestId('compare')).blur();
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await pressKey(page, 'c');
      await page.waitForFunction((sel) => /^Summary of #1/.test(document.querySelector(sel)?.textContent ?? ''), byTestId('summary-heading'), { timeout: 20_000 });

      await pressKey(page, 's');
      await waitFor(page, `${byTestId('run-state')}[data-state="exited"]`, 10_000, 'the stop by S');
      assert.match(await page.textContent(byTestId('shortcut-feedback')) ?? '', /S: Stop the run/);
      // A shortcut whose button is disabled says why, and does nothing.
      await pressKey(page, 's');
      assert.match(await page.textContent(byTestId('shortcut-feedback')) ?? '', /Stop the run: not now\. Nothing is running/);
    });
  });

  test('? opens the shortcut overlay and Esc closes it; keys typed into the editor stay text', async () => {
    await withPresenterPage(async (page) => {
      await pressKey(page, '?');
      assert.equal(await page.isVisible(byTestId('shortcut-help')), true);
      assert.match(await page.textContent(byTestId('shortcut-help')) ?? '', /Take a heap snapshot/);
      assert.match(await page.textContent(byTestId('demo-load')) ?? '', /200 requests\/s over 4 connections, GET \/; the same every run/);
      await pressKey(page, 'Escape');
      assert.equal(await page.isVisible(byTestId('shortcut-help')), false);

      await pressKey(page, 'e');
      await page.keyboard.type('// rshfbnp?');
      assert.match(await page.locator(`${byTestId('editor')} .cm-content`).innerText(), /\/\/ rshfbnp\?/);
      assert.equal(await page.getAttribute(byTestId('run-state'), 'data-state'), 'idle', 'typing r ran nothing');
      assert.equal(await page.isVisible(byTestId('shortcut-help')), false, 'typing ? opened nothing');
      // The first Esc may close CodeMirror's completion list (its own); then Esc leaves the editor.
      await pressKey(page, 'Escape');
      await pressKey(page, 'Escape');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'run', 'Esc leaves the editor for Run');
    });
  });

  test('presenter mode is remembered across lessons, N and P walk the path, and the toggle turns it off', async () => {
    await withPresenterPage(async (page) => {
      const next = await page.getAttribute('a[rel="next"]', 'data-lesson');
      await pressKey(page, 'n');
      await page.waitForURL(`**/lessons/${next}/`);
      await page.waitForSelector('[data-playground][data-ready="true"]');
      assert.equal(await page.getAttribute('html', 'data-present'), '', 'still presenting without ?present');
      await pressKey(page, 'p');
      await page.waitForURL(`**/lessons/${LESSON}/`);
      await page.waitForSelector('[data-playground][data-ready="true"]');
      await page.focus(byTestId('presenter-toggle'));
      await page.keyboard.press('Enter');
      assert.equal(await page.getAttribute('html', 'data-present'), null);
      await page.reload();
      await page.waitForSelector('[data-playground][data-ready="true"]');
      assert.equal(await page.getAttribute('html', 'data-present'), null, 'off is remembered too');
      await pressKey(page, 'r');
      await page.waitForTimeout(300);
      assert.equal(await page.getAttribute(byTestId('run-state'), 'data-state'), 'idle', 'outside presenter mode single keys do nothing');
    });
  });
});
