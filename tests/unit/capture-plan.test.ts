import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateCapture, planCapture, type CaptureRoom } from '../../src/runner/capture-plan.ts';

const MiB = 1048576;
const room = (over: Partial<CaptureRoom>): CaptureRoom => ({
  heapUsedBytes: 20 * MiB, rssBytes: 80 * MiB, rssCapBytes: 768 * MiB, machineFreeBytes: 8192 * MiB, maxSnapshotBytes: 1024 * MiB, hasAllocSites: true, reusableBytes: 0, ...over,
});

test('a snapshot of a small heap with room to spare is planned, with its size, time and memory estimated from the heap', () => {
  const plan = planCapture(room({}));
  assert.equal(plan.ok, true);
  assert.deepEqual(plan.estimate, estimateCapture(20 * MiB));
  // The measured ranges' tops: 1.75 times the heap on disk, 7.2 times in memory while writing.
  assert.equal(plan.estimate.sizeBytes, Math.round(20 * MiB * 1.75));
  assert.equal(plan.estimate.extraMemoryBytes, Math.round(20 * MiB * 7.2));
});

test('a second snapshot counts on the memory the first one left in the process, which it reuses', () => {
  const first = room({ heapUsedBytes: 100 * MiB, rssBytes: 200 * MiB });
  assert.equal(planCapture(first).ok, false);
  // After a first write the process kept 700 MiB; the next write of the same heap grows it by 20 MiB at most.
  assert.equal(planCapture({ ...first, rssBytes: 700 * MiB, reusableBytes: 700 * MiB }).ok, true);
});

const refusals: [string, Partial<CaptureRoom>, RegExp][] = [
  ['the run\'s memory cap', { heapUsedBytes: 100 * MiB, rssBytes: 200 * MiB }, /needs about 720 MiB more memory .*already uses 200 MiB of the run's 768 MiB memory cap: the run would be ended for it\./],
  ['the machine\'s free memory', { heapUsedBytes: 100 * MiB, rssCapBytes: null, machineFreeBytes: 500 * MiB }, /this machine has 500 MiB free: the kernel could kill the program mid-write/],
  ['the snapshot size cap', { heapUsedBytes: 100 * MiB, rssCapBytes: null, maxSnapshotBytes: 100 * MiB }, /a file of about 175 MiB.*over the 100 MiB snapshot size cap/],
];
for (const [what, over, reason] of refusals) {
  test(`a snapshot that would not fit ${what} is refused, and the reason offers allocation sites and a smaller heap`, () => {
    const plan = planCapture(room(over));
    assert.equal(plan.ok, false);
    assert.ok(!plan.ok);
    assert.match(plan.reason, reason);
    assert.match(plan.reason, /allocation sites/i);
    assert.match(plan.reason, /smaller --heap-cap/);
  });
}
