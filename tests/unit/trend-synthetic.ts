// Synthetic runs for the verdict's unit tests: rows shaped like the probe's and the load driver's
// (a sample every 200 ms with the sawtooth on top, a forced-GC floor about every 1.25 s, request
// progress every 250 ms), from a floor level given as a function of time.
import { TrendTracker, type TrendInput, type TrendVerdict } from '../../src/analyzer/verdict/trend.ts';
import type { Figure, FloorPoint, MemorySample } from '../../src/protocol/samples.ts';

export const MB = 1e6;

export interface Shape {
  /** Run length in seconds of the program's clock. */
  seconds: number;
  /** Post-GC heapUsed at time t (seconds). */
  heapAt?: (tSec: number) => number;
  externalAt?: (tSec: number) => number;
  arrayBuffersAt?: (tSec: number) => number;
  handlesAt?: (tSec: number) => number;
  /** Upward noise added to each floor's heapUsed and external (floors are only ever read too high). */
  floorNoise?: (floorNumber: number, tSec: number) => number;
  /** Upward noise added to each floor's external and arrayBuffers only (dead Buffers not yet swept). */
  bufferNoise?: (floorNumber: number, tSec: number) => number;
  /** Requests per second, starting at `loadStartSec`; 0 for no load. */
  ratePerSec?: number;
  /** When load starts (default 0.5 s). */
  loadStartSec?: number;
  /** Time between floors (default 1250 ms, the probe's forced GCs). */
  floorEveryMs?: number;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** A small upward noise like real forced floors: 0–12 kB. */
export function floorJitter(seed: number): (floorNumber: number) => number {
  const random = seeded(seed);
  return () => random() * 12_000;
}

export function synthesize(shape: Shape): TrendInput {
  const heapAt = shape.heapAt ?? (() => 8 * MB);
  const externalAt = shape.externalAt ?? (() => 4 * MB);
  const arrayBuffersAt = shape.arrayBuffersAt ?? (() => 150_000);
  const handlesAt = shape.handlesAt ?? (() => 6);
  const noise = shape.floorNoise ?? (() => 0);
  const bufferNoise = shape.bufferNoise ?? (() => 0);
  const rate = shape.ratePerSec ?? 200;
  const loadStartMs = (shape.loadStartSec ?? 0.5) * 1000;
  const floorEveryMs = shape.floorEveryMs ?? 1250;
  const samples: MemorySample[] = [];
  const handles: { atMs: number; count: number }[] = [];
  const floors: FloorPoint[] = [];
  const requests: { atMs: number; count: number }[] = [];
  for (let atMs = 200; atMs <= shape.seconds * 1000; atMs += 200) {
    const t = atMs / 1000;
    const sawtoothBytes = ((atMs % 1250) / 1250) * 12 * MB;
    samples.push({
      atMs, heapUsedBytes: heapAt(t) + sawtoothBytes, heapTotalBytes: heapAt(t) + 16 * MB, rssBytes: heapAt(t) + 40 * MB,
      externalBytes: externalAt(t), arrayBuffersBytes: arrayBuffersAt(t),
    });
    handles.push({ atMs, count: Math.round(handlesAt(t)) });
  }
  let floorNumber = 0;
  for (let atMs = 300; atMs <= shape.seconds * 1000; atMs += floorEveryMs + (floorNumber % 3) * 20) {
    const t = atMs / 1000;
    const extra = noise(floorNumber, t);
    const buffers = bufferNoise(floorNumber++, t);
    floors.push({ atMs, heapUsedBytes: heapAt(t) + extra, externalBytes: externalAt(t) + extra + buffers, arrayBuffersBytes: arrayBuffersAt(t) + buffers, isForced: true });
  }
  if (rate > 0) {
    for (let atMs = 250; atMs <= shape.seconds * 1000; atMs += 250) {
      requests.push({ atMs, count: Math.max(0, Math.round(((atMs - loadStartMs) / 1000) * rate)) });
    }
  }
  return { samples, floors, handles, requests };
}

/** Feeds a run to a tracker row by row in time order, reading the verdict twice a second, as the page does. */
export function watch(input: TrendInput, primaryFigure: Figure = 'heapUsed'): { atSec: number; verdict: TrendVerdict }[] {
  const tracker = new TrendTracker(primaryFigure);
  const handles = new Map((input.handles ?? []).map((h) => [h.atMs, h.count]));
  const rows = [
    ...input.samples.map((s) => ({ atMs: s.atMs, add: () => tracker.addSample(s, handles.get(s.atMs)) })),
    ...input.floors.map((f) => ({ atMs: f.atMs, add: () => tracker.addFloor(f) })),
    ...(input.requests ?? []).map((r) => ({ atMs: r.atMs, add: () => tracker.addRequests(r.atMs, r.count) })),
    ...(input.snapshotsAtMs ?? []).map((atMs) => ({ atMs, add: () => tracker.addSnapshot(atMs) })),
  ].sort((a, b) => a.atMs - b.atMs);
  const readings: { atSec: number; verdict: TrendVerdict }[] = [];
  let nextMs = 0;
  for (const row of rows) {
    row.add();
    if (row.atMs >= nextMs) {
      readings.push({ atSec: row.atMs / 1000, verdict: tracker.current() });
      nextMs = row.atMs + 500;
    }
  }
  readings.push({ atSec: rows.at(-1)!.atMs / 1000, verdict: tracker.current() });
  return readings;
}

/** The first reading from which every later one has this verdict; null when the run ends otherwise. */
export function settledAt(readings: { atSec: number; verdict: TrendVerdict }[], kind: TrendVerdict['verdict']): number | null {
  let i = readings.length - 1;
  if (readings[i].verdict.verdict !== kind) return null;
  while (i > 0 && readings[i - 1].verdict.verdict === kind) i--;
  return readings[i].atSec;
}
