import type { TrendColumns } from './trend-columns.ts';
import type { JudgedWindow } from './trend-figure.ts';
import type { Series } from './trend-series.ts';
import { TIMING } from './trend-thresholds.ts';

/** No new requests for this long means the load has stopped. */
const LOAD_STOPPED_AFTER_MS = 1000;

/**
 * After warm-up (measured from when load started, or from the first data without load) and up to
 * `untilMs`, or to just after the load stopped: a leak only grows while requests arrive, so an
 * idle tail must not read as "levelled off".
 */
export function judgedWindow(columns: TrendColumns, series: Series, untilMs: number): JudgedWindow {
  const { requestAtMs, requestCounts } = columns;
  let firstLoadIndex = -1;
  let lastLoadIndex = -1;
  let loadRows = 0;
  for (let i = 0; i < requestAtMs.length && requestAtMs[i] <= untilMs; i++) {
    const previousCount = i > 0 ? requestCounts[i - 1] : 0;
    if (requestCounts[i] > previousCount) {
      if (firstLoadIndex < 0) firstLoadIndex = i;
      lastLoadIndex = i;
      loadRows++;
    }
  }
  const dataStartMs = series.timesMs.length > 0 ? series.timesMs[0] : 0;
  // A single progress row (a summary) says how many requests ran, not when load started.
  const hasLoadTiming = loadRows >= 3;
  const startMs = hasLoadTiming ? Math.max(dataStartMs, requestAtMs[firstLoadIndex]) : dataStartMs;
  let endMs = untilMs;
  if (hasLoadTiming && untilMs - requestAtMs[lastLoadIndex] >= LOAD_STOPPED_AFTER_MS) {
    endMs = requestAtMs[lastLoadIndex] + TIMING.recomputeEveryMs;
  }
  const warmupMs = Math.min(TIMING.maxWarmupMs, Math.max(TIMING.minWarmupMs, TIMING.warmupFraction * (endMs - startMs)));
  const fromMs = startMs + warmupMs;
  let requestsPerSec: number | null = null;
  if (hasLoadTiming) {
    // Requests done inside the judged window, from the progress rows that bracket it.
    const before = lastRowAtOrBefore(requestAtMs, fromMs);
    const after = lastRowAtOrBefore(requestAtMs, endMs);
    const fromIndex = before >= 0 && after > before ? before : firstLoadIndex;
    const spanSec = (requestAtMs[after] - requestAtMs[fromIndex]) / 1000;
    const rate = spanSec > 0 ? (requestCounts[after] - requestCounts[fromIndex]) / spanSec : 0;
    requestsPerSec = rate >= 1 ? rate : null;
  } else if (lastLoadIndex >= 0 && requestAtMs[lastLoadIndex] > dataStartMs) {
    const rate = requestCounts[lastLoadIndex] / ((requestAtMs[lastLoadIndex] - dataStartMs) / 1000);
    requestsPerSec = rate >= 1 ? rate : null;
  }
  return { fromMs, toMs: endMs, warmupMs, loadStartMs: startMs, requestsPerSec };
}

function lastRowAtOrBefore(timesMs: readonly number[], atMs: number): number {
  let found = -1;
  for (let i = 0; i < timesMs.length && timesMs[i] <= atMs; i++) found = i;
  return found;
}
