// Heap snapshots and the verdict: writing a snapshot collects the heap and throws away compiled
// code and caches, so the floor falls at each one. That fall is the tool's, not the program's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeTrend } from '../../src/analyzer/verdict/trend.ts';
import { parseSeries, seriesLine, SERIES_FORMAT } from '../../src/analyzer/verdict/trend-events.ts';
import { floorJitter, MB, settledAt, synthesize, watch } from './trend-synthetic.ts';

/** Like `leaklab run --diff` on a 10 s run: the warm-up snapshot at 3 s drops the floor by `dropBytes`. */
const SNAPSHOT_AT_MS = 3100;
const leakWithSnapshotDrop = (bytesPerSec: number, dropBytes: number) => (t: number): number =>
  8 * MB + bytesPerSec * Math.max(0, t - 0.5) - (t * 1000 > SNAPSHOT_AT_MS ? dropBytes : 0);

test('a leak whose floor falls at a heap snapshot is leaking', () => {
  for (let seed = 1; seed <= 10; seed++) {
    // 1.5 kB per request at 200 req/s; the snapshot takes away 1.5 MB of code and caches.
    const input = synthesize({ seconds: 12, heapAt: leakWithSnapshotDrop(300_000, 1.5 * MB), floorNoise: floorJitter(700 + seed) });
    const verdict = judgeTrend({ ...input, snapshotsAtMs: [SNAPSHOT_AT_MS] });
    assert.equal(verdict.verdict, 'leaking', `seed ${seed}: ${verdict.reason}`);
  }
});

test('the same fall without a snapshot row holds the leak back, so the snapshot row is what tells them apart', () => {
  const input = synthesize({ seconds: 12, heapAt: leakWithSnapshotDrop(300_000, 1.5 * MB), floorNoise: floorJitter(701) });
  const verdict = judgeTrend(input);
  assert.equal(verdict.verdict, 'unknown', verdict.reason);
  assert.match(verdict.reason, /fell back less than 15\.0 s ago/);
});

test('a slow leak of 100 B per request goes on being called leaking after a snapshot taken late in the run', () => {
  const snapshotAtMs = 40_000;
  const heapAt = (t: number): number => 8 * MB + 20_000 * t - (t * 1000 > snapshotAtMs ? 800_000 : 0);
  const readings = watch({ ...synthesize({ seconds: 60, heapAt, floorNoise: floorJitter(720) }), snapshotsAtMs: [snapshotAtMs] });
  const at = settledAt(readings, 'leaking');
  assert.ok(at !== null && at < snapshotAtMs / 1000, `leaking for good from ${at} s; at the end: ${readings.at(-1)!.verdict.reason}`);
});

test('a cache emptied every 4 s is never leaking, with or without a snapshot taken in the run', () => {
  const heapAt = (t: number): number => 8 * MB + ((t % 4) / 4) * 1 * MB;
  for (const snapshotsAtMs of [[], [10_000], [9_000, 29_000]]) {
    const readings = watch({ ...synthesize({ seconds: 60, heapAt, floorNoise: floorJitter(730) }), snapshotsAtMs });
    const alarm = readings.find((r) => r.verdict.verdict === 'leaking');
    assert.equal(alarm, undefined, `snapshots at ${snapshotsAtMs.join(', ') || 'none'}: leaking at ${alarm?.atSec} s: ${alarm?.verdict.reason}`);
  }
});

test('a level floor that fell at a snapshot is flat afterwards', () => {
  const heapAt = (t: number): number => 10 * MB - (t * 1000 > 8000 ? 1.2 * MB : 0);
  const verdict = judgeTrend({ ...synthesize({ seconds: 30, heapAt, floorNoise: floorJitter(740) }), snapshotsAtMs: [8000] });
  assert.equal(verdict.verdict, 'flat', verdict.reason);
});

test('a series file with snapshot rows reads back, and one written before snapshot rows existed still reads', () => {
  const header = seriesLine({ type: 'series', format: SERIES_FORMAT, figure: 'heapUsed' });
  const old = [header, seriesLine({ type: 'requests', atMs: 250, count: 10 })].join('\n');
  assert.equal(parseSeries(old, 'old.jsonl').events.length, 1);
  const withSnapshot = [header, seriesLine({ type: 'snapshot', atMs: 3100 }), ''].join('\n');
  assert.deepEqual(parseSeries(withSnapshot, 'new.jsonl').events, [{ type: 'snapshot', atMs: 3100 }]);
  assert.throws(() => parseSeries([header, '{"type":"snapshot","atMs":"soon"}'].join('\n'), 'bad.jsonl'), /bad\.jsonl:2: not a sample, floor, requests or snapshot row/);
});
