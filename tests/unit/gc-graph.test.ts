import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { markingWaves } from '../../src/gc-graph/marking-waves.ts';
import { BOX_HEIGHT, BOX_WIDTH, layoutGcGraph } from '../../src/gc-graph/layout.ts';
import type { GcGraph } from '../../src/gc-graph/types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(ROOT, 'tests/.tmp/gc-graph/small-program.json');
const COMMITTED = path.join(ROOT, 'src/gc-graph/data/small-program.json');

/** Regenerated once for all tests: the real program, its real snapshot, our analyzer. */
const fresh: Promise<GcGraph> = (async () => {
  await mkdir(path.dirname(OUT), { recursive: true });
  await promisify(execFile)(process.execPath, ['scripts/make-gc-graph.ts', OUT], { cwd: ROOT });
  return JSON.parse(await readFile(OUT, 'utf8')) as GcGraph;
})();

const ofClass = (g: GcGraph, className: string) => g.nodes.filter((n) => n.className === className);

test('the graph is stamped with the Node version that wrote the snapshot and stays small', async () => {
  const g = await fresh;
  assert.equal(g.nodeVersion, process.version);
  assert.ok(g.nodes.length <= 40, `${g.nodes.length} objects`);
  assert.equal(g.nodes.filter((n) => n.isRoot).length, 1);
  assert.ok(g.nodes.every((n) => n.selfSize > 0), 'every object has a size from the snapshot');
});

test('marking starts at the listening Server, which reaches the module variables only through its request listener and that function\'s context', async () => {
  const g = await fresh;
  const [root] = g.nodes.filter((n) => n.isRoot);
  assert.equal(root.className, 'Server');
  const from = (id: number) => g.edges.filter((e) => e.from === id);
  assert.deepEqual(from(root.id).map((e) => e.name), ["on 'request'"], 'the server holds its listener, nothing else is drawn from it');
  const listener = g.nodes.find((n) => n.id === from(root.id)[0].to)!;
  assert.equal(listener.label, 'handleRequest');
  assert.deepEqual(from(listener.id).map((e) => e.name), ['context']);
  const context = g.nodes.find((n) => n.id === from(listener.id)[0].to)!;
  assert.equal(context.className, 'system / Context');
  assert.deepEqual(from(context.id).map((e) => e.name).sort(), ['cache', 'sessions', 'watched']);
});

test('the sessions, their users and the cache entries are reachable from the server', async () => {
  const g = await fresh;
  for (const [className, count] of [['Session', 2], ['User', 2], ['CacheEntry', 2]] as const) {
    const found = ofClass(g, className);
    assert.equal(found.length, count, `${className} objects in the snapshot`);
    assert.ok(found.every((n) => n.isReachable), `every ${className} is reachable`);
  }
  const sessions = g.nodes.find((n) => n.label === 'sessions' && n.className === 'Map');
  assert.ok(sessions, 'the sessions Map is drawn');
  const sessionIds = new Set(ofClass(g, 'Session').map((n) => n.id));
  assert.deepEqual(g.edges.filter((e) => e.from === sessions.id).map((e) => e.name).sort(), ['"s1"', '"s2"']);
  for (const e of g.edges.filter((e) => e.from === sessions.id)) assert.ok(sessionIds.has(e.to));
});

test('the dropped request, its body and the detached cycle are in the snapshot but unreachable', async () => {
  const g = await fresh;
  for (const className of ['Request', 'Body', 'Node']) {
    const found = ofClass(g, className);
    assert.ok(found.length > 0, `${className} is still in the snapshot`);
    assert.ok(found.every((n) => !n.isReachable), `no ${className} is reachable`);
  }
  const [a, b] = ofClass(g, 'Node');
  assert.ok(g.edges.some((e) => e.from === a.id && e.to === b.id) && g.edges.some((e) => e.from === b.id && e.to === a.id), 'the two Nodes point at each other');
  // Only weak edges cross from reachable objects into the garbage.
  const reachable = new Set(g.nodes.filter((n) => n.isReachable).map((n) => n.id));
  const crossing = g.edges.filter((e) => reachable.has(e.from) && !reachable.has(e.to));
  assert.ok(crossing.length > 0);
  assert.ok(crossing.every((e) => e.isWeak && e.name === 'target'), JSON.stringify(crossing));
});

test('marking the drawn graph from its root marks exactly the objects the snapshot reaches', async () => {
  const g = await fresh;
  const marked = new Set(markingWaves(g.nodes, g.edges).flat());
  for (const n of g.nodes) assert.equal(marked.has(n.id), n.isReachable, `${n.className} ${n.label}`);
});

test('the committed graph the site is built from says the same as a fresh snapshot', async () => {
  const g = await fresh;
  const committed = JSON.parse(await readFile(COMMITTED, 'utf8')) as GcGraph;
  const facts = (x: GcGraph) => x.nodes.map((n) => `${n.className} ${n.label} ${n.isReachable ? 'reachable' : 'unreachable'}`).sort();
  assert.deepEqual(facts(committed), facts(g), 'rerun `node scripts/make-gc-graph.ts`');
});

test('the layout keeps boxes apart and puts every unreachable object below the reachable ones', async () => {
  const g = await fresh;
  const layout = layoutGcGraph(g);
  assert.equal(layout.nodes.length, g.nodes.length);
  for (const p of layout.nodes) {
    assert.ok(p.x >= 0 && p.x + BOX_WIDTH <= layout.width && p.y >= 0 && p.y + BOX_HEIGHT <= layout.height, `${p.node.className} inside the picture`);
    for (const q of layout.nodes) {
      if (p === q) continue;
      const overlaps = Math.abs(p.x - q.x) < BOX_WIDTH && Math.abs(p.y - q.y) < BOX_HEIGHT;
      assert.ok(!overlaps, `${p.node.className} ${p.node.label} overlaps ${q.node.className} ${q.node.label}`);
    }
  }
  const lowestReachable = Math.max(...layout.nodes.filter((p) => p.node.isReachable).map((p) => p.y));
  assert.ok(layout.unreachableBand && layout.unreachableBand.y > lowestReachable);
  for (const p of layout.nodes.filter((p) => !p.node.isReachable)) assert.ok(p.y > layout.unreachableBand.y);
});
