import type { FigureThresholds } from './trend-thresholds.ts';
import { TIMING } from './trend-thresholds.ts';

/** One figure's points over time, ascending by time. */
export interface Series {
  timesMs: ArrayLike<number>;
  values: ArrayLike<number>;
}

/**
 * The points a slope is fitted to: those in [fromMs, toMs], dense series reduced to their lowest
 * point per bucket, at most `TIMING.maxPoints` of them, spikes dropped.
 */
export function prepare(series: Series, fromMs: number, toMs: number, limits: FigureThresholds): Series {
  return dropSpikes(decimate(bucketMin(pick(series, fromMs, toMs), limits.bucketMs)), limits.spikeMargin);
}

/**
 * Whether the figure ever fell by more than `spikeMargin` from one point to the next in
 * [fromMs, toMs]. A leaking floor only grows; one that falls back was read with garbage in it
 * (unswept ArrayBuffers, a late read), so a few of its points can line up by chance.
 */
export function isNoisy(series: Series, fromMs: number, toMs: number, limits: FigureThresholds): boolean {
  const { values } = bucketMin(pick(series, fromMs, toMs), limits.bucketMs);
  for (let i = 1; i < values.length; i++) {
    if (values[i - 1] - values[i] > limits.spikeMargin) return true;
  }
  return false;
}

/** Points in [fromMs, toMs]. */
function pick(series: Series, fromMs: number, toMs: number): Series {
  const from = firstIndexAtOrAfter(series.timesMs, fromMs, series.timesMs.length);
  let to = from;
  while (to < series.timesMs.length && series.timesMs[to] <= toMs) to++;
  return { timesMs: Array.prototype.slice.call(series.timesMs, from, to), values: Array.prototype.slice.call(series.values, from, to) };
}

/** The lowest point of each bucket of `bucketMs` (a floor's noise is upward); 0 keeps all points. */
function bucketMin(series: Series, bucketMs: number): Series {
  const count = series.timesMs.length;
  if (bucketMs <= 0 || count === 0) return series;
  const startMs = series.timesMs[0];
  const timesMs: number[] = [];
  const values: number[] = [];
  let bucket = -1;
  for (let i = 0; i < count; i++) {
    const b = Math.floor((series.timesMs[i] - startMs) / bucketMs);
    if (b !== bucket) {
      bucket = b;
      timesMs.push(series.timesMs[i]);
      values.push(series.values[i]);
    } else if (series.values[i] < values[values.length - 1]) {
      timesMs[timesMs.length - 1] = series.timesMs[i];
      values[values.length - 1] = series.values[i];
    }
  }
  return { timesMs, values };
}

/** At most `TIMING.maxPoints` points, by taking the lowest of equal time buckets. */
function decimate(series: Series): Series {
  const count = series.timesMs.length;
  if (count <= TIMING.maxPoints) return series;
  return bucketMin(series, (series.timesMs[count - 1] - series.timesMs[0]) / (TIMING.maxPoints - 1) + 1e-9);
}

/**
 * Drops inner points that stand above both neighbours by more than `margin`: a late-read floor
 * or a burst of in-flight requests. A steady rise has no such points, so a leak keeps them all.
 * The first and last points stay (a step at the end could be the start of a leak); the slope is
 * robust to one of those.
 */
function dropSpikes(series: Series, margin: number): Series {
  const { timesMs, values } = series;
  const count = timesMs.length;
  // With few points each one counts; Theil–Sen already shrugs off one odd point in four.
  if (count < MIN_POINTS_FOR_SPIKES) return series;
  const keptTimesMs: number[] = [timesMs[0]];
  const keptValues: number[] = [values[0]];
  for (let i = 1; i < count - 1; i++) {
    if (values[i] > Math.max(values[i - 1], values[i + 1]) + margin) continue;
    keptTimesMs.push(timesMs[i]);
    keptValues.push(values[i]);
  }
  keptTimesMs.push(timesMs[count - 1]);
  keptValues.push(values[count - 1]);
  return { timesMs: keptTimesMs, values: keptValues };
}

const MIN_POINTS_FOR_SPIKES = 6;

/** Last index whose time is ≤ `atMs` (−1 when none). */
export function lastIndexAtOrBefore(timesMs: ArrayLike<number>, atMs: number): number {
  let i = -1;
  while (i + 1 < timesMs.length && timesMs[i + 1] <= atMs) i++;
  return i;
}

/** First index whose time is ≥ `atMs`, but no later than `latest` (so a tail keeps a few points). */
export function firstIndexAtOrAfter(timesMs: ArrayLike<number>, atMs: number, latest: number): number {
  let i = 0;
  while (i < timesMs.length && timesMs[i] < atMs) i++;
  return Math.max(0, Math.min(i, latest));
}
