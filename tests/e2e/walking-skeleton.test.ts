import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import WebSocket from 'ws';
import { byTestId, launchBrowser, waitFor } from '../../scripts/support/browser.ts';
import { startServer, type RunningServer } from '../../scripts/support/serve.ts';
import { clampTimeout, editorText, numberAttribute, openLesson, runUntilRunning, waitForCount, waitForTerminal, waitForVerdict } from './playground-page.ts';

const LESSON = '01-global-variables';

let server: RunningServer;
let browser: Browser;

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/** Waits until the process is gone (a stopped run's child takes a moment to be reaped). */
async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid) && Date.now() < deadline) await sleep(50);
  return !isProcessAlive(pid);
}

/** Command lines of processes running a program from a Leak Lab run folder of this server. */
function runProcesses(): string[] {
  try {
    return execFileSync('pgrep', ['-af', `leaklab-runs/run-${server.pid}-`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch (err) {
    if ((err as { status?: number }).status === 1) return []; // pgrep: nothing matched
    throw err;
  }
}

/** Resolves with how the server answered a WebSocket upgrade: 'open', or the HTTP status it refused with. */
function tryWebSocket(url: string, origin: string | undefined): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    ws.once('open', () => { ws.close(); resolve('open'); });
    ws.once('unexpected-response', (_req, res) => { resolve(`refused ${res.statusCode}`); ws.terminate(); });
    ws.once('error', (err) => resolve(`error ${err.message}`));
  });
}

/**
 * Each test opens its own page in a fresh browser context (its own localStorage), so none
 * depends on what another left behind, and it stops what it started.
 */
async function freshPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  return { context, page };
}

async function withLessonPage(use: (page: Page) => Promise<void>): Promise<void> {
  const { context, page } = await freshPage();
  try {
    await openLesson(page, server.baseUrl, LESSON);
    await use(page);
  } finally {
    if (await page.isEnabled(byTestId('stop')).catch(() => false)) {
      await page.click(byTestId('stop'));
      await waitFor(page, `${byTestId('run-state')}[data-state="exited"]`, 10_000, 'the stop after the test');
    }
    await context.close();
  }
}

describe('walking skeleton against the local runner', () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the home page links to lesson 01, which is crossOriginIsolated and knows its runner', async () => {
    const { context, page } = await freshPage();
    try {
      await page.goto(`${server.baseUrl}/`);
      await page.click(`${byTestId('lesson-link')}[data-lesson="${LESSON}"]`);
      await page.waitForURL(`**/lessons/${LESSON}/`);
      assert.equal(await page.evaluate(() => crossOriginIsolated), true);
      await page.waitForSelector('[data-playground][data-ready="true"]');
      await waitFor(page, `${byTestId('runtime-banner')}[data-choice="chosen"][data-runtime="local"]`, 10_000, 'the local runner');
      assert.match(await page.textContent(byTestId('runtime-banner')) ?? '', /Local runner/);
      assert.equal(await page.isEnabled(byTestId('run')), true);
      assert.equal(await page.textContent(byTestId('file-name')), 'leaky.js', 'the editor tab names the lesson file');
    } finally {
      await context.close();
    }
  });

  test('Run on leaky.js prints output, draws points and is called leaking within ten seconds', (t) => withLessonPage(async (page) => {
    const startedAt = Date.now();
    await runUntilRunning(page);
    await waitForTerminal(page, /listening on/, 10_000);
    await waitForVerdict(page, 'leaking', clampTimeout(10_000 - (Date.now() - startedAt)));
    t.diagnostic(`called leaking ${Date.now() - startedAt} ms after Run`);
    const points = await numberAttribute(page, 'heap-chart', 'data-points');
    assert.ok(points > 0, `the chart has ${points} points`);
    assert.equal(await page.getAttribute(byTestId('verdict'), 'data-figure'), 'heapUsed');
    assert.ok(await numberAttribute(page, 'requests', 'data-requests') > 0, 'requests were counted');
  }));

  test('the chart reads the heap on a left axis and rss on a right one of its own, and the legend says which', () => withLessonPage(async (page) => {
    await runUntilRunning(page);
    await waitForCount(page, 'heap-chart', 'data-points', 5, 10_000);
    await waitForCount(page, 'heap-chart', 'data-process-axis-max', 1, 5_000);
    const chart = byTestId('heap-chart');
    const legend = await page.locator(`${chart} .u-legend .u-series .u-label`).allInnerTexts();
    for (const label of ['heapUsed (left axis)', 'heapTotal (left axis)', 'heapUsed floor after GC (left axis)', 'rss (right axis)', 'external (right axis)']) {
      assert.ok(legend.includes(label), `the legend shows "${label}"; it shows ${JSON.stringify(legend)}`);
    }
    const axisSides = await page.$eval(chart, (el) => {
      const plot = el.querySelector('.u-over')!.getBoundingClientRect();
      return [...el.querySelectorAll('.u-axis')].map((axis) => {
        const r = axis.getBoundingClientRect();
        return r.right <= plot.left + 1 ? 'left' : r.left >= plot.right - 1 ? 'right' : 'below';
      }).sort();
    });
    assert.deepEqual(axisSides, ['below', 'left', 'right'], 'one x axis and a y axis on each side of the plot');
    // rss is several times heapUsed: on its own scale the heap axis tops out well below it.
    const heapMaxMb = await numberAttribute(page, 'heap-chart', 'data-heap-axis-max');
    const processMaxMb = await numberAttribute(page, 'heap-chart', 'data-process-axis-max');
    assert.ok(heapMaxMb > 0 && heapMaxMb < processMaxMb, `heap axis up to ${heapMaxMb} MB, rss axis up to ${processMaxMb} MB`);
    // The legend still toggles a series: hiding rss rescales the right axis to external alone.
    const rssRow = page.locator(`${chart} .u-legend .u-series`, { hasText: 'rss (right axis)' });
    await rssRow.locator('.u-label').click();
    await page.waitForFunction(([sel, mb]) => Number(document.querySelector(sel)?.getAttribute('data-process-axis-max')) < mb,
      [chart, processMaxMb / 2] as const, { timeout: 5000 });
    assert.match(await rssRow.getAttribute('class') ?? '', /u-off/);
    await rssRow.locator('.u-label').click();
    await page.waitForFunction(([sel, mb]) => Number(document.querySelector(sel)?.getAttribute('data-process-axis-max')) >= mb,
      [chart, processMaxMb] as const, { timeout: 5000 });
  }));

  test('Show fix, then Run, is called flat', () => withLessonPage(async (page) => {
    await page.click(byTestId('show-fix'));
    assert.match(await editorText(page), /auditLog\.shift\(\)/);
    assert.equal(await page.textContent(byTestId('file-name')), 'fixed.js', 'the editor tab names the file it shows');
    await runUntilRunning(page);
    await waitForTerminal(page, /node main\.js {3}\(fixed\.js\)/, 5_000);
    await waitForVerdict(page, 'flat', 25_000);
  }));

  test('Restart replaces the run, and Stop ends it and leaves no process behind', () => withLessonPage(async (page) => {
    const firstPid = await runUntilRunning(page);
    assert.equal(await page.textContent(byTestId('run')), 'Restart');
    const secondPid = await runUntilRunning(page);
    assert.notEqual(secondPid, firstPid, 'a new process runs');
    await waitForTerminal(page, /\[replaced by a new run\]/, 10_000);
    assert.equal(await waitForExit(firstPid, 5_000), true, `the replaced run's pid ${firstPid} is still alive`);

    await page.click(byTestId('stop'));
    await waitFor(page, `${byTestId('run-state')}[data-state="exited"]`, 10_000, 'the stop');
    await waitForTerminal(page, /\[stopped\]/, 5_000);
    assert.equal(await waitForExit(secondPid, 5_000), true, `pid ${secondPid} is still alive after Stop`);
    assert.deepEqual(runProcesses(), []);
    assert.equal(await page.isEnabled(byTestId('run')), true, 'Run works again');
    assert.equal(await page.isEnabled(byTestId('stop')), false);
  }));

  test('Stop pressed right after Run, before the runner has heard of the run, still stops it', () => withLessonPage(async (page) => {
    await waitFor(page, `${byTestId('run')}:not([disabled])`, 10_000, 'Run');
    // Both presses inside one task of the page: the first run's socket cannot be open yet.
    await page.evaluate(async ([run, stop]) => {
      (document.querySelector(run) as HTMLButtonElement).click();
      await Promise.resolve(); // the views show 'starting', so Stop is enabled
      (document.querySelector(stop) as HTMLButtonElement).click();
    }, [byTestId('run'), byTestId('stop')] as const);
    await waitFor(page, `${byTestId('run-state')}[data-state="exited"]`, 15_000, 'the run to end as stopped');
    await waitForTerminal(page, /\[stopped\]/, 5_000);
    assert.equal(await page.textContent(byTestId('run-state')), 'Ended (stopped)');
    const deadline = Date.now() + 5_000;
    while (runProcesses().length > 0 && Date.now() < deadline) await sleep(50);
    assert.deepEqual(runProcesses(), []);
  }));

  test('an edit survives a reload, and Reset asks before restoring leaky.js', () => withLessonPage(async (page) => {
    await page.click(`${byTestId('editor')} .cm-content`);
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('// my edit\n');
    await page.waitForSelector(`${byTestId('edited')}:not([hidden])`);
    assert.equal(await page.textContent(byTestId('file-name')), 'your edit of leaky.js');
    // The save is debounced: wait until it is written, not for a guess at how long that takes.
    await page.waitForFunction((key) => localStorage.getItem(key)?.includes('// my edit') === true, `leaklab:edit:${LESSON}`, { timeout: 5_000 });
    await page.reload();
    await page.waitForSelector('[data-playground][data-ready="true"]');
    assert.match(await editorText(page), /^\/\/ my edit/);
    assert.equal(await page.isVisible(byTestId('edited')), true);
    assert.equal(await page.textContent(byTestId('file-name')), 'your edit of leaky.js');

    let question = '';
    page.once('dialog', (dialog) => { question = dialog.message(); void dialog.dismiss(); });
    await page.click(byTestId('reset'));
    assert.match(question, /Discard your edits/);
    assert.match(await editorText(page), /^\/\/ my edit/, 'dismissing keeps the edit');

    page.once('dialog', (dialog) => { void dialog.accept(); });
    await page.click(byTestId('reset'));
    assert.doesNotMatch(await editorText(page), /my edit/);
    assert.equal(await page.isVisible(byTestId('edited')), false);
    assert.equal(await page.textContent(byTestId('file-name')), 'leaky.js');
  }));

  test('a page without a runner token, asked for the local runner, says none served it and cannot take snapshots', async () => {
    const lessonUrl = `${server.baseUrl}/lessons/${LESSON}/`;
    const { context, page } = await freshPage();
    try {
      // What a static preview serves: the same page without the meta tag the runner injects.
      await page.route(`${lessonUrl}?runtime=local`, async (route) => {
        const response = await route.fetch();
        const body = (await response.text()).replace(/<meta name="leaklab-runner"[^>]*>/, '');
        await route.fulfill({ response, body });
      });
      await page.goto(`${lessonUrl}?runtime=local`);
      await page.waitForSelector('[data-playground][data-ready="true"]');
      // A runtime that cannot be had falls back to the recording and says why.
      await waitFor(page, `${byTestId('runtime-banner')}:not([data-choice="choosing"])`, 15_000, 'the runtime choice');
      assert.match(await page.textContent(byTestId('runtime-banner')) ?? '', /No local runner/);
      assert.notEqual(await page.getAttribute(byTestId('runtime-banner'), 'data-runtime'), 'local');
      assert.equal(await page.isEnabled(byTestId('snapshot')), false, 'no live runtime, no snapshots');
      assert.notEqual((await page.textContent(byTestId('snapshot-reason')))?.trim() ?? '', '', 'the Snapshot button says why it is off');
    } finally {
      await context.close();
    }
  });

  test('the WebSocket refuses a foreign or missing Origin', async () => {
    const url = `${server.baseUrl.replace('http:', 'ws:')}/ws`;
    assert.equal(await tryWebSocket(url, server.baseUrl), 'open', 'the page origin itself is accepted');
    assert.notEqual(await tryWebSocket(url, 'http://evil.example'), 'open');
    assert.notEqual(await tryWebSocket(url, undefined), 'open');
  });
});
