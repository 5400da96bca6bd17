import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { startServer, type RunningServer } from '../../scripts/support/serve.ts';

const LESSON = '01-global-variables';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let server: RunningServer;
let browser: Browser;
let page: Page;

const byTestId = (id: string): string => `[data-testid="${id}"]`;

async function terminalText(): Promise<string> {
  const text = await page.locator(`${byTestId('terminal')} .xterm-rows`).innerText();
  return text.replace(/\u00a0/g, ' ');
}

async function waitForTerminal(pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(await terminalText())) {
    if (Date.now() > deadline) assert.fail(`The terminal never showed ${pattern} within ${timeoutMs} ms. It shows:\n${await terminalText()}`);
    await page.waitForTimeout(100);
  }
}

async function waitForAttribute(testId: string, name: string, value: string, timeoutMs: number): Promise<void> {
  try {
    await page.waitForSelector(`${byTestId(testId)}[${name}="${value}"]`, { timeout: timeoutMs });
  } catch (err) {
    const actual = await page.getAttribute(byTestId(testId), name);
    const text = await page.textContent(byTestId(testId));
    const detail = testId === 'verdict' ? ` Reason: ${await page.textContent(byTestId('verdict-detail'))}` : '';
    throw new Error(`${testId} never had ${name}="${value}" within ${timeoutMs} ms; it has "${actual}" ("${text}").${detail}\nTerminal:\n${await terminalText()}`, { cause: err });
  }
}

async function editorText(): Promise<string> {
  return page.locator(`${byTestId('editor')} .cm-content`).innerText();
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
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

describe('walking skeleton against the local runner', () => {
  before(async () => {
    server = await startServer();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the home page links to lesson 01, which is crossOriginIsolated and knows its runner', async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.click(`${byTestId('lesson-link')}[data-lesson="${LESSON}"]`);
    await page.waitForURL(`**/lessons/${LESSON}/`);
    assert.equal(await page.evaluate(() => crossOriginIsolated), true);
    await page.waitForSelector('[data-playground][data-ready="true"]');
    assert.match(await page.textContent(byTestId('runtime-banner')) ?? '', /Local runner/);
    assert.equal(await page.isEnabled(byTestId('run')), true);
  });

  test('Run on leaky.js prints output, draws points and is called leaking within ten seconds', async (t) => {
    const startedAt = Date.now();
    await page.click(byTestId('run'));
    await waitForAttribute('run-state', 'data-state', 'running', 10_000);
    await waitForTerminal(/listening on/, 10_000);
    await waitForAttribute('verdict', 'data-verdict', 'leaking', 10_000 - (Date.now() - startedAt));
    t.diagnostic(`called leaking ${Date.now() - startedAt} ms after Run`);
    const points = Number(await page.getAttribute(byTestId('heap-chart'), 'data-points'));
    assert.ok(points > 0, `the chart has ${points} points`);
    assert.equal(await page.getAttribute(byTestId('verdict'), 'data-figure'), 'heapUsed');
    assert.ok(Number(await page.getAttribute(byTestId('requests'), 'data-requests')) > 0, 'requests were counted');
  });

  test('the chart reads the heap on a left axis and rss on a right one of its own, and the legend says which', async () => {
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
    const axisMax = async (scale: string): Promise<number> => Number(await page.getAttribute(chart, `data-${scale}-axis-max`));
    const heapMaxMb = await axisMax('heap');
    const processMaxMb = await axisMax('process');
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
  });

  test('Show fix, then Run, is called flat', async () => {
    await page.click(byTestId('show-fix'));
    assert.match(await editorText(), /auditLog\.shift\(\)/);
    await page.click(byTestId('run'));
    await waitForTerminal(/\[replaced by a new run\]/, 10_000);
    await waitForAttribute('run-state', 'data-state', 'running', 10_000);
    await waitForAttribute('verdict', 'data-verdict', 'flat', 25_000);
  });

  test('Stop ends the run and leaves no process behind', async () => {
    const pid = Number(await page.getAttribute(byTestId('run-state'), 'data-pid'));
    assert.ok(pid > 0, 'the run-state element carries the pid');
    assert.equal(isProcessAlive(pid), true);
    await page.click(byTestId('stop'));
    await waitForAttribute('run-state', 'data-state', 'exited', 10_000);
    await waitForTerminal(/\[stopped\]/, 5_000);
    const deadline = Date.now() + 5_000;
    while (isProcessAlive(pid) && Date.now() < deadline) await page.waitForTimeout(100);
    assert.equal(isProcessAlive(pid), false, `pid ${pid} is still alive after Stop`);
    assert.deepEqual(runProcesses(), []);
    assert.equal(await page.isEnabled(byTestId('run')), true, 'Run works again');
    assert.equal(await page.isEnabled(byTestId('stop')), false);
  });

  test('an edit survives a reload, and Reset asks before restoring leaky.js', async () => {
    await page.click(byTestId('reset')); // back to leaky.js, nothing to confirm
    await page.click(`${byTestId('editor')} .cm-content`);
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('// my edit\n');
    await page.waitForSelector(`${byTestId('edited')}:not([hidden])`);
    await page.waitForTimeout(600); // the save is debounced
    await page.reload();
    await page.waitForSelector('[data-playground][data-ready="true"]');
    assert.match(await editorText(), /^\/\/ my edit/);
    assert.equal(await page.isVisible(byTestId('edited')), true);

    let question = '';
    page.once('dialog', (dialog) => { question = dialog.message(); void dialog.dismiss(); });
    await page.click(byTestId('reset'));
    assert.match(question, /Discard your edits/);
    assert.match(await editorText(), /^\/\/ my edit/, 'dismissing keeps the edit');

    page.once('dialog', (dialog) => { void dialog.accept(); });
    await page.click(byTestId('reset'));
    assert.doesNotMatch(await editorText(), /my edit/);
    assert.equal(await page.isVisible(byTestId('edited')), false);
  });

  test('a page without a runner token, asked for the local runner, says none served it and cannot take snapshots', async () => {
    const lessonUrl = `${server.baseUrl}/lessons/${LESSON}/`;
    const other = await browser.newPage();
    try {
      // What a static preview serves: the same page without the meta tag the runner injects.
      await other.route(`${lessonUrl}?runtime=local`, async (route) => {
        const response = await route.fetch();
        const body = (await response.text()).replace(/<meta name="leaklab-runner"[^>]*>/, '');
        await route.fulfill({ response, body });
      });
      await other.goto(`${lessonUrl}?runtime=local`);
      await other.waitForSelector('[data-playground][data-ready="true"]');
      // Since the runtime choice, a runtime that cannot be had falls back to the recording and says why.
      await other.waitForSelector(`${byTestId('runtime-banner')}:not([data-runtime="none"])`, { timeout: 15_000 });
      assert.match(await other.textContent(byTestId('runtime-banner')) ?? '', /No local runner/);
      assert.notEqual(await other.getAttribute(byTestId('runtime-banner'), 'data-runtime'), 'local');
      assert.equal(await other.isEnabled(byTestId('snapshot')), false, 'no live runtime, no snapshots');
      assert.notEqual((await other.textContent(byTestId('snapshot-reason')))?.trim() ?? '', '', 'the Snapshot button says why it is off');
    } finally {
      await other.close();
    }
  });

  test('the WebSocket refuses a foreign or missing Origin', async () => {
    const url = `${server.baseUrl.replace('http:', 'ws:')}/ws`;
    assert.equal(await tryWebSocket(url, server.baseUrl), 'open', 'the page origin itself is accepted');
    assert.notEqual(await tryWebSocket(url, 'http://evil.example'), 'open');
    assert.notEqual(await tryWebSocket(url, undefined), 'open');
  });
});
