// A retainer path that runs through a closure of the learner's code links to its line, and
// following the link marks that line in the editor without touching the learner's selection.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { byTestId, launchBrowser, waitFor } from '../../scripts/support/browser.ts';
import { startServer, type RunningServer } from '../../scripts/support/serve.ts';
import { numberAttribute, openLesson, runUntilRunning, waitForCount } from './playground-page.ts';

/** Each request leaves a timer whose callback closes over a Kept: the path to Kept goes through line 5. */
const PROGRAM = [
  "const http = require('node:http');",
  'class Kept { constructor(n) { this.payload = `kept ${n} `.repeat(20); } }',
  'let count = 0;',
  'http.createServer((req, res) => { const kept = new Kept(count++);',
  '  setInterval(function holdKept() { return kept; }, 600000);',
  "  res.end('ok'); }).listen(Number(process.env.PORT) || 3000);",
].join('\n');
const CLOSURE_LINE = 5;

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

/** Where the editor's selection is drawn, relative to the editor's content, and how wide. */
async function selectionBox(): Promise<{ top: number; left: number; width: number } | null> {
  return page.$eval(byTestId('editor'), (editor) => {
    const content = editor.querySelector('.cm-content')!.getBoundingClientRect();
    const box = editor.querySelector('.cm-selectionBackground')?.getBoundingClientRect();
    return box ? { top: Math.round(box.top - content.top), left: Math.round(box.left - content.left), width: Math.round(box.width) } : null;
  });
}

test('following a retainer step to main.js marks its line and leaves the cursor and selection where the learner put them', async () => {
  await openLesson(page, server.baseUrl, '01-global-variables');
  await page.click(`${byTestId('editor')} .cm-content`);
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(PROGRAM);
  // The learner selects `http` on line 1.
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Shift+Control+ArrowRight');
  await page.keyboard.press('Shift+Control+ArrowRight');
  const selected = await selectionBox();
  assert.ok(selected && selected.width > 0, 'a selection is drawn on line 1');

  await page.click(byTestId('tab-snapshots'));
  await runUntilRunning(page);
  for (let i = 1; i <= 2; i++) {
    await waitFor(page, `${byTestId('snapshot')}:not([disabled])`, 10_000, `the Snapshot button for #${i}`);
    if (i === 2) await waitForCount(page, 'requests', 'data-requests', await numberAttribute(page, 'requests', 'data-requests') + 300, 20_000);
    await page.click(byTestId('snapshot'));
    await waitFor(page, `${byTestId('snapshot-row')}:nth-child(${i})[data-status="ready"]`, 30_000, `snapshot #${i}`);
  }
  await waitFor(page, `${byTestId('diff-table')} tr[data-class="Kept"]`, 30_000, 'the comparison');
  await page.click(`${byTestId('diff-table')} tr[data-class="Kept"]`);
  await waitFor(page, `${byTestId('retainers')}[data-status="ready"] ${byTestId('source-line')}`, 30_000, 'a retainer step in main.js');
  const link = page.locator(byTestId('source-line')).first();
  assert.equal(await link.textContent(), `main.js:${CLOSURE_LINE}`);

  await link.click();
  await waitFor(page, byTestId('retainer-line'), 5_000, 'the marked line');
  assert.match(await page.locator(byTestId('retainer-line')).innerText(), /function holdKept\(\)/);
  assert.equal(await page.locator(byTestId('retainer-line')).count(), 1);
  assert.deepEqual(await selectionBox(), selected, 'the selection is where the learner left it');
  await page.click(byTestId('stop'));
  await waitFor(page, `${byTestId('run-state')}[data-state="exited"]`, 10_000, 'the stop');
});
