import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeTrend, TrendTracker, type TrendInput } from '../../src/analyzer/verdict/trend.ts';
import type { FloorPoint, MemorySample } from '../../src/protocol/samples.ts';

const MB = 1e6;

interface Shape {
  /** Run length in seconds of the program's clock. */
  seconds: number;
  /** Post-GC heapUsed at time t (seconds). */
  heapAt?: (tSec: number) => number;
  externalAt?: (tSec: number) => number;
  arrayBuffersAt?: (tSec: number) => number;
  handlesAt?: (tSec: number) => number;
  /** Upward noise added to each floor (floors are only ever read too high). */
  floorNoise?: (floorNumber: number) => number;
  /** Requests per second, starting at `loadStartSec`; 0 for no load. */
  ratePerSec?: number;
  /** When load starts (default 0.5 s; lesson programs on a busy machine: 2–3 s). */
  loadStartSec?: number;
  /** Time between floors (default about 1 s; the probe's forced GCs come every 1.25 s). */
  floorEveryMs?: number;
}

/** Like the probe: a sample every 200 ms (sawtooth on top of the floor), a floor about once a second, load progress every 250 ms. */
function synthesize(shape: Shape): TrendInput {
  const heapAt = shape.heapAt ?? (() => 8 * MB);
  const externalAt = shape.externalAt ?? (() => 4 * MB);
  const arrayBuffersAt = shape.arrayBuffersAt ?? (() => 150_000);
  const handlesAt = shape.handlesAt ?? (() => 6);
  const noise = shape.floorNoise ?? (() => 0);
  const rate = shape.ratePerSec ?? 200;
  const loadStartMs = (shape.loadStartSec ?? 0.5) * 1000;
  const floorEveryMs = shape.floorEveryMs ?? 1000;
  const samples: MemorySample[] = [];
  const handles: { atMs: number; count: number }[] = [];
  const floors: FloorPoint[] = [];
  const requests: { atMs: number; count: number }[] = [];
  for (let atMs = 200; atMs <= shape.seconds * 1000; atMs += 200) {
    const t = atMs / 1000;
    const sawtoothBytes = ((atMs % 1000) / 1000) * 12 * MB;
    samples.push({
      atMs,
      heapUsedBytes: heapAt(t) + sawtoothBytes,
      heapTotalBytes: heapAt(t) + 16 * MB,
      rssBytes: heapAt(t) + 40 * MB,
      externalBytes: externalAt(t),
      arrayBuffersBytes: arrayBuffersAt(t),
    });
    handles.push({ atMs, count: Math.round(handlesAt(t)) });
  }
  let floorNumber = 0;
  for (let atMs = 1000; atMs <= shape.seconds * 1000; atMs += floorEveryMs + (floorNumber % 3) * 40) {
    const t = atMs / 1000;
    const extra = noise(floorNumber++);
    floors.push({ atMs, heapUsedBytes: heapAt(t) + extra, externalBytes: externalAt(t) + extra, arrayBuffersBytes: arrayBuffersAt(t), isForced: true });
  }
  if (rate > 0) {
    for (let atMs = 250; atMs <= shape.seconds * 1000; atMs += 250) {
      requests.push({ atMs, count: Math.max(0, Math.round(((atMs - loadStartMs) / 1000) * rate)) });
    }
  }
  return { samples, floors, handles, requests };
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

test('a floor rising 300 kB/s for 8 s is leaking, with its rate and bytes per request', () => {
  const verdict = judgeTrend(synthesize({ seconds: 8, heapAt: (t) => 8 * MB + 300_000 * t }));
  assert.equal(verdict.verdict, 'leaking');
  assert.equal(verdict.figure, 'heapUsed');
  assert.ok(Math.abs(verdict.floorSlopeBytesPerSec - 300_000) < 30_000, `slope ${verdict.floorSlopeBytesPerSec}`);
  assert.ok(verdict.bytesPerRequest !== null && Math.abs(verdict.bytesPerRequest - 1500) < 200, `per request ${verdict.bytesPerRequest}`);
  assert.match(verdict.reason, /heapUsed floor rises 3\d\d kB\/s \(≥\d+ kB\/s\), 1\.\d kB per request, still rising in the last third/i);
});

test('a sawtooth whose post-GC floor stays level is flat', () => {
  const verdict = judgeTrend(synthesize({ seconds: 8 }));
  assert.equal(verdict.verdict, 'flat');
  assert.equal(verdict.figure, 'heapUsed');
  assert.match(verdict.reason, /is flat/);
  assert.deepEqual(verdict.perFigure.map((f) => f.verdict), ['flat', 'flat', 'flat', 'flat']);
});

test('a floor that rises 1 MB/s while warming up and then stays level is flat', () => {
  const verdict = judgeTrend(synthesize({ seconds: 10, heapAt: (t) => 8 * MB + Math.min(t, 2.5) * MB }));
  assert.equal(verdict.verdict, 'flat');
});

test('a slow steady leak of 130 kB/s is caught in a 12 s run', () => {
  const verdict = judgeTrend(synthesize({ seconds: 12, heapAt: (t) => 8 * MB + 130_000 * t }));
  assert.equal(verdict.verdict, 'leaking');
});

test('a creep of 30 kB/s (JIT, inline caches) is not called leaking', () => {
  const verdict = judgeTrend(synthesize({ seconds: 15, heapAt: (t) => 8 * MB + 30_000 * t }));
  assert.notEqual(verdict.verdict, 'leaking');
});

test('floors with big upward noise around a level floor are never leaking, and flat given 20 s', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const random = seeded(seed);
    const verdict = judgeTrend(synthesize({ seconds: 10, floorNoise: () => (random() < 0.3 ? random() * 6 * MB : random() * 50_000) }));
    assert.notEqual(verdict.verdict, 'leaking', `seed ${seed}: ${verdict.reason}`);
  }
  const random = seeded(7);
  assert.equal(judgeTrend(synthesize({ seconds: 20, floorNoise: () => (random() < 0.3 ? random() * 6 * MB : 0) })).verdict, 'flat');
});

test('a leak under the same noise is still caught in a 14 s run', () => {
  const random = seeded(3);
  const verdict = judgeTrend(synthesize({ seconds: 14, heapAt: (t) => 8 * MB + 400_000 * t, floorNoise: () => (random() < 0.3 ? random() * 4 * MB : 0) }));
  assert.equal(verdict.verdict, 'leaking');
});

test('a steep leak is called on three floors when load started late', () => {
  const verdict = judgeTrend(synthesize({ seconds: 7.5, loadStartSec: 2.6, floorEveryMs: 1250, heapAt: (t) => 6 * MB + Math.max(0, t - 2.6) * 4 * MB }));
  assert.equal(verdict.verdict, 'leaking', verdict.reason);
  assert.match(verdict.reason, /steeply from the start/);
});

test('memory held 2 s per request rises steeply, then levels off, and is never called leaking', () => {
  const tracker = new TrendTracker();
  const input = synthesize({ seconds: 9, loadStartSec: 1.4, floorEveryMs: 1250, heapAt: (t) => 7 * MB + Math.min(Math.max(0, t - 1.4), 2) * 2.9 * MB });
  const events = [
    ...input.floors.map((f) => ({ atMs: f.atMs, add: () => tracker.addFloor(f) })),
    ...input.requests!.map((r) => ({ atMs: r.atMs, add: () => tracker.addRequests(r.atMs, r.count) })),
  ].sort((a, b) => a.atMs - b.atMs);
  for (const event of events) {
    event.add();
    assert.notEqual(tracker.current().verdict, 'leaking', `at ${event.atMs} ms: ${tracker.current().reason}`);
  }
});

test('a 3 s run is too short to tell, and says so', () => {
  const verdict = judgeTrend(synthesize({ seconds: 3, heapAt: (t) => 8 * MB + 1 * MB * t }));
  assert.equal(verdict.verdict, 'unknown');
  assert.match(verdict.reason, /too short/i);
});

test('a verdict on two floors survives JSON with every number intact', () => {
  const input = synthesize({ seconds: 4, heapAt: (t) => 8 * MB + 1 * MB * t });
  const verdict = judgeTrend({ ...input, floors: input.floors.slice(-2) });
  const roundTrip = JSON.parse(JSON.stringify(verdict));
  assert.deepEqual(roundTrip, verdict);
});

test('no data at all is unknown', () => {
  const verdict = judgeTrend({ samples: [], floors: [] });
  assert.equal(verdict.verdict, 'unknown');
  assert.equal(verdict.figure, 'heapUsed');
});

test('a bounded cache that fills for 4 s and then plateaus is not leaking in an 8 s run', () => {
  const verdict = judgeTrend(synthesize({ seconds: 8, heapAt: (t) => 8 * MB + Math.min(Math.max(t - 0.5, 0), 4) * 500_000 }));
  assert.notEqual(verdict.verdict, 'leaking', verdict.reason);
});

test('a bounded cache that fills for 4 s and then plateaus is flat in a 15 s run', () => {
  const verdict = judgeTrend(synthesize({ seconds: 15, heapAt: (t) => 8 * MB + Math.min(Math.max(t - 0.5, 0), 4) * 500_000 }));
  assert.equal(verdict.verdict, 'flat', verdict.reason);
});

test('a leak in arrayBuffers with a flat heap is reported about arrayBuffers', () => {
  const verdict = judgeTrend(synthesize({ seconds: 8, arrayBuffersAt: (t) => 150_000 + 300_000 * t }));
  assert.equal(verdict.verdict, 'leaking');
  assert.equal(verdict.figure, 'arrayBuffers');
  assert.equal(verdict.perFigure.find((f) => f.figure === 'heapUsed')?.verdict, 'flat');
  assert.match(verdict.reason, /arrayBuffers floor rises/);
});

test('active handles growing 200 per second are leaking, about handles', () => {
  const verdict = judgeTrend(synthesize({ seconds: 8, handlesAt: (t) => 6 + 200 * t }));
  assert.equal(verdict.verdict, 'leaking');
  assert.equal(verdict.figure, 'handles');
  assert.ok(Math.abs(verdict.floorSlopeBytesPerSec - 200) < 20);
  assert.match(verdict.reason, /active handles rise 2\d\d handles\/s/i);
});

test('handles held by 2 s timers that complete rise and level off, and are not leaking', () => {
  const verdict = judgeTrend(synthesize({ seconds: 8, handlesAt: (t) => 6 + Math.min(Math.max(t - 0.5, 0), 2) * 200 }));
  assert.notEqual(verdict.verdict, 'leaking', verdict.reason);
});

test('without load the verdict has no bytes per request', () => {
  const verdict = judgeTrend(synthesize({ seconds: 8, ratePerSec: 0, heapAt: (t) => 8 * MB + 300_000 * t }));
  assert.equal(verdict.verdict, 'leaking');
  assert.equal(verdict.bytesPerRequest, null);
});

test('the primary figure is named even when another figure is the unsure one', () => {
  const verdict = judgeTrend({ ...synthesize({ seconds: 8, externalAt: (t) => 4 * MB + 60_000 * t * (t % 2) }), primaryFigure: 'heapUsed' });
  assert.equal(verdict.figure, 'heapUsed');
});

test('the tracker stays leaking after the floor stops rising', () => {
  const input = synthesize({ seconds: 16, heapAt: (t) => 8 * MB + 400_000 * Math.min(t, 8) - (t > 9 ? 2 * MB : 0) });
  const tracker = new TrendTracker();
  const verdicts: string[] = [];
  const events = [
    ...input.samples.map((s, i) => ({ atMs: s.atMs, add: () => tracker.addSample(s, input.handles![i].count) })),
    ...input.floors.map((f) => ({ atMs: f.atMs, add: () => tracker.addFloor(f) })),
    ...input.requests!.map((r) => ({ atMs: r.atMs, add: () => tracker.addRequests(r.atMs, r.count) })),
  ].sort((a, b) => a.atMs - b.atMs);
  for (const event of events) {
    event.add();
    verdicts.push(tracker.current().verdict);
  }
  const firstLeak = verdicts.indexOf('leaking');
  assert.ok(firstLeak > 0, 'it became leaking');
  assert.ok(verdicts.slice(firstLeak).every((v) => v === 'leaking'), 'and stayed leaking');
  assert.equal(tracker.current().figure, 'heapUsed');
  assert.equal(judgeTrend(input).verdict, 'leaking', 'judgeTrend agrees with the tracker');
});

test('the tracker called only at the end agrees with the one called after every row', () => {
  const input = synthesize({ seconds: 14, heapAt: (t) => 8 * MB + 400_000 * Math.min(t, 7) - (t > 8 ? 2.5 * MB : 0) });
  const tracker = new TrendTracker();
  for (const s of input.samples) tracker.addSample(s);
  for (const f of input.floors) tracker.addFloor(f);
  for (const r of input.requests!) tracker.addRequests(r.atMs, r.count);
  assert.equal(tracker.current().verdict, 'leaking');
});

test('current() does not recompute until 500 ms of new data arrived', () => {
  const input = synthesize({ seconds: 8 });
  const tracker = new TrendTracker();
  for (const f of input.floors) tracker.addFloor(f);
  const first = tracker.current();
  assert.equal(tracker.current(), first);
  tracker.addFloor({ ...input.floors[input.floors.length - 1], atMs: input.floors[input.floors.length - 1].atMs + 100 });
  assert.equal(tracker.current(), first);
  tracker.addFloor({ ...input.floors[input.floors.length - 1], atMs: input.floors[input.floors.length - 1].atMs + 600 });
  assert.notEqual(tracker.current(), first);
});

test('a figure the run does not watch needs more evidence to be called leaking than the one it does', () => {
  // The shape seen for `external` on a bounded cache in an 8 s run: +1.2 MB in steps.
  const steps = (t: number) => 4_080_000 + Math.min(1_230_000, Math.floor(t / 1.25) * 205_000);
  const watchingHeap = judgeTrend(synthesize({ seconds: 8, externalAt: steps }));
  assert.notEqual(watchingHeap.verdict, 'leaking', watchingHeap.reason);
  const watchingExternal = judgeTrend({ ...synthesize({ seconds: 8, externalAt: steps }), primaryFigure: 'external' });
  assert.notEqual(watchingExternal.perFigure.find((f) => f.figure === 'external')?.verdict, 'flat');
});

test('a flat heap is called flat even while another figure is still undecided, and the reason says so', () => {
  // Lesson 09's fixed program: node:sqlite's external memory creeps ~70 kB/s while its cache warms.
  const random = seeded(9);
  const verdict = judgeTrend(synthesize({ seconds: 12, externalAt: (t) => 4 * MB + 72_000 * t + (random() - 0.5) * 400_000 }));
  assert.equal(verdict.perFigure.find((f) => f.figure === 'external')?.verdict, 'unknown', `the external floor is undecided: ${JSON.stringify(verdict.perFigure)}`);
  assert.equal(verdict.verdict, 'flat');
  assert.equal(verdict.figure, 'heapUsed');
  assert.match(verdict.reason, /Not judged yet: external floor/);
});
