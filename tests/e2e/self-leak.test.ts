import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { byTestId, launchBrowser, waitFor } from '../../scripts/support/browser.ts';
import { startServer, type RunningServer } from '../../scripts/support/serve.ts';

const LESSON = '01-global-variables';
const CYCLES = 50;
/** Cycles that also take two snapshots (and so a comparison) before Stop: 10 snapshots in all. */
const SNAPSHOT_CYCLES = 5;
/**
 * How far the tab's heap may end above where it was after the first cycle. What grows without
 * being a leak (seen by comparing two CDP snapshots of the tab with our own analyzer): compiled
 * code as more paths get optimised, xterm's scrollback lines (capped at 5000), and Chromium's
 * buffer of LayoutShift entries (capped at 150). About 0.65 MB over 50 cycles when measured.
 */
const MARGIN_BYTES = 2 * 1024 * 1024;
/** Starts at once and answers the load driver; nothing to leak. */
const QUICK_PROGRAM = "require('node:http').createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT) || 3000, () => console.log('up'));";

let server: RunningServer;
let browser: Browser;
let page: Page;
let cdp: CDPSession;

/** The tab's own JS heap after two full GCs. */
async function heapAfterGc(): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize;
}

async function cycle(snapshots: number): Promise<void> {
  await page.click(byTestId('run'));
  await waitFor(page, `${byTestId('run-state')}[data-state="running"]`, 15_000, 'the run');
  for (let i = 0; i < snapshots; i++) {
    await page.waitForSelector(`${byTestId('snapshot')}:not([disabled])`, { timeout: 10_000 });
    await page.click(byTestId('snapshot'));
    await waitFor(page, `${byTestId('snapshot-list')}[data-count="${i + 1}"] ${byTestId('snapshot-row')}:nth-child(${i + 1})[data-status="ready"]`, 30_000, `snapshot ${i + 1}`);
  }
  if (snapshots >= 2) {
    await waitFor(page, `${byTestId('diff-table')} tbody tr`, 30_000, 'the comparison');
    await page.click(`${byTestId('diff-table')} tbody tr:first-child`);
    await waitFor(page, `${byTestId('retainers')}[data-status="ready"], ${byTestId('retainers')}[data-status="failed"]`, 30_000, 'the retainers');
  }
  await page.click(byTestId('stop'));
  await waitFor(page, `${byTestId('run-state')}[data-state="exited"]`, 10_000, 'the stop');
  // Delete what this cycle took: kept snapshots are the learner's to keep, not a leak.
  while (await page.locator(byTestId('snapshot-delete')).count() > 0) await page.locator(byTestId('snapshot-delete')).first().click();
  await page.waitForSelector(`${byTestId('snapshot-list')}[data-count="0"]`, { state: 'attached' });
}

describe('the playground does not leak itself', () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
    cdp = await page.context().newCDPSession(page);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test(`${CYCLES} Run/Stop cycles and ${SNAPSHOT_CYCLES * 2} snapshots leave the tab's heap where the first cycle left it`, { timeout: 240_000 }, async (t) => {
    await page.goto(`${server.baseUrl}/lessons/${LESSON}/`);
    await page.waitForSelector('[data-playground][data-ready="true"]');
    await page.click(`${byTestId('editor')} .cm-content`);
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(QUICK_PROGRAM);
    await page.click(byTestId('tab-snapshots'));

    const startedAt = Date.now();
    await cycle(2);
    const baseline = await heapAfterGc();
    for (let i = 1; i < CYCLES; i++) await cycle(i < SNAPSHOT_CYCLES ? 2 : 0);
    const end = await heapAfterGc();
    const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(2)} MB`;
    t.diagnostic(`${CYCLES} cycles in ${((Date.now() - startedAt) / 1000).toFixed(0)} s; tab heap after GC: ${mb(baseline)} after cycle 1, ${mb(end)} after cycle ${CYCLES} (${end >= baseline ? '+' : ''}${((end - baseline) / 1024).toFixed(0)} kB)`);
    assert.ok(end - baseline < MARGIN_BYTES, `the tab's heap grew by ${mb(end - baseline)} over ${CYCLES} cycles (allowed ${mb(MARGIN_BYTES)})`);
  });
});
