import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawSnapshot, analyzeText, type DrawnNode } from './helpers/hand-drawn.ts';
import { summarize } from '../../src/analyzer/summarize.ts';

test('classes are named as DevTools names them, with plain objects named by their properties', () => {
  const objects: DrawnNode[] = [];
  for (let i = 0; i < 3; i++) objects.push({ type: 'object', name: 'Object', size: 16, edges: [['property', 'id', 1], ['property', 'name', 1]] });
  const a = analyzeText(drawSnapshot([
    { type: 'synthetic', name: '', size: 0, edges: [['shortcut', 'g', 2], ...objects.map((_, i): [string, string, number] => ['property', `o${i}`, 8 + i])] },
    { type: 'string', name: 'hello', size: 20 },
    { type: 'object', name: 'global', size: 8 },
    { type: 'closure', name: 'onAudit', size: 32 },
    { type: 'code', name: 'onAudit', size: 64 },
    { type: 'hidden', name: 'system / Context', size: 12 },
    { type: 'native', name: '<div id="x">', size: 40 },
    { type: 'regexp', name: '/a+/', size: 24 },
    ...objects,
  ]));
  const name = (ordinal: number) => a.classes.names[a.classes.classOf[ordinal]];
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8].map(name), ['(string)', 'global', 'Function', '(compiled code)', '(system)', '<div>', 'RegExp', '{id, name}']);
  const row = summarize(a).classes.find((c) => c.name === '{id, name}');
  assert.deepEqual(row && { count: row.count, selfSize: row.selfSize }, { count: 3, selfSize: 48 });
});

test('Node 20 snapshots with a seventh node field (trace_node_id) read the same', () => {
  const drawn: DrawnNode[] = [
    { type: 'synthetic', name: '', size: 0, edges: [['shortcut', 'global', 1]] },
    { type: 'object', name: 'global', size: 10, edges: [['property', 'foo', 2]] },
    { type: 'object', name: 'Foo', size: 30 },
  ];
  const six = analyzeText(drawSnapshot(drawn));
  const seven = analyzeText(drawSnapshot(drawn, ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness']));
  assert.equal(seven.graph.fileNodeFieldCount, 7); // read as 7 fields (only the 5 the analyzer uses are kept)
  assert.deepEqual(summarize(seven), summarize(six));
});

test('ten-digit ids and sizes up to 2^32 - 1 read exactly, across any chunk boundary', () => {
  const text = drawSnapshot([
    { type: 'synthetic', name: '', size: 0, edges: [['property', 'x', 1]] },
    { type: 'object', name: 'X', size: 4_000_000_000, id: 4_294_967_295 },
  ]);
  for (const chunkBytes of [1, 3, 7, 4096]) {
    const a = analyzeText(text, chunkBytes);
    assert.equal(a.selfSizes[1], 4_000_000_000);
    assert.equal(a.graph.nodes[a.graph.nodeFieldCount + a.graph.nodeIdField], 4_294_967_295);
  }
  assert.throws(() => analyzeText(text.replace('4294967295', '4294967296')), { code: 'bad-value', message: /does not fit in 32 bits/ });
});
