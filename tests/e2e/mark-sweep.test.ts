// The mark-and-sweep picture of lesson 02 in a real browser, served by the real local runner:
// Mark then Sweep must end with exactly the snapshot's reachable objects marked and the rest swept.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../scripts/support/serve.ts';
import { byTestId, launchBrowser } from '../../scripts/support/browser.ts';
import type { GcGraph } from '../../src/gc-graph/types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The file the page was built from. */
const GRAPH_FILE = path.join(ROOT, 'src/gc-graph/data/small-program.json');

let server: RunningServer;
let browser: Browser;
let page: Page;
let graph: GcGraph;

before(async () => {
  graph = JSON.parse(await readFile(GRAPH_FILE, 'utf8')) as GcGraph;
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${server.baseUrl}/lessons/02-what-a-leak-is/`);
  await page.waitForSelector(byTestId('mark-sweep'));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const nodeStates = (): Promise<{ id: number; className: string; state: string }[]> =>
  page.$$eval(`${byTestId('mark-sweep')} [data-node-id]`, (els) => els.map((el) => ({
    id: Number(el.getAttribute('data-node-id')),
    className: el.getAttribute('data-class') ?? '',
    state: el.getAttribute('data-state') ?? '',
  })));

test('the picture draws every object of the snapshot graph, unvisited, in a cross-origin isolated page', async () => {
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  const states = await nodeStates();
  assert.deepEqual(states.map((s) => s.id).sort(), graph.nodes.map((n) => n.id).sort());
  assert.ok(states.every((s) => s.state === 'unvisited'));
  assert.equal(await page.isDisabled(byTestId('sweep')), true, 'Sweep waits for Mark');
  assert.ok(await page.locator(`${byTestId('mark-sweep')} svg title`).first().textContent());
});

test('Mark then Sweep leaves the reachable objects marked and sweeps the rest, and says how many', async () => {
  await page.click(byTestId('mark'));
  await page.waitForSelector(`${byTestId('sweep')}:not([disabled])`, { timeout: 15_000 });
  await page.click(byTestId('sweep'));
  const states = new Map((await nodeStates()).map((s) => [s.id, s]));
  for (const node of graph.nodes) {
    const expected = node.isReachable ? 'marked' : 'swept';
    assert.equal(states.get(node.id)?.state, expected, `${node.className} ${node.label}`);
    assert.equal(states.get(node.id)?.className, node.className);
  }
  const unreachable = graph.nodes.filter((n) => !n.isReachable).length;
  assert.ok(unreachable > 0);
  const status = await page.textContent(byTestId('mark-sweep-status'));
  assert.match(status ?? '', new RegExp(`\\b${unreachable} unreachable objects\\b`));
  assert.match(status ?? '', new RegExp(`${graph.nodes.length - unreachable} of ${graph.nodes.length} objects survive`));
});

test('Reset puts every object back to unvisited and Mark can run again', async () => {
  await page.click(byTestId('mark-sweep-reset'));
  assert.ok((await nodeStates()).every((s) => s.state === 'unvisited'));
  assert.equal(await page.isEnabled(byTestId('mark')), true);
});
