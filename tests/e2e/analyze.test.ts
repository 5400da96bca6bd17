import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { byTestId, diffRows, launchBrowser, waitFor } from '../../scripts/support/browser.ts';
import { startServer, type RunningServer } from '../../scripts/support/serve.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TMP = path.join(ROOT, 'tests/.tmp/e2e-analyze');
/** The fixture's class and how many it keeps between its two snapshots. */
const CLASS_NAME = 'LeakLabProbeItem';
const COUNT = 1234;

let server: RunningServer;
let browser: Browser;
let page: Page;

async function openAnalyze(): Promise<void> {
  await page.goto(`${server.baseUrl}/analyze/`);
  await page.waitForSelector('[data-analyze][data-ready="true"]');
}

describe('/analyze: bring your own snapshots', () => {
  before(async () => {
    await rm(TMP, { recursive: true, force: true });
    await mkdir(TMP, { recursive: true });
    await promisify(execFile)(process.execPath, ['tests/e2e/fixtures/two-snapshots.cjs', TMP, String(COUNT)], { cwd: ROOT });
    const after = await readFile(path.join(TMP, 'after.heapsnapshot'));
    await writeFile(path.join(TMP, 'truncated.heapsnapshot'), after.subarray(0, Math.floor(after.length / 2)));
    await writeFile(path.join(TMP, 'notes.heapsnapshot'), 'These are my notes, not a heap snapshot.\n');
    // Production snapshots often travel gzipped; named so that the page's order is the right one.
    await writeFile(path.join(TMP, '1-before.heapsnapshot.gz'), gzipSync(await readFile(path.join(TMP, 'before.heapsnapshot'))));
    await writeFile(path.join(TMP, '2-after.heapsnapshot.gz'), gzipSync(after));
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the home page links to /analyze', async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.click(byTestId('analyze-link'));
    await page.waitForURL('**/analyze/');
    await page.waitForSelector('[data-analyze][data-ready="true"]');
  });

  test('two snapshots from a test program show the exact count delta of its class', async (t) => {
    await openAnalyze();
    const startedAt = Date.now();
    // Chosen in the wrong order on purpose: the page orders them by name (after < before), and ↑ fixes it.
    await page.setInputFiles(byTestId('file-input'), [path.join(TMP, 'before.heapsnapshot'), path.join(TMP, 'after.heapsnapshot')]);
    await waitFor(page, `${byTestId('diff-table')} tr[data-class="${CLASS_NAME}"]`, 60_000, 'the comparison');
    t.diagnostic(`two ${(await page.textContent(`${byTestId('snapshot-row')} .size`))} files opened and compared in ${Date.now() - startedAt} ms`);
    const labels = await page.$$eval(`${byTestId('snapshot-row')} .label`, (els) => els.map((e) => e.textContent));
    assert.deepEqual(labels, ['after.heapsnapshot', 'before.heapsnapshot'], 'ordered by file name');
    let row = (await diffRows(page)).find((r) => r.name === CLASS_NAME);
    assert.equal(row?.countDelta, -COUNT, 'after -> before: the items went away');

    await page.click(`${byTestId('snapshot-row')}:nth-child(2) ${byTestId('snapshot-up')}`);
    await page.click(byTestId('compare'));
    await page.waitForSelector(`${byTestId('comparison-heading')}:has-text("before.heapsnapshot → after.heapsnapshot")`, { timeout: 30_000 });
    await page.waitForFunction(([table, name]) => document.querySelector(`${table} tr[data-class="${name}"] td:nth-child(4)`)?.textContent?.startsWith('+'), [byTestId('diff-table'), CLASS_NAME] as const, { timeout: 30_000 });
    row = (await diffRows(page)).find((r) => r.name === CLASS_NAME);
    assert.equal(row?.countDelta, COUNT, `${CLASS_NAME} grew by exactly ${COUNT}`);
    assert.equal((await diffRows(page))[0].name, CLASS_NAME, 'and ranks first');
    await page.screenshot({ path: path.join(TMP, 'analyze.png') });
  });

  test('a truncated file and a file that is no snapshot get clear errors, and a good file opens after them', async () => {
    await openAnalyze();
    await page.setInputFiles(byTestId('file-input'), path.join(TMP, 'truncated.heapsnapshot'));
    await waitFor(page, `${byTestId('snapshot-message')}[data-level="error"]`, 30_000, 'the truncated file error');
    const truncated = await page.textContent(byTestId('snapshot-message')) ?? '';
    assert.match(truncated, /truncated\.heapsnapshot/, 'names the file');
    assert.match(truncated, /byte \d/, 'says where');

    await page.setInputFiles(byTestId('file-input'), path.join(TMP, 'notes.heapsnapshot'));
    await page.waitForSelector(`${byTestId('snapshot-message')}:has-text("notes.heapsnapshot")`, { timeout: 30_000 });
    const notes = await page.textContent(byTestId('snapshot-message')) ?? '';
    assert.match(notes, /byte \d/, `says where: ${notes}`);
    await page.screenshot({ path: path.join(TMP, 'analyze-error.png') });
    assert.equal(await page.getAttribute(byTestId('snapshot-list'), 'data-count'), '0', 'broken files are not listed');

    await page.setInputFiles(byTestId('file-input'), path.join(TMP, 'after.heapsnapshot'));
    await waitFor(page, `${byTestId('summary-table')} tr[data-class="${CLASS_NAME}"]`, 60_000, 'the summary of a good file');
    assert.equal(await page.isHidden(byTestId('snapshot-message')), true, 'the error is gone');
    const count = await page.textContent(`${byTestId('summary-table')} tr[data-class="${CLASS_NAME}"] td:nth-child(2)`);
    assert.equal(count, COUNT.toLocaleString('en'));
  });

  test('gzipped snapshots open and compare as the plain ones do', async () => {
    await openAnalyze();
    await page.setInputFiles(byTestId('file-input'), [path.join(TMP, '1-before.heapsnapshot.gz'), path.join(TMP, '2-after.heapsnapshot.gz')]);
    await waitFor(page, `${byTestId('diff-table')} tr[data-class="${CLASS_NAME}"]`, 60_000, 'the comparison of the gzipped files');
    const row = (await diffRows(page)).find((r) => r.name === CLASS_NAME);
    assert.equal(row?.countDelta, COUNT, `${CLASS_NAME} grew by exactly ${COUNT}`);
  });
});
