import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawSnapshot, analyzeText, type DrawnNode } from './helpers/hand-drawn.ts';
import { SnapshotParser } from '../../src/analyzer/parse/snapshot-parser.ts';
import { SnapshotParseError } from '../../src/analyzer/errors.ts';
import { summarize } from '../../src/analyzer/summarize.ts';

// The parser has separate fast paths: nodes with a side field (detachedness after the kept
// fields, as Node 20+ and Chrome write), nodes with dropped fields and no side field (older
// Node), nodes kept whole, and sections of unannounced length (no node_count). Each must read
// the same graph the same way, wherever the chunks happen to split the numbers.

/** root ⇒ global → list → 300 Item objects, each holding a string; enough values to fill the fast loops. */
function graph(): DrawnNode[] {
  const items = 300;
  const nodes: DrawnNode[] = [
    { type: 'synthetic', name: '', size: 0, edges: [['shortcut', 'global', 1]] },
    { type: 'object', name: 'global', size: 10, edges: [['property', 'list', 2]] },
    { type: 'array', name: 'Array', size: 16, edges: [] },
  ];
  for (let k = 0; k < items; k++) {
    const item = nodes.length;
    nodes[2].edges!.push(['element', k, item]);
    nodes.push({ type: 'object', name: 'Item', size: 24 + (k % 7) * 8, id: 1_000_003 + 2 * k, edges: [['property', 'label', item + 1]] });
    nodes.push({ type: 'string', name: `label ${k}`, size: 1_234_567_890 + k });
  }
  return nodes;
}

const LAYOUTS: Record<string, string[]> = {
  'Node 24 (detachedness last)': ['type', 'name', 'id', 'self_size', 'edge_count', 'detachedness'],
  'Node 20 (trace_node_id, detachedness)': ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
  'older Node (trace_node_id, no detachedness)': ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id'],
  'only the fields the analyzer reads': ['type', 'name', 'id', 'self_size', 'edge_count'],
};

test('every node field layout, with or without announced counts, reads as the same heap in any chunking', () => {
  const drawn = graph();
  const expected = summarize(analyzeText(drawSnapshot(drawn), 1 << 20));
  assert.equal(expected.classes.find((c) => c.name === 'Item')?.count, 300);
  for (const [name, nodeFields] of Object.entries(LAYOUTS)) {
    for (const announceCounts of [true, false]) {
      for (const chunkBytes of [1, 5, 13, 64, 4096]) {
        const a = analyzeText(drawSnapshot(drawn, { nodeFields, announceCounts }), chunkBytes);
        assert.deepEqual(summarize(a), expected, `${name}, counts ${announceCounts ? 'announced' : 'not announced'}, ${chunkBytes}-byte chunks`);
      }
    }
  }
});

test('a Chrome snapshot keeps each node\'s detachedness, read from the side of the nodes section or from the stored field', () => {
  const drawn = graph().map((node, ordinal) => ({ ...node, detachedness: ordinal % 3 }));
  for (const announceCounts of [true, false]) {
    for (const chunkBytes of [3, 4096]) {
      const bytes = new TextEncoder().encode(drawSnapshot(drawn, { announceCounts }));
      const parser = new SnapshotParser();
      for (let i = 0; i < bytes.length; i += chunkBytes) parser.write(bytes.subarray(i, i + chunkBytes));
      const parsed = parser.finish();
      assert.deepEqual([...parsed.detachedness ?? []], drawn.map((node) => node.detachedness), `counts ${announceCounts ? 'announced' : 'not announced'}, ${chunkBytes}-byte chunks`);
    }
  }
});

test('a negative number is refused with its place whether or not node_count is announced', () => {
  const drawn: DrawnNode[] = [{ type: 'synthetic', name: '', size: 0, edges: [['property', 'x', 1]] }, { type: 'object', name: 'X', size: 7 }];
  // Unannounced first: before one scanner read every section, that path took the sign and wrapped -7 to 4294967289.
  for (const announceCounts of [false, true]) {
    const text = drawSnapshot(drawn, { announceCounts });
    const negative = text.replace(/("nodes":\[(?:\d+,){9})7,/, '$1-7,');
    assert.notEqual(negative, text, 'the replacement applied');
    assert.throws(() => analyzeText(negative, 4), (error: unknown) => {
      assert.ok(error instanceof SnapshotParseError, String(error));
      assert.equal(error.code, 'bad-value');
      assert.equal(error.byteOffset, negative.indexOf('-7'));
      assert.equal(error.message, `"nodes" should hold only non-negative integers, found "-" (a negative number) at item 9. The file is damaged: take the snapshot again. (at byte ${negative.indexOf('-7')})`);
      return true;
    }, `counts ${announceCounts ? 'announced' : 'not announced'}`);
  }
});
