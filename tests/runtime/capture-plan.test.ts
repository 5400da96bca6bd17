// The capture planner on a real run: a snapshot the run cannot afford is refused before V8
// starts writing, with the reason, and the program keeps running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runHeadless } from '../../src/runner/headless-session.ts';
import { planForFile } from '../../src/runner/run-plan.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/capture/big-heap.cjs');

test('a --diff run whose snapshot would pass the run\'s memory cap gets no snapshot, a reason with the numbers, and is not ended for memory', async () => {
  process.env.HEAP_MB = '80';
  const plan = await planForFile(FIXTURE, { heapCapMiB: 512, load: { paths: ['/'], ratePerSec: 50, connections: 2, method: 'GET' } });
  delete process.env.HEAP_MB;
  // 80 MB of heap needs about 550 MiB more to write; the run's cap is 512 + 128 MiB.
  const result = await runHeadless(plan, { seconds: 4, compare: { top: 5 }, caps: { offHeapBytes: 128 * 1048576 } });
  assert.equal(result.exit.reason, 'stopped', result.exit.message);
  assert.equal(result.snapshots.length, 0);
  assert.ok(result.comparison && !result.comparison.diff);
  assert.match(result.snapshotFailures[0] ?? '', /Writing a snapshot of this \d+ MiB heap needs about \d+ MiB more memory .*the run's 640 MiB memory cap: the run would be ended for it\./);
  assert.match(result.snapshotFailures[0], /Allocation sites/);
});

test('the same program with room in its cap gets its snapshots, and the estimate was within the measured range of the file written', async (t) => {
  process.env.HEAP_MB = '40';
  const plan = await planForFile(FIXTURE, { heapCapMiB: 512, load: { paths: ['/'], ratePerSec: 50, connections: 2, method: 'GET' } });
  delete process.env.HEAP_MB;
  const estimates: number[] = [];
  const result = await runHeadless(plan, {
    // V8 keeps most of what it took to write the first one: the second needs room above that.
    seconds: 4, compare: { top: 5 }, caps: { offHeapBytes: 2048 * 1048576 },
    onEvent: (e) => { if (e.type === 'snapshot-progress' && e.estimate) estimates.push(e.estimate.sizeBytes); },
  });
  assert.equal(result.snapshots.length, 2, result.snapshotFailures.join(' '));
  assert.equal(estimates.length, 2);
  for (const [k, snapshot] of result.snapshots.entries()) {
    // The estimate takes the top of the measured range (1.45 to 1.75 times the heap): never far under.
    const error = estimates[k] / snapshot.sizeBytes - 1;
    t.diagnostic(`snapshot ${k + 1}: estimated ${estimates[k]} bytes, wrote ${snapshot.sizeBytes} (${error >= 0 ? '+' : ''}${(error * 100).toFixed(1)} %)`);
    assert.ok(error > -0.1 && error < 0.35, `estimate ${estimates[k]} for a file of ${snapshot.sizeBytes} bytes (${(error * 100).toFixed(0)} %)`);
  }
});
