// Heap snapshots in the lesson 01 playground. Each test opens its own page and starts its own
// run, so any one runs alone (--test-name-pattern) and in any order; they run at once (one
// server and one browser, a page and a run each: the runner allows four runs) so the file takes
// about as long as its longest test.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { readLesson } from '../../src/lessons/read-lesson.ts';
import { byTestId, diffRows, launchBrowser, waitFor } from '../../scripts/support/browser.ts';
import { startServer, type RunningServer } from '../../scripts/support/serve.ts';
import { numberAttribute, openLesson, runUntilRunning, waitForCount } from './playground-page.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LESSON = '01-global-variables';
const TMP = path.join(ROOT, 'tests/.tmp/e2e-snapshots');

let server: RunningServer;
let browser: Browser;
let leakingClass: string;

/** A page of its own with lesson 01 running; stopped and closed when the test ends. */
async function runningLesson(t: { after: (fn: () => Promise<void>) => void }): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  t.after(async () => {
    // Stop the run before closing, so the runner does not wait for the socket to time out.
    await page.click(byTestId('stop'), { timeout: 2_000 }).catch(() => undefined);
    await page.close();
  });
  await openLesson(page, server.baseUrl, LESSON);
  assert.equal(await page.isDisabled(byTestId('snapshot')), true, 'Snapshot waits for a run');
  await runUntilRunning(page);
  await page.waitForSelector(`${byTestId('snapshot')}:not([disabled])`, { timeout: 5_000 });
  return page;
}

/** Presses Snapshot when it can be pressed, and waits until the snapshot is listed as ready. */
async function takeSnapshot(page: Page, what: string): Promise<void> {
  const ready = await page.locator(`${byTestId('snapshot-row')}[data-status="ready"]`).count();
  await page.waitForSelector(`${byTestId('snapshot')}:not([disabled])`, { timeout: 10_000 });
  await page.click(byTestId('snapshot'));
  await waitFor(page, `${byTestId('snapshot-row')}[data-status="ready"] >> nth=${ready}`, 30_000, what);
}

/** Two snapshots `requestsBetween` requests apart, then the comparison the page shows by itself; returns how long the first took. */
async function compareTwo(page: Page, requestsBetween: number): Promise<number> {
  const startedAt = Date.now();
  await takeSnapshot(page, 'the first snapshot');
  const firstMs = Date.now() - startedAt;
  // Load keeps adding records: wait until it has sent that many more requests.
  await waitForCount(page, 'requests', 'data-requests', await numberAttribute(page, 'requests', 'data-requests') + requestsBetween, 20_000);
  await takeSnapshot(page, 'the second snapshot');
  await waitFor(page, `${byTestId('diff-table')} tbody tr`, 40_000, 'the comparison after the second snapshot');
  return firstMs;
}

describe('heap snapshots in the lesson 01 playground', { concurrency: true }, () => {
  before(async () => {
    const lesson = await readLesson(path.join(ROOT, 'lessons', LESSON));
    assert.ok(lesson.meta.leakingClass, 'lesson 01 names its leaking class');
    leakingClass = lesson.meta.leakingClass;
    await rm(TMP, { recursive: true, force: true });
    await mkdir(TMP, { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('two snapshots a few seconds apart put the leaking class first, with a positive count delta', async (t) => {
    const page = await runningLesson(t);
    // 500 requests apart: 2.5 s at the lesson's 200/s.
    const firstMs = await compareTwo(page, 500);
    t.diagnostic(`first snapshot taken, fetched and parsed in ${firstMs} ms; ${await page.textContent(`${byTestId('snapshot-row')} .opened`)}`);
    assert.equal(await page.getAttribute(byTestId('heap-chart'), 'data-snapshot-marks'), '2', 'the chart marks both snapshots');

    const rows = await diffRows(page);
    t.diagnostic(`top rows: ${rows.slice(0, 4).map((r) => `${r.name} ${r.countDelta}`).join(', ')}`);
    assert.equal(rows[0].name, leakingClass, `the first row is ${leakingClass}`);
    assert.ok(rows[0].countDelta > 0, `${leakingClass} grew (delta ${rows[0].countDelta})`);
    assert.equal(await page.getAttribute(`${byTestId('diff-table')} tbody tr:first-child`, 'class'), 'is-lesson-class');
    await page.screenshot({ path: path.join(TMP, 'comparison.png'), fullPage: false });
  });

  test('selecting the leaking class in a comparison shows a retainer path through the module-level array', async (t) => {
    const page = await runningLesson(t);
    // A second of load between the two is enough for the class to be among the comparison's rows.
    await compareTwo(page, 200);
    await page.click(`${byTestId('diff-table')} tr[data-class="${leakingClass}"]`);
    await waitFor(page, `${byTestId('retainers')}[data-status="ready"]`, 30_000, 'the retainers');
    const edges = await page.$$eval(byTestId('retainer-step'), (steps) => steps.map((s) => (s as HTMLElement).dataset.edge));
    // leaky.js keeps every record in `const auditLog = []`.
    assert.ok(edges.includes('auditLog'), `a step names auditLog; steps: ${edges.join(' -> ')}`);
    await page.locator(byTestId('retainers')).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(TMP, 'retainers.png'), fullPage: false });
  });

  test('a downloaded snapshot re-reads with the same class count in the CLI', async (t) => {
    const page = await runningLesson(t);
    // Let the leak keep a few hundred records first, so the class is among the page's top rows.
    await waitForCount(page, 'requests', 'data-requests', 500, 20_000);
    await takeSnapshot(page, 'the snapshot');
    const row = page.locator(byTestId('snapshot-row')).last();
    const [download] = await Promise.all([page.waitForEvent('download'), row.locator(byTestId('snapshot-download')).click()]);
    assert.match(download.suggestedFilename(), /\.heapsnapshot$/);
    const file = path.join(TMP, download.suggestedFilename());
    await download.saveAs(file);

    // The page's own count of the class in that snapshot: its summary.
    await row.locator(byTestId('snapshot-summary')).click();
    await waitFor(page, `${byTestId('summary-table')} tr[data-class="${leakingClass}"]`, 30_000, 'the summary');
    const shown = Number((await page.textContent(`${byTestId('summary-table')} tr[data-class="${leakingClass}"] td:nth-child(2)`) ?? '').replace(/,/g, ''));

    const { stdout } = await promisify(execFile)(process.execPath, ['bin/leaklab.js', 'summary', file, '--top', '1000', '--json'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    const summary = JSON.parse(stdout) as { classes: { name: string; count: number }[] };
    const cli = summary.classes.find((c) => c.name === leakingClass)?.count;
    assert.ok(shown > 0, `the page shows ${leakingClass} objects (${shown})`);
    assert.equal(cli, shown, `the CLI counts ${cli} ${leakingClass}, the page showed ${shown}`);
  });
});
