import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureSnapshots, scratchDir } from './helpers/fixture-snapshots.ts';
import { openAnalysis } from './helpers/open.ts';
import { drawSnapshot, analyzeText } from './helpers/hand-drawn.ts';
import { SnapshotParseError } from '../../src/analyzer/errors.ts';

const scratch = scratchDir('bad-input');
const real = readFileSync(join(fixtureSnapshots('grow-and-churn.cjs'), 'a.heapsnapshot'));

async function parseError(bytes: Uint8Array | string, name: string): Promise<SnapshotParseError> {
  const file = join(scratch, name);
  writeFileSync(file, bytes);
  try {
    await openAnalysis(file);
  } catch (error) {
    assert.ok(error instanceof SnapshotParseError, `expected SnapshotParseError, got ${String(error)}`);
    return error;
  }
  assert.fail(`${name} was accepted`);
}

/** The top-level section a byte offset of the real snapshot falls in, as the file lays them out. */
function sectionAt(offset: number): string {
  const starts = ['snapshot', 'nodes', 'edges', 'locations', 'strings'].map((key) => [key, real.indexOf(`"${key}":`)] as const).filter(([, at]) => at !== -1 && at < offset);
  return starts.sort((x, y) => y[1] - x[1])[0][0];
}

test('an empty file is reported as empty', async () => {
  const error = await parseError('', 'empty.heapsnapshot');
  assert.equal(error.code, 'empty');
  assert.equal(error.message, 'The snapshot is empty (0 bytes). Was it still being written when it was read?');
});

test('random bytes are not a snapshot, with the offset of the first bad byte', async () => {
  const bytes = new Uint8Array(4096);
  let seed = 7;
  for (let i = 0; i < bytes.length; i++) { seed = (seed * 1103515245 + 12345) >>> 0; bytes[i] = seed >>> 24; }
  bytes[0] = 0x01; // not "{" nor whitespace
  const error = await parseError(bytes, 'random.heapsnapshot');
  assert.equal(error.code, 'not-a-snapshot');
  assert.equal(error.byteOffset, 0);
  assert.equal(error.message, 'Expected "{" to open a heap snapshot, found byte 0x01. Is this a .heapsnapshot file? (at byte 0)');
});

test('a snapshot cut anywhere says it is truncated, in which section, at the byte where it ends', async () => {
  const stringsAt = real.indexOf('"strings"');
  const edgesAt = real.indexOf('"edges"');
  const inside = (cut: number) => `inside "${sectionAt(cut)}"`;
  const cuts: [number, string][] = [
    [40, inside(40)], [700, inside(700)], [Math.floor(edgesAt / 2), inside(Math.floor(edgesAt / 2))], [edgesAt + 5000, inside(edgesAt + 5000)],
    [stringsAt + 3, `after the "${sectionAt(stringsAt - 1)}" section`], // in the key "strings" itself
    [stringsAt + 20, inside(stringsAt + 20)], [real.length - 2, inside(real.length - 2)],
  ];
  for (const [cut, where] of cuts) {
    const error = await parseError(real.subarray(0, cut), `cut-${cut}.heapsnapshot`);
    assert.equal(error.code, 'truncated', `cut at ${cut}: ${error.message}`);
    assert.equal(error.byteOffset, cut);
    assert.equal(error.message, `The snapshot ends after ${cut} bytes, ${where}: the file is cut short. Copy it again in full, or take the snapshot again (and wait until writeHeapSnapshot returns). (at byte ${cut})`);
  }
});

test('a JSON file of another kind is refused at its first key, with a hint when it is a profile', async () => {
  const cases: [string, string, string][] = [
    ['package.json', readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'), '"name"'],
    ['app.heapprofile', JSON.stringify({ head: { callFrame: {}, selfSize: 0, id: 1, children: [] }, samples: [] }), '"head"'],
  ];
  const hints = ['Is it the right file?', 'It looks like a sampling heap profile (.heapprofile): open it with `leaklab profile`.'];
  for (const [k, [name, text, key]] of cases.entries()) {
    const error = await parseError(text, name);
    const at = text.indexOf(key);
    assert.equal(error.message, `The file is JSON but not a V8 heap snapshot: its first key is ${key}, where a snapshot starts with "snapshot". ${hints[k]} (at byte ${at})`);
  }
});

test('values of the wrong JSON type are reported with their place and what to try', () => {
  const good = drawSnapshot([{ type: 'synthetic', name: '', size: 0 }]);
  const damaged = 'The file is damaged: take the snapshot again.';
  const cases: [string, string, SnapshotParseError['code'], (text: string) => string][] = [
    ['nodes as a string', good.replace(/"nodes":\[[^\]]*\]/, '"nodes":"abc"'), 'bad-value',
      (t) => `"nodes" should be an array of numbers, but starts with """. ${damaged} (at byte ${t.indexOf('"abc"')})`],
    ['a string inside nodes', good.replace(/"nodes":\[/, '"nodes":["x",'), 'bad-value',
      (t) => `"nodes" should hold only non-negative integers, found """ at item 0. ${damaged} (at byte ${t.indexOf('"x"')})`],
    ['a negative number', good.replace(/"nodes":\[9/, '"nodes":[-9'), 'bad-value',
      (t) => `"nodes" should hold only non-negative integers, found "-" (a negative number) at item 0. ${damaged} (at byte ${t.indexOf('-9')})`],
    ['a fraction', good.replace(/"nodes":\[9,0/, '"nodes":[9,0.5'), 'bad-value',
      (t) => `"nodes" should hold only non-negative integers, found "." (a fraction) at item 1. ${damaged} (at byte ${t.indexOf('.5')})`],
    ['a value past 32 bits', good.replace(/"nodes":\[9,0/, '"nodes":[9,4294967296'), 'bad-value',
      (t) => `Value 4294967296 in "nodes" (item 1) does not fit in 32 bits. ${damaged} (at byte ${t.indexOf('4294967296') + 10})`],
    ['node_count as a string', good.replace('"node_count":1', '"node_count":"1"'), 'bad-meta',
      (t) => `snapshot.meta node_count is "1", not a count. Is this a V8 .heapsnapshot file? (at byte ${t.indexOf('"snapshot"')})`],
    ['meta without node_fields', good.replace('"node_fields"', '"nodeFields"'), 'bad-meta',
      (t) => `snapshot.meta has no node_fields list of strings. Is this a V8 .heapsnapshot file? (at byte ${t.indexOf('"snapshot"')})`],
    ['a number inside strings', good.replace(/"strings":\[/, '"strings":[1,'), 'bad-value',
      (t) => `"strings" should hold only strings, found "1" after 0 strings. ${damaged} (at byte ${t.indexOf('"strings":[') + 11})`],
    ['too many node values', good.replace(/"nodes":\[/, '"nodes":[1,'), 'count-mismatch',
      (t) => `"nodes" holds more than the 6 values that snapshot.node_count × node fields announce. Was the file edited? (at byte ${t.indexOf('"nodes"')})`],
    ['too few node values', good.replace(/"nodes":\[9,/, '"nodes":['), 'count-mismatch',
      (t) => `"nodes" does not hold the 6 values that snapshot.node_count × node fields announce: it ends after 0 nodes and part of one. Was the file cut or edited? (at byte ${t.indexOf('"nodes"')})`],
  ];
  for (const [what, text, code, message] of cases) {
    assert.notEqual(text, good, `${what}: the replacement did not apply`);
    assert.throws(() => analyzeText(text, 5), (error: unknown) => {
      assert.ok(error instanceof SnapshotParseError, `${what}: ${String(error)}`);
      assert.equal(error.code, code, `${what}: ${error.message}`);
      assert.equal(error.message, message(text), what);
      return true;
    });
  }
});

test('an edge pointing outside the node array is a bad reference, not a crash', async () => {
  const text = drawSnapshot([
    { type: 'synthetic', name: '', size: 0, edges: [['property', 'x', 1]] },
    { type: 'object', name: 'X', size: 4 },
  ]).replace(/"edges":\[2,(\d+),6\]/, '"edges":[2,$1,600]');
  assert.match(text, /"edges":\[2,\d+,600\]/);
  const error = await parseError(text, 'bad-edge.heapsnapshot');
  assert.equal(error.code, 'bad-reference');
  assert.equal(error.message, 'Edge 0 points to node offset 600, outside the 2 nodes (or not on a node boundary of 6 fields). The snapshot is corrupt.');
});
