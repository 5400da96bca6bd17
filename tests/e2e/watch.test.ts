import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { byTestId, diffRows, launchBrowser, waitFor } from '../../scripts/support/browser.ts';
import { numberAttribute, waitForCount } from './playground-page.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURE = 'tests/fixtures/watch/growing-list.js';
/** `leaklab watch` may build the site first; that takes a while on two cores. */
const START_TIMEOUT_MS = 180_000;

let watcher: ChildProcess;
let dashboardUrl: string;
let browser: Browser;
let page: Page;

/** Starts `leaklab watch --port 0 -- <fixture>` and resolves with the /watch/ address it prints. */
function startWatch(): Promise<string> {
  watcher = spawn(process.execPath, ['bin/leaklab.js', 'watch', '--port', '0', '--', FIXTURE], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`leaklab watch printed no address within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    const onData = (text: string): void => {
      output += text;
      const match = /open (http:\/\/\S+\/watch\/)/.exec(output);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    };
    watcher.stdout!.setEncoding('utf8').on('data', onData);
    watcher.stderr!.setEncoding('utf8').on('data', onData);
    watcher.once('exit', (code) => { clearTimeout(timer); reject(new Error(`leaklab watch exited with ${code}:\n${output}`)); });
  });
}

function stopWatch(): Promise<void> {
  if (!watcher || watcher.exitCode !== null || watcher.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => watcher.kill('SIGKILL'), 5000);
    watcher.once('exit', () => { clearTimeout(timer); resolve(); });
    watcher.kill('SIGTERM');
  });
}

describe('/watch: the dashboard for leaklab watch', () => {
  before(async () => {
    dashboardUrl = await startWatch();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  });

  after(async () => {
    await browser?.close();
    await stopWatch();
  });

  test('Run starts the watched program: its samples reach the chart, and snapshots compare', async (t) => {
    await page.goto(dashboardUrl);
    await page.waitForSelector('[data-watch][data-ready="true"]');
    await page.click(byTestId('run'));
    await waitFor(page, `${byTestId('run-state')}[data-state="running"]`, 15_000, 'the watched run');
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-points')) >= 3, byTestId('heap-chart'), { timeout: 15_000 });
    assert.match(await page.locator(`${byTestId('terminal')} .xterm-rows`).innerText(), /growing-list: started/);

    await page.click(byTestId('snapshot'));
    await waitFor(page, `${byTestId('snapshot-row')}[data-status="ready"]`, 30_000, 'the first snapshot');
    // The program keeps a WatchedEntry every 10 ms: let 2 s more of samples reach the chart.
    await waitForCount(page, 'heap-chart', 'data-points', await numberAttribute(page, 'heap-chart', 'data-points') + 10, 15_000);
    await page.click(byTestId('snapshot'));
    await waitFor(page, `${byTestId('diff-table')} tr[data-class="WatchedEntry"]`, 30_000, 'the comparison');
    const row = (await diffRows(page)).find((r) => r.name === 'WatchedEntry');
    t.diagnostic(`WatchedEntry grew by ${row?.countDelta} between the snapshots`);
    assert.ok((row?.countDelta ?? 0) > 50, 'WatchedEntry grew between the snapshots');
    assert.equal(await page.getAttribute(byTestId('heap-chart'), 'data-snapshot-marks'), '2');
    await page.screenshot({ path: path.join(ROOT, 'tests/.tmp/e2e-watch.png') });
    await page.click(byTestId('stop'));
    await waitFor(page, `${byTestId('run-state')}[data-state="exited"]`, 10_000, 'the stop');
  });
});
