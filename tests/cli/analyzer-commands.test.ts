import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureSnapshots, scratchDir } from '../analyzer/helpers/fixture-snapshots.ts';
import { diffSnapshotFiles } from '../../src/analyzer/node/open-snapshot-file.ts';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'leaklab.js');
const dir = fixtureSnapshots('grow-and-churn.cjs');
const [a, b, c] = ['a', 'b', 'c'].map((x) => join(dir, `${x}.heapsnapshot`));

function leaklab(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { timeout: 60_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

test('leaklab summary --json prints the documented shape with exact class counts', async () => {
  const { code, stdout } = await leaklab('summary', c, '--top', '400', '--json');
  assert.equal(code, 0);
  const result = JSON.parse(stdout);
  assert.deepEqual(Object.keys(result), ['nodes', 'edges', 'totalSize', 'classes']);
  assert.deepEqual(Object.keys(result.classes[0]), ['name', 'count', 'selfSize', 'retainedSize']);
  const user = result.classes.find((x: { name: string }) => x.name === 'User');
  assert.equal(user.count, 50_000);
});

test('leaklab summary prints an aligned table with sizes in kB or MB', async () => {
  const { code, stdout } = await leaklab('summary', a, '--top', '5');
  assert.equal(code, 0);
  const lines = stdout.trim().split('\n').slice(2);
  assert.equal(lines.length, 7);
  assert.match(stdout, /\d+(\.\d)? (kB|MB)/);
  const widths = new Set(lines.slice(2).map((l) => l.length));
  assert.equal(widths.size, 1, 'rows are padded to one width');
});

test('leaklab diff --json with two files equals diffSnapshotFiles, and with three lists survivors', async () => {
  const two = await leaklab('diff', a, b, '--top', '10', '--json');
  assert.equal(two.code, 0);
  const printed = JSON.parse(two.stdout);
  assert.deepEqual(printed, JSON.parse(JSON.stringify(await diffSnapshotFiles(a, b, { top: 10 }))));
  assert.deepEqual(Object.keys(printed.classes[0]), ['name', 'added', 'removed', 'countDelta', 'sizeDelta', 'addedRetainedSize']);
  const three = await leaklab('diff', a, b, c, '--json');
  assert.equal(three.code, 0);
  const survivors = JSON.parse(three.stdout);
  assert.equal(survivors.survivors.find((x: { name: string }) => x.name === 'Foo').count, 1000);
  assert.deepEqual(survivors.collections[0].counts, [100, 10_000, 50_000]);
});

test('leaklab retainers names the closure variable on the path', async () => {
  const { code, stdout } = await leaklab('retainers', c, '--class', 'Foo', '--json');
  assert.equal(code, 0);
  assert.match(JSON.parse(stdout).paths[0].text, /onAudit \(closure\) -> context -> ledgerBook -> items/);
});

test('bad usage exits 2 with the usage text; a missing file exits 1 and says so', async () => {
  const usage = await leaklab('retainers', c);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /needs --class/);
  assert.match(usage.stderr, /usage: leaklab retainers/);
  assert.equal((await leaklab('diff', a)).code, 2);
  assert.equal((await leaklab('summary', a, '--top', 'lots')).code, 2);
  const missing = await leaklab('summary', join(dir, 'missing.heapsnapshot'));
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, `leaklab: cannot open ${join(dir, 'missing.heapsnapshot')}: no such file.\n`);
});

test('a broken file exits 1 with one line: which file, what is wrong, at which byte, what to try', async () => {
  const { gzipSync } = await import('node:zlib');
  const scratch = scratchDir('cli-bad-file');
  const real = readFileSync(a);
  const write = (name: string, bytes: Uint8Array | string): string => { const file = join(scratch, name); writeFileSync(file, bytes); return file; };

  // Cut inside "nodes".
  const cutAt = Math.floor((real.indexOf('"nodes":') + real.indexOf('"edges":')) / 2);
  const cut = write('cut.heapsnapshot', real.subarray(0, cutAt));
  // Another kind of JSON: the project's own package.json.
  const packageText = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json'), 'utf8');
  const foreign = write('package.json', packageText);
  // A letter in place of the first digit of the 8th value of "nodes".
  const nodesAt = real.indexOf('"nodes":[') + '"nodes":['.length;
  let valueAt = nodesAt;
  for (let k = 0; k < 7; k++) valueAt = real.indexOf(',', valueAt) + 1;
  while (real[valueAt] === 10) valueAt++;
  const broken = Buffer.from(real);
  broken[valueAt] = 'x'.charCodeAt(0);
  const brokenFile = write('broken.heapsnapshot', broken);
  // A gzip stream cut in half.
  const packed = gzipSync(real);
  const half = packed.length >> 1;
  const gzCut = write('cut.heapsnapshot.gz', packed.subarray(0, half));

  const expected: [string, string][] = [
    [cut, `leaklab: cannot read ${cut}: The snapshot ends after ${cutAt} bytes, inside "nodes": the file is cut short. Copy it again in full, or take the snapshot again (and wait until writeHeapSnapshot returns). (at byte ${cutAt})`],
    [foreign, `leaklab: cannot read ${foreign}: The file is JSON but not a V8 heap snapshot: its first key is "name", where a snapshot starts with "snapshot". Is it the right file? (at byte ${packageText.indexOf('"name"')})`],
    [brokenFile, `leaklab: cannot read ${brokenFile}: "nodes" should hold only non-negative integers, found "x" at item 7. The file is damaged: take the snapshot again. (at byte ${valueAt})`],
    [gzCut, `leaklab: cannot read ${gzCut}: The gzipped file ends after ${half} bytes, before its gzip stream does: the file is cut short. Copy it again in full, or take the snapshot again. (at byte ${half})`],
  ];
  const results = await Promise.all(expected.map(([file]) => leaklab('summary', file)));
  results.forEach((result, k) => {
    assert.equal(result.code, 1, expected[k][0]);
    assert.equal(result.stderr, `${expected[k][1]}\n`);
    assert.equal(result.stdout, '');
  });
});

test('a gzipped snapshot reads the same as the plain one; a cut one says it is cut short', async () => {
  const { gzipSync } = await import('node:zlib');
  const scratch = scratchDir('gzip');
  const gz = join(scratch, 'c.heapsnapshot.gz');
  const packed = gzipSync(readFileSync(c));
  writeFileSync(gz, packed);
  const [plain, unpacked] = await Promise.all([leaklab('summary', c, '--top', '50', '--json'), leaklab('summary', gz, '--top', '50', '--json')]);
  assert.equal(unpacked.code, 0, unpacked.stderr);
  assert.deepEqual(JSON.parse(unpacked.stdout), JSON.parse(plain.stdout));
  const cut = join(scratch, 'cut.heapsnapshot.gz');
  writeFileSync(cut, packed.subarray(0, packed.length >> 1));
  const broken = await leaklab('summary', cut);
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /The gzipped file ends after \d+ bytes, before its gzip stream does/);
});

test('on snapshots written with --track-heap-objects, --class shows where a class\'s live and new objects were allocated', async () => {
  const scratch = scratchDir('cli-alloc');
  const program = join(scratch, 'orders.cjs');
  writeFileSync(program, `'use strict';
const v8 = require('node:v8');
class Order { constructor(id) { this.id = id; } }
globalThis.orders = [];
function placeOrder(id) { globalThis.orders.push(new Order(id)); }
function importOrders(count) { for (let i = 0; i < count; i++) placeOrder(100000 + i); }
for (let i = 0; i < 300; i++) placeOrder(i);
v8.writeHeapSnapshot(process.argv[2]);
importOrders(700);
v8.writeHeapSnapshot(process.argv[3]);
globalThis.keep = [placeOrder, importOrders];
`);
  const [before, after] = [join(scratch, 'before.heapsnapshot'), join(scratch, 'after.heapsnapshot')];
  await new Promise<void>((resolve, reject) => execFile(process.execPath, ['--track-heap-objects', '--no-turbo-inlining', '--no-maglev-inlining', program, before, after], (error) => (error ? reject(error) : resolve())));
  const live = await leaklab('summary', after, '--class', 'Order', '--json');
  assert.equal(live.code, 0, live.stderr);
  const liveResult = JSON.parse(live.stdout);
  assert.deepEqual(liveResult.stacks.map((s: { count: number; stack: { functionName: string }[] }) => [s.count, s.stack.map((f) => f.functionName)]), [[700, ['placeOrder', 'importOrders', '']], [300, ['placeOrder', '']]]);
  assert.equal(liveResult.stacks[0].stack[0].line, 5);
  const added = await leaklab('diff', before, after, '--class', 'Order');
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /^Order: 700 new objects, [\d.]+ kB \(self size\)\.\n/);
  assert.match(added.stdout, /\n +700 +[\d.]+ kB +\S*orders\.cjs:5:\d+ placeOrder\n +← \S*orders\.cjs:6:\d+ importOrders\n/);
  const withPaths = await leaklab('retainers', after, '--class', 'Order', '--alloc', '--json');
  assert.equal(JSON.parse(withPaths.stdout).allocations.count, 1000);
  const untraced = await leaklab('summary', a, '--class', 'User');
  assert.equal(untraced.code, 0);
  assert.match(untraced.stdout, /^User: 100 live objects, .*\nThe snapshot has no allocation traces: write it with allocation tracking on \(node --track-heap-objects/);
  assert.equal((await leaklab('diff', a, b, c, '--class', 'User')).code, 2);
});
