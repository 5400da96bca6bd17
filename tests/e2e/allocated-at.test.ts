// The "Allocated at" view: on a lesson page it shows the call paths whose live memory grew while
// the program ran, from the probe's sampling heap profiles, and a click on a frame of the
// learner's program marks that line; on /analyze it opens .heapprofile files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { byTestId, launchBrowser, waitFor } from '../../scripts/support/browser.ts';
import { startServer, type RunningServer } from '../../scripts/support/serve.ts';
import { openLesson, runUntilRunning } from './playground-page.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TMP = path.join(ROOT, 'tests/.tmp/e2e-allocated-at');

let server: RunningServer;
let browser: Browser;
let page: Page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The 1-based line of the only line of `text` that holds `needle`. */
function lineOf(text: string, needle: string): number {
  const found = text.split('\n').flatMap((line, k) => (line.includes(needle) ? [k + 1] : []));
  assert.equal(found.length, 1, `${JSON.stringify(needle)} is on one line`);
  return found[0];
}

test('lesson 01: the top growing path in "Allocated at" runs through the request handler of leaky.js, and a click marks that line', async () => {
  const leaky = readFileSync(path.join(ROOT, 'lessons/01-global-variables/leaky.js'), 'utf8');
  // V8 names the function an allocation happened in, at the line where it starts: the handler
  // that pushes a new AuditRecord per request starts here.
  const handlerLine = lineOf(leaky, 'http.createServer((req, res) =>');
  assert.ok(handlerLine < lineOf(leaky, 'auditLog.push(new AuditRecord('));
  await openLesson(page, server.baseUrl, '01-global-variables');
  await runUntilRunning(page);
  await page.click(byTestId('tab-allocations'));
  // Two profiles 5 s apart, the first after start-up.
  await waitFor(page, `${byTestId('allocation-panel')}[data-status="ready"] ${byTestId('alloc-program-frame')}`, 30_000, 'a growing path through main.js');
  const top = page.locator(`${byTestId('alloc-tree')} > details > summary`).first();
  const lines = await top.locator('..').locator(byTestId('alloc-program-frame')).evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-line'))));
  assert.ok(lines.includes(handlerLine), `the top path's frames of main.js are at lines ${lines.join(', ')}; the handler starts at ${handlerLine}`);
  assert.match(await top.innerText(), /\+[\d.]+ [kM]B · [\d.]+ [kM]?B\/s · [\d.]+ k?B\/request/);
  assert.ok(Number(await page.getAttribute(byTestId('alloc-flame'), 'data-boxes')) > 1, 'the flame graph has boxes');

  await page.locator(`${byTestId('alloc-program-frame')}[data-line="${handlerLine}"]`).first().click();
  await waitFor(page, byTestId('retainer-line'), 5_000, 'the marked line');
  assert.match(await page.locator(byTestId('retainer-line')).innerText(), /http\.createServer\(\(req, res\) =>/);
  await page.click(byTestId('stop'));
  await waitFor(page, `${byTestId('run-state')}[data-state="exited"]`, 10_000, 'the stop');
});

test('/analyze opens a .heapprofile written by node --heap-prof, shows its helper, and says what is wrong with a cut one', async () => {
  rmSync(TMP, { recursive: true, force: true });
  mkdirSync(TMP, { recursive: true });
  writeFileSync(path.join(TMP, 'cache.cjs'), `'use strict';
const entries = [];
exports.remember = function remember(id) {
  entries.push({ id, tags: new Array(32).fill(id) });
};
`);
  writeFileSync(path.join(TMP, 'main.cjs'), `'use strict';
const { remember } = require('./cache.cjs');
for (let i = 0; i < 20000; i++) remember(i);
globalThis.keep = remember;
`);
  execFileSync(process.execPath, ['--heap-prof', '--heap-prof-interval=4096', `--heap-prof-dir=${TMP}`, '--no-turbo-inlining', '--no-maglev-inlining', path.join(TMP, 'main.cjs')], { timeout: 60_000 });
  const [file] = readdirSync(TMP).filter((name) => name.endsWith('.heapprofile'));
  const text = readFileSync(path.join(TMP, file));
  writeFileSync(path.join(TMP, 'cut.heapprofile'), text.subarray(0, Math.floor(text.length / 2)));

  await page.goto(`${server.baseUrl}/analyze/`);
  await page.waitForSelector('[data-analyze][data-ready="true"]');
  await page.setInputFiles(byTestId('file-input'), [path.join(TMP, file)]);
  await waitFor(page, `${byTestId('allocation-panel')}[data-status="ready"]`, 20_000, 'the profile');
  assert.match(await page.textContent(byTestId('alloc-heading')) ?? '', /Live memory in .*\.heapprofile/);
  assert.match(await page.locator(byTestId('alloc-tree')).innerText(), /cache\.cjs:3:\d+ remember/);

  // Two profiles of one process a while apart (as the inspector returns them): what grew between them.
  writeFileSync(path.join(TMP, 'two.cjs'), `'use strict';
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { remember } = require('./cache.cjs');
const session = new Session();
session.connect();
const profile = (file) => session.post('HeapProfiler.getSamplingProfile', (err, reply) => writeFileSync(file, JSON.stringify(reply.profile)));
session.post('HeapProfiler.startSampling', { samplingInterval: 4096 }, () => {
  for (let i = 0; i < 5000; i++) remember(i);
  profile(process.argv[2]);
  for (let i = 0; i < 20000; i++) remember(i);
  profile(process.argv[3]);
});
`);
  execFileSync(process.execPath, ['--no-turbo-inlining', '--no-maglev-inlining', path.join(TMP, 'two.cjs'), path.join(TMP, '1-early.heapprofile'), path.join(TMP, '2-late.heapprofile')], { timeout: 60_000 });
  await page.setInputFiles(byTestId('file-input'), [path.join(TMP, '1-early.heapprofile'), path.join(TMP, '2-late.heapprofile')]);
  await waitFor(page, `${byTestId('alloc-heading')}:has-text("What grew from 1-early.heapprofile to 2-late.heapprofile")`, 20_000, 'the growth of two profiles');
  assert.match(await page.locator(byTestId('alloc-tree')).innerText(), /\+[\d.]+ MB[^\n]*\n[^\n]*cache\.cjs:3:\d+ remember|cache\.cjs:3:\d+ remember/);

  await page.setInputFiles(byTestId('file-input'), [path.join(TMP, 'cut.heapprofile')]);
  await waitFor(page, `${byTestId('allocation-panel')}[data-status="empty"]`, 20_000, 'the error');
  assert.match(await page.textContent(byTestId('alloc-empty')) ?? '', /cut\.heapprofile: The profile ends after \d+ bytes.*cut short/);
});

test('/analyze: a class that grew between two snapshots written with allocation tracking shows the stacks that allocated its new objects', async () => {
  const dir = path.join(TMP, 'traced');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const program = `'use strict';
const path = require('node:path');
const v8 = require('node:v8');
class TracedItem { constructor(n) { this.n = n; this.label = 'item ' + n; } }
const kept = [];
function makeItem(n) { kept.push(new TracedItem(n)); }
v8.writeHeapSnapshot(path.join(process.argv[2], '1-before.heapsnapshot'));
for (let i = 0; i < 3000; i++) makeItem(i);
v8.writeHeapSnapshot(path.join(process.argv[2], '2-after.heapsnapshot'));
`;
  writeFileSync(path.join(dir, 'traced.cjs'), program);
  execFileSync(process.execPath, ['--track-heap-objects', '--no-turbo-inlining', '--no-maglev-inlining', path.join(dir, 'traced.cjs'), dir], { timeout: 60_000 });
  const makeLine = lineOf(program, 'function makeItem(');

  await page.goto(`${server.baseUrl}/analyze/`);
  await page.waitForSelector('[data-analyze][data-ready="true"]');
  await page.setInputFiles(byTestId('file-input'), [path.join(dir, '1-before.heapsnapshot'), path.join(dir, '2-after.heapsnapshot')]);
  await waitFor(page, `${byTestId('diff-table')} tr[data-class="TracedItem"]`, 60_000, 'the comparison');
  await page.click(`${byTestId('diff-table')} tr[data-class="TracedItem"]`);
  await waitFor(page, `${byTestId('class-allocations')}[data-status="ready"]`, 30_000, 'the allocation stacks of TracedItem');
  assert.match(await page.textContent(byTestId('class-allocations-heading')) ?? '', /Allocated at: 3,000 TracedItem/);
  const top = await page.locator(byTestId('class-allocation-stack')).first().innerText();
  assert.match(top, new RegExp(`traced\\.cjs:${makeLine}:\\d+ makeItem`), top);
});
