import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'heap-snapshot-toolkit';
import { drawSnapshot, analyzeText, type DrawnNode } from './helpers/hand-drawn.ts';
import { scratchDir } from './helpers/fixture-snapshots.ts';

// Root → (GC roots) and root ⇒ global (shortcut, a user root). Ordinals are the array positions.
function withRoots(rest: DrawnNode[], globalEdges: DrawnNode['edges'] = []): DrawnNode[] {
  return [
    { type: 'synthetic', name: '', size: 0, edges: [['element', 1, 1], ['shortcut', 'global', 2]] },
    { type: 'synthetic', name: '(GC roots)', size: 0, edges: [] },
    { type: 'object', name: 'global', size: 10, edges: globalEdges },
    ...rest,
  ];
}

test('an object held by two parents is retained by their common dominator, not either parent', () => {
  //   global → A → C,  global → B → C : C (size 100) counts in global's retained size only
  const a = analyzeText(drawSnapshot(withRoots([
    { type: 'object', name: 'A', size: 1, edges: [['property', 'c', 5]] },
    { type: 'object', name: 'B', size: 2, edges: [['property', 'c', 5]] },
    { type: 'object', name: 'C', size: 100 },
  ], [['property', 'a', 3], ['property', 'b', 4]])));
  assert.equal(a.retainedSizes[3], 1);
  assert.equal(a.retainedSizes[4], 2);
  assert.equal(a.retainedSizes[5], 100);
  assert.equal(a.dominatorOf[5], 2);
  assert.equal(a.retainedSizes[2], 113);
});

test('weak edges and shortcut edges between objects do not retain', () => {
  //   global → A -weak-> C, global → B -shortcut-> C, global → D → C: only D retains C
  const a = analyzeText(drawSnapshot(withRoots([
    { type: 'object', name: 'A', size: 1, edges: [['weak', 'w', 6]] },
    { type: 'object', name: 'B', size: 1, edges: [['shortcut', 's', 6]] },
    { type: 'object', name: 'D', size: 1, edges: [['property', 'c', 6]] },
    { type: 'object', name: 'C', size: 50, edges: [['property', 'self', 6]] },
  ], [['property', 'a', 3], ['property', 'b', 4], ['property', 'd', 5]])));
  assert.equal(a.dominatorOf[6], 5);
  assert.equal(a.retainedSizes[5], 51);
  assert.equal(a.retainedSizes[3], 1);
});

test('a long chain is walked without recursion and sums every link', () => {
  const length = 200_000;
  const chain: DrawnNode[] = [];
  for (let i = 0; i < length; i++) chain.push({ type: 'object', name: 'Link', size: 2, edges: i + 1 < length ? [['property', 'next', 3 + i + 1]] : [] });
  const a = analyzeText(drawSnapshot(withRoots(chain, [['property', 'head', 3]])), 65536);
  assert.equal(a.retainedSizes[3], length * 2);
  assert.equal(a.dominatorOf[3 + length - 1], 3 + length - 2);
});

test('a cycle nothing points at is hung under the root, and only weakly held nodes too', () => {
  //   X ⇄ Y unreachable;  global -weak-> W
  const a = analyzeText(drawSnapshot(withRoots([
    { type: 'object', name: 'X', size: 5, edges: [['property', 'y', 4]] },
    { type: 'object', name: 'Y', size: 7, edges: [['property', 'x', 3]] },
    { type: 'object', name: 'W', size: 11 },
  ], [['weak', 'w', 5]])));
  assert.equal(a.dominatorOf[5], 0);
  assert.equal(a.retainedSizes[5], 11);
  assert.equal(a.retainedSizes[0], 10 + 5 + 7 + 11);
  assert.ok(a.reachableCount < 6);
});

test('a WeakMap value is retained through its key, not through the table', () => {
  //   global → table(WeakMap table, id 99) -internal "1 / part of key..."-> V ; global → K -internal-> V
  const edgeName = '1 / part of key (K @7) -> value (V @11) pair in WeakMap (table @99)';
  const a = analyzeText(drawSnapshot(withRoots([
    { type: 'array', name: '(table)', size: 4, id: 99, edges: [['internal', edgeName, 5]] },
    { type: 'object', name: 'K', size: 3, id: 7, edges: [['internal', edgeName, 5]] },
    { type: 'object', name: 'V', size: 20, id: 11 },
  ], [['property', 'table', 3], ['property', 'key', 4]])));
  assert.equal(a.dominatorOf[5], 4);
  assert.equal(a.retainedSizes[4], 23);
});

test('random graphs with orphans and unreachable cycles get the dominators DevTools computes', async () => {
  const file = join(scratchDir('random-dominators'), 'graph.heapsnapshot');
  let seed = 12345;
  const random = (below: number): number => { seed = (seed * 1103515245 + 12345) >>> 0; return (seed >>> 8) % below; };
  for (let round = 0; round < 25; round++) {
    const count = 20 + random(60);
    const rest: DrawnNode[] = [];
    for (let k = 0; k < count; k++) {
      const edges: NonNullable<DrawnNode['edges']> = [];
      // A few random edges, some weak: some nodes become orphans, some cycles unreachable.
      for (let e = random(5); e > 0; e--) {
        const type = random(10) === 0 ? 'weak' : 'property';
        edges.push([type, `p${random(5)}`, 3 + random(count)]);
      }
      rest.push({ type: 'object', name: `C${random(4)}`, size: 1 + random(100), edges });
    }
    const globalEdges: NonNullable<DrawnNode['edges']> = [];
    for (let e = 1 + random(4); e > 0; e--) globalEdges.push(['property', `g${e}`, 3 + random(count)]);
    const text = drawSnapshot(withRoots(rest, globalEdges));
    const ours = analyzeText(text, 64);
    writeFileSync(file, text);
    const devtools = await parse(createReadStream(file)) as unknown as { dominatorsTree: Uint32Array; retainedSizes: Float64Array };
    assert.deepEqual([...ours.dominatorOf], [...devtools.dominatorsTree], `round ${round}: dominators`);
    assert.deepEqual([...ours.retainedSizes], [...devtools.retainedSizes], `round ${round}: retained sizes`);
  }
});
