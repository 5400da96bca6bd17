import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../scripts/support/browser.ts';
import { openAnalysis } from './helpers/open.ts';
import { assertSameNodes, assertSameSummary, openInDevTools, type DevToolsSnapshot } from './helpers/devtools-reference.ts';
import type { HeapAnalysis } from '../../src/analyzer/heap-analysis.ts';

// Users also bring snapshots from Chrome: a browser heap has DOM trees, detached elements,
// `Window` globals reached by shortcut edges (DevTools' page-owned rule) and natives of many
// kinds, none of which a Node snapshot has. This takes one from a real Chromium page over CDP
// and holds our analysis to DevTools' own worker (heap-snapshot-toolkit) on the same file.

/** A page with what browser leaks are made of: detached DOM, listeners, closures, a WeakMap. */
const PAGE = `<!doctype html><html><body><ul id="list"></ul><script>
class Widget { constructor(id) { this.id = id; this.el = document.createElement('div'); this.el.textContent = 'widget ' + id; } }
const list = document.getElementById('list');
for (let i = 0; i < 200; i++) { const li = document.createElement('li'); li.textContent = 'row ' + i; list.appendChild(li); }
// Detached: removed from the document, still held from JavaScript.
window.detached = [];
for (let i = 0; i < 50; i++) { const li = list.firstChild; list.removeChild(li); window.detached.push(li); }
window.widgets = Array.from({ length: 300 }, (_, i) => new Widget(i));
window.handlers = window.widgets.slice(0, 40).map((w) => { const f = () => w.id; w.el.addEventListener('click', f); return f; });
const meta = new WeakMap();
for (const w of window.widgets.slice(0, 100)) meta.set(w, { seen: Date.now(), tags: ['a', 'b'] });
window.meta = meta;
window.sessions = new Map(Array.from({ length: 500 }, (_, i) => [i, { user: 'u' + i, at: i }]));
</script></body></html>`;

const dir = join(import.meta.dirname, '..', '.tmp', 'chrome-parity');
const file = join(dir, 'page.heapsnapshot');
let browser: Browser;
let ours: HeapAnalysis;
let devtools: DevToolsSnapshot;

before(async () => {
  mkdirSync(dir, { recursive: true });
  browser = await launchBrowser();
  const page = await browser.newPage();
  await page.setContent(PAGE);
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => { chunks.push(chunk); });
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  writeFileSync(file, chunks.join(''));
  await browser.close();
  [ours, devtools] = await Promise.all([openAnalysis(file), openInDevTools(file)]);
});

after(async () => { await browser?.close(); });

test('a Chrome snapshot: every node has the dominator, self size and retained size DevTools gives it', () => {
  assertSameNodes(ours, devtools);
});

test('a Chrome snapshot: per-class counts, shallow and retained sizes equal the DevTools Summary', async () => {
  const summary = await assertSameSummary(ours, devtools);
  // What the page made, as a user would look for it.
  assert.equal(summary.get('Widget')?.count, 300);
  assert.ok((summary.get('Detached <li>')?.count ?? 0) >= 50, `Detached <li>: ${summary.get('Detached <li>')?.count}`);
});
