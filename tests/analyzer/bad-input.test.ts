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
    assert.ok(error.message.length > 20);
    return error;
  }
  assert.fail(`${name} was accepted`);
}

test('an empty file is reported as empty', async () => {
  const error = await parseError('', 'empty.heapsnapshot');
  assert.equal(error.code, 'empty');
});

test('random bytes are not a snapshot, with the offset of the first bad byte', async () => {
  const bytes = new Uint8Array(4096);
  let seed = 7;
  for (let i = 0; i < bytes.length; i++) { seed = (seed * 1103515245 + 12345) >>> 0; bytes[i] = seed >>> 24; }
  bytes[0] = 0x01; // not "{" nor whitespace
  const error = await parseError(bytes, 'random.heapsnapshot');
  assert.equal(error.code, 'not-a-snapshot');
  assert.equal(error.byteOffset, 0);
});

test('a snapshot cut anywhere says it is truncated at the byte where it ends', async () => {
  const stringsAt = real.indexOf('"strings"');
  const edgesAt = real.indexOf('"edges"');
  for (const cut of [1, 40, 700, Math.floor(edgesAt / 2), edgesAt + 5000, stringsAt + 3, real.length - 2]) {
    const error = await parseError(real.subarray(0, cut), `cut-${cut}.heapsnapshot`);
    assert.equal(error.code, 'truncated', `cut at ${cut}: ${error.message}`);
    assert.equal(error.byteOffset, cut);
  }
});

test('values of the wrong JSON type are reported with their place', () => {
  const good = drawSnapshot([{ type: 'synthetic', name: '', size: 0 }]);
  const cases: [string, string, SnapshotParseError['code']][] = [
    ['nodes as a string', good.replace(/"nodes":\[[^\]]*\]/, '"nodes":"abc"'), 'bad-value'],
    ['a string inside nodes', good.replace(/"nodes":\[/, '"nodes":["x",'), 'bad-value'],
    ['a negative number', good.replace(/"nodes":\[9/, '"nodes":[-9'), 'bad-value'],
    ['node_count as a string', good.replace('"node_count":1', '"node_count":"1"'), 'bad-meta'],
    ['meta without node_fields', good.replace('"node_fields"', '"nodeFields"'), 'bad-meta'],
    ['a number inside strings', good.replace(/"strings":\[/, '"strings":[1,'), 'bad-value'],
    ['too many node values', good.replace(/"nodes":\[/, '"nodes":[1,'), 'count-mismatch'],
  ];
  for (const [what, text, code] of cases) {
    assert.notEqual(text, good, `${what}: the replacement did not apply`);
    assert.throws(() => analyzeText(text, 5), (error: unknown) => {
      assert.ok(error instanceof SnapshotParseError, `${what}: ${String(error)}`);
      assert.equal(error.code, code, `${what}: ${error.message}`);
      if (code !== 'bad-meta') assert.equal(typeof error.byteOffset, 'number', `${what} has a byte offset`);
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
  assert.match(error.message, /Edge 0 points to node offset 600/);
});
