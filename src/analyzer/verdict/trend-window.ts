import type { TrendStore, PointRing } from './trend-store.ts';
import { TIMING } from './trend-thresholds.ts';

/** The part of the run that is judged: after warm-up, while load ran, at most the latest `TIMING.maxWindowMs`. */
export interface JudgedWindow {
  /** After warm-up: the time-based one and the first `TIMING.warmupRequests` requests. */
  fromMs: number;
  /** After the time-based warm-up only: flat may be judged from here (the JIT's warm-up would show as a rise). */
  earlyFromMs: number;
  /** A rise far above warm-up's may be judged from here (`TIMING.earlyWarmupMs` after load started). */
  steepFromMs: number;
  /** Requests done by `toMs`, when load ran. */
  requestsDone: number | null;
  toMs: number;
  warmupMs: number;
  /** When load started (or the first data, without load). */
  loadStartMs: number;
  hasLoad: boolean;
  /** Requests per second inside the window, or null when no load ran. */
  requestsPerSec: number | null;
}

/** No new requests for this long means the load has stopped. */
const LOAD_STOPPED_AFTER_MS = 1000;

/**
 * After warm-up, up to `untilMs` or to just after the load stopped: a leak only grows while
 * requests arrive, so an idle tail must not read as "levelled off".
 */
export function judgedWindow(store: TrendStore, untilMs: number): JudgedWindow {
  const hasLoad = !Number.isNaN(store.loadTimingFromMs) && store.loadTimingFromMs <= untilMs;
  const dataStartMs = Number.isNaN(store.firstDataMs) ? 0 : store.firstDataMs;
  const startMs = hasLoad ? Math.max(dataStartMs, store.firstLoadMs) : dataStartMs;
  let endMs = untilMs;
  const lastRiseMs = hasLoad ? store.lastLoadRiseAtOrBefore(untilMs) : Number.NaN;
  if (untilMs - lastRiseMs >= LOAD_STOPPED_AFTER_MS) endMs = lastRiseMs + TIMING.recomputeEveryMs;
  const warmupMs = Math.min(TIMING.maxWarmupMs, Math.max(TIMING.minWarmupMs, TIMING.warmupFraction * (endMs - startMs)));
  const earlyFromMs = Math.max(startMs + warmupMs, endMs - TIMING.maxWindowMs);
  // Until the warm-up requests are done the window is empty (from = to).
  const warmedUpMs = !hasLoad ? earlyFromMs : Number.isNaN(store.warmedUpAtMs) || store.warmedUpAtMs > endMs ? endMs : store.warmedUpAtMs;
  const fromMs = Math.max(earlyFromMs, warmedUpMs);
  const requestsPerSec = hasLoad ? requestRate(store, fromMs < endMs ? fromMs : earlyFromMs, endMs) : null;
  const steepFromMs = Math.max(startMs + TIMING.earlyWarmupMs, endMs - TIMING.maxWindowMs);
  return { fromMs, earlyFromMs, steepFromMs, toMs: endMs, warmupMs, loadStartMs: startMs, hasLoad, requestsPerSec, requestsDone: hasLoad ? store.requestsAt(endMs) : null };
}

/** Requests per second answered in [fromMs, toMs], or null when under one a second. */
export function requestRate(store: TrendStore, fromMs: number, toMs: number): number | null {
  const before = store.requestsAt(fromMs) ?? 0;
  const after = store.requestsAt(toMs);
  if (after === null || toMs <= fromMs) return null;
  const rate = (after - before) / ((toMs - fromMs) / 1000);
  return rate >= 1 ? rate : null;
}

/** A figure's points in a window, as plain columns. */
export interface Points {
  timesMs: number[];
  values: number[];
}

/**
 * The points in [fromMs, toMs], at most `TIMING.maxFitPoints`: beyond that, the lowest point of
 * each of that many equal time buckets (a floor's noise is upward, so the lowest is the truest).
 */
export function pointsIn(ring: PointRing, fromMs: number, toMs: number, spikeMargin = Infinity): Points {
  const all = dropSpikes(ring.slice(fromMs, toMs), spikeMargin);
  return all.timesMs.length <= TIMING.maxFitPoints ? all : lowerEnvelope(all, TIMING.maxFitPoints);
}

/**
 * Drops inner points that stand above both neighbours by more than `margin`: a floor read late
 * (a major GC's observer runs after the program allocated again). A leak only ever rises, so it
 * has no such points; the newest point stays, since a step up at the end may be a leak starting.
 */
function dropSpikes(points: Points, margin: number): Points {
  const { timesMs, values } = points;
  const count = timesMs.length;
  if (count < 3 || !Number.isFinite(margin)) return points;
  const kept: Points = { timesMs: [timesMs[0]], values: [values[0]] };
  for (let i = 1; i < count; i++) {
    if (i < count - 1 && values[i] > Math.max(values[i - 1], values[i + 1]) + margin) continue;
    kept.timesMs.push(timesMs[i]);
    kept.values.push(values[i]);
  }
  return kept;
}

/**
 * The lower envelope: the lowest point of each of `blocks` equal time blocks of the points. A
 * sawtooth, late reads and in-flight garbage all sit above it; a leak lifts it.
 */
export function lowerEnvelope(points: Points, blocks: number): Points {
  const count = points.timesMs.length;
  const timesMs: number[] = [];
  const values: number[] = [];
  if (count === 0) return { timesMs, values };
  const startMs = points.timesMs[0];
  const blockMs = (points.timesMs[count - 1] - startMs) / blocks + 1e-9;
  let block = -1;
  for (let i = 0; i < count; i++) {
    const b = Math.floor((points.timesMs[i] - startMs) / blockMs);
    if (b !== block) {
      block = b;
      timesMs.push(points.timesMs[i]);
      values.push(points.values[i]);
    } else if (points.values[i] < values[values.length - 1]) {
      timesMs[timesMs.length - 1] = points.timesMs[i];
      values[values.length - 1] = points.values[i];
    }
  }
  return { timesMs, values };
}

/** First index with time ≥ atMs. */
export function indexAtOrAfter(timesMs: readonly number[], atMs: number): number {
  let lo = 0;
  let hi = timesMs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (timesMs[mid] < atMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Seconds of load (of run, without load) at `atMs`, to a tenth. */
export function secondsSince(atMs: number, window: JudgedWindow): number {
  return Math.max(0, Math.round((atMs - window.loadStartMs) / 100) / 10);
}
