/**
 * Theil–Sen slope with a robust interval.
 *
 * The slope is the median of the slopes of all pairs of points (Theil 1950, Sen 1968), so one
 * odd floor in five cannot tilt it. The interval is not Sen's rank interval: with the 4–7 floors
 * of an 8 s run (the probe forces a GC about every 1.25 s) that interval is simply the smallest
 * and largest pairwise slope. Instead it is the usual regression interval slope ± t·SE, with the
 * residual scale taken from the median absolute deviation (1.4826·MAD) of the residuals around
 * the Theil–Sen line, so it is narrow when the points sit on a line and wide when they scatter,
 * and a single outlier does not widen it.
 */

export interface SlopeEstimate {
  /** Units of value per second (time is given in ms). */
  slopePerSec: number;
  lowerPerSec: number;
  upperPerSec: number;
  /** The smallest slope between any two points. */
  minPairPerSec: number;
  /** Number of points used. */
  points: number;
}

/** Two-sided 95 % Student t quantiles by degrees of freedom (n − 2); 1.96 beyond the table. */
const T_95: readonly number[] = [Infinity, 12.71, 4.30, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.20, 2.18, 2.16, 2.14, 2.13, 2.12, 2.11, 2.10, 2.09, 2.09];
const T_95_LARGE = 2.04;

/** Scales a median absolute deviation to a standard deviation for normal noise. */
const MAD_TO_SIGMA = 1.4826;

/**
 * Theil–Sen on `(timesMs[i], values[i])` for i in [from, to). Returns null with fewer than two
 * distinct times. Cost is O(n² log n); callers keep n to a few hundred.
 */
export function theilSen(timesMs: ArrayLike<number>, values: ArrayLike<number>, from = 0, to = timesMs.length): SlopeEstimate | null {
  const n = to - from;
  if (n < 2) return null;
  const slopes = new Float64Array((n * (n - 1)) / 2);
  let pairCount = 0;
  for (let i = from; i < to; i++) {
    for (let j = i + 1; j < to; j++) {
      const dtSec = (timesMs[j] - timesMs[i]) / 1000;
      if (dtSec === 0) continue;
      slopes[pairCount++] = (values[j] - values[i]) / dtSec;
    }
  }
  if (pairCount === 0) return null;
  const sorted = slopes.subarray(0, pairCount).sort();
  const slopePerSec = medianOfSorted(sorted);
  const minPairPerSec = sorted[0];
  if (n < 3) return { slopePerSec, lowerPerSec: -Infinity, upperPerSec: Infinity, minPairPerSec, points: n };

  // Intercept: median of value − slope·t; residuals around that line.
  const offsets = new Float64Array(n);
  let meanSec = 0;
  for (let i = from; i < to; i++) {
    offsets[i - from] = values[i] - (slopePerSec * timesMs[i]) / 1000;
    meanSec += timesMs[i] / 1000 / n;
  }
  const intercept = medianOfSorted(offsets.slice().sort());
  const absResiduals = new Float64Array(n);
  let spreadSec2 = 0;
  for (let i = 0; i < n; i++) {
    absResiduals[i] = Math.abs(offsets[i] - intercept);
    spreadSec2 += (timesMs[from + i] / 1000 - meanSec) ** 2;
  }
  const sigma = MAD_TO_SIGMA * medianOfSorted(absResiduals.sort());
  const standardError = spreadSec2 > 0 ? sigma / Math.sqrt(spreadSec2) : Infinity;
  const t = T_95[n - 2] ?? T_95_LARGE;
  return { slopePerSec, lowerPerSec: slopePerSec - t * standardError, upperPerSec: slopePerSec + t * standardError, minPairPerSec, points: n };
}

/** Median of an ascending array; NaN when empty. */
export function medianOfSorted(sorted: ArrayLike<number>): number {
  const count = sorted.length;
  if (count === 0) return Number.NaN;
  const mid = count >> 1;
  return count % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median of `values[from..to)` without touching the input. */
export function median(values: ArrayLike<number>, from = 0, to = values.length): number {
  const copy = new Float64Array(to - from);
  for (let i = from; i < to; i++) copy[i - from] = values[i];
  return medianOfSorted(copy.sort());
}
