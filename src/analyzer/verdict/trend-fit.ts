/**
 * A robust straight line through a figure's floors, with an interval that is honest about the
 * floors' own noise.
 *
 * The slope is Theil–Sen's (Theil 1950, Sen 1968): the median of the slopes between all pairs of
 * points, so a late-read floor or a burst of in-flight requests cannot tilt it. Its standard error
 * is the least-squares one with two changes:
 *
 * - the noise scale is 1.4826 × the median absolute residual (a spike does not widen it), pooled
 *   with a prior scale per figure worth `prior.weight` points, so three floors that happen to sit
 *   on a line do not claim a noise of zero;
 * - it is widened for autocorrelation. Floors are not independent: the sweeper's lag, a pool
 *   that fills, JIT warm-up and a sawtooth all leave runs of residuals on one side of the line.
 *   With lag-1 autocorrelation ρ (corrected for its small-sample bias, Kendall 1954) the variance
 *   of a trend's slope grows by about (1 + ρ)/(1 − ρ) (AR(1) errors). A curve fitted with a line
 *   leaves exactly such runs, so a shape that is not a straight rise gets a wide interval by itself.
 *
 * The t quantiles use the degrees of freedom of the noise scale: the prior's weight, plus the
 * measured scale's, which autocorrelation shrinks by (1 − ρ²)/(1 + ρ²) (the variance of a
 * sample variance under AR(1), Bartlett 1946). Not by the slope's (1 + ρ)/(1 − ρ): that is
 * already in the standard error, and counting it twice made 10 floors worth 2 or 3 degrees of
 * freedom, whose t quantiles at z 4 are 30 to 100.
 */

export interface LineFit {
  slopePerSec: number;
  /** Value of the line at `atMs`. */
  levelAtMs: (atMs: number) => number;
  /** Noise scale used (units), after pooling with the prior. */
  sigma: number;
  /** Variance inflation for autocorrelation, ≥ 1. */
  inflation: number;
  /** Degrees of freedom of the noise scale (prior and measured, the measured part shrunk for autocorrelation). */
  dof: number;
  standardErrorPerSec: number;
  points: number;
  spanMs: number;
}

export interface NoisePrior {
  /** Noise scale a figure's floors have at least (units). */
  sigma: number;
  /** How many points' worth of evidence the prior is. */
  weight: number;
}

/** Theil–Sen efficiency against least squares is about 0.91 on normal noise: widen by 1/√0.91... and a little. */
const THEIL_SEN_SE_FACTOR = 1.1;
const MAD_TO_SIGMA = 1.4826;
const MEASURED_EFFICIENCY = 0.6;
/** The median absolute second difference, over √6 · 0.6745, estimates σ under white noise. */
const SECOND_DIFFERENCE_TO_SIGMA = 1 / (Math.sqrt(6) * 0.6745);
const MAX_AUTOCORRELATION = 0.9;
const AUTOCORRELATION_PRIOR = 0.25;
const AUTOCORRELATION_PRIOR_WEIGHT = 8;

/**
 * Fits a line to points [from, to) of the columns. Null with fewer than two points or no time
 * span. O(n² log n): callers keep n to a couple of hundred (see `decimate` in trend-window.ts).
 */
export function fitLine(timesMs: ArrayLike<number>, values: ArrayLike<number>, from: number, to: number, prior: NoisePrior): LineFit | null {
  const n = to - from;
  if (n < 2) return null;
  const spanMs = timesMs[to - 1] - timesMs[from];
  if (!(spanMs > 0)) return null;
  const slopePerSec = theilSenSlope(timesMs, values, from, to);
  const offsets = new Float64Array(n);
  for (let i = 0; i < n; i++) offsets[i] = values[from + i] - (slopePerSec * timesMs[from + i]) / 1000;
  const intercept = medianOf(offsets.slice());
  const residuals = offsets.map((offset) => offset - intercept);
  const madScale = n >= 3 ? MAD_TO_SIGMA * medianOf(residuals.map(Math.abs)) : 0;
  // Three estimates of the noise, the middle one counts: the MAD (robust, but from 8 points it
  // can come out a third of the truth: seen, 8 floors with 58 kB of noise giving a "sure"
  // −5 kB/s), the residuals' standard deviation with spikes clipped at 3 MADs (steadier), and
  // second differences (independent of the fitted line). One of them low by luck does not count.
  const measured = n >= 3 ? middleOf(madScale, clippedDeviation(residuals, Math.max(3 * madScale, prior.sigma)), secondDifferenceScale(values, from, to)) : 0;
  // Pooled with the prior's; the measured scale counts for MEASURED_EFFICIENCY of its points.
  const measuredDof = Math.max(0, MEASURED_EFFICIENCY * (n - 2));
  const sigma = Math.sqrt((prior.weight * prior.sigma ** 2 + measuredDof * measured ** 2) / (prior.weight + measuredDof));
  const rho = n >= 4 ? autocorrelation(residuals, Math.max(measured, prior.sigma)) : 0;
  const inflation = (1 + rho) / (1 - rho);
  const dof = Math.max(1, prior.weight + (measuredDof * (1 - rho ** 2)) / (1 + rho ** 2));
  const standardErrorPerSec = slopeStandardError(timesMs, from, to, sigma, inflation);
  return {
    slopePerSec,
    levelAtMs: (atMs) => intercept + (slopePerSec * atMs) / 1000,
    sigma, inflation, dof, standardErrorPerSec, points: n, spanMs,
  };
}

function middleOf(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}

/** Standard deviation of residuals each clipped to ±clip (n − 2 in the denominator: a line was fitted). */
function clippedDeviation(residuals: Float64Array, clip: number): number {
  const n = residuals.length;
  if (n < 3) return 0;
  let sum = 0;
  for (const r of residuals) sum += Math.min(clip, Math.abs(r)) ** 2;
  return Math.sqrt(sum / (n - 2));
}

/**
 * The noise scale from second differences (y[i+1] − 2y[i] + y[i−1] has variance 6σ² under white
 * noise, whatever the straight trend): it does not depend on the fitted line, so it cannot come out
 * small because the line happened to pass through the points. A curve makes it larger, never smaller.
 */
function secondDifferenceScale(values: ArrayLike<number>, from: number, to: number): number {
  if (to - from < 4) return 0;
  const curvature = new Float64Array(to - from - 2);
  for (let i = from + 1; i + 1 < to; i++) curvature[i - from - 1] = Math.abs(values[i + 1] - 2 * values[i] + values[i - 1]);
  return SECOND_DIFFERENCE_TO_SIGMA * medianOf(curvature);
}

/** Standard error of a slope over points [from, to) given a noise scale and an inflation (per second). */
export function slopeStandardError(timesMs: ArrayLike<number>, from: number, to: number, sigma: number, inflation: number): number {
  const n = to - from;
  if (n < 2) return Infinity;
  let meanSec = 0;
  for (let i = from; i < to; i++) meanSec += timesMs[i] / 1000;
  meanSec /= n;
  let spreadSec2 = 0;
  for (let i = from; i < to; i++) spreadSec2 += (timesMs[i] / 1000 - meanSec) ** 2;
  return spreadSec2 > 0 ? (THEIL_SEN_SE_FACTOR * sigma * Math.sqrt(inflation)) / Math.sqrt(spreadSec2) : Infinity;
}

/** Median of the pairwise slopes of points [from, to), per second; 0 with fewer than two distinct times. */
export function theilSenSlope(timesMs: ArrayLike<number>, values: ArrayLike<number>, from: number, to: number): number {
  const n = to - from;
  if (n < 2) return 0;
  const slopes = new Float64Array((n * (n - 1)) / 2);
  let count = 0;
  for (let i = from; i < to; i++) {
    for (let j = i + 1; j < to; j++) {
      const dtSec = (timesMs[j] - timesMs[i]) / 1000;
      if (dtSec > 0) slopes[count++] = (values[j] - values[i]) / dtSec;
    }
  }
  return count === 0 ? 0 : medianOf(slopes.subarray(0, count));
}

/**
 * Lag-1 autocorrelation of the residuals, each clipped at ±3 scales so one spike cannot make it,
 * plus Kendall's small-sample bias (1 + 3ρ)/n, shrunk toward a prior, kept in
 * [0, MAX_AUTOCORRELATION]: a negative value would narrow the interval, which noise never earns.
 */
function autocorrelation(residuals: Float64Array, scale: number): number {
  const n = residuals.length;
  const clip = 3 * scale;
  const r = residuals.map((x) => Math.max(-clip, Math.min(clip, x)));
  let mean = 0;
  for (const x of r) mean += x / n;
  let lagged = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += (r[i] - mean) ** 2;
    if (i > 0) lagged += (r[i] - mean) * (r[i - 1] - mean);
  }
  if (!(total > 0)) return 0;
  const raw = lagged / total;
  const corrected = raw + (1 + 3 * raw) / n;
  // From a dozen points the estimate is mostly noise: shrink it toward what windows of 20 real
  // floors show (a median of 0.25; JIT steps and a Map's table growth make runs of residuals).
  const shrunk = (n * corrected + AUTOCORRELATION_PRIOR_WEIGHT * AUTOCORRELATION_PRIOR) / (n + AUTOCORRELATION_PRIOR_WEIGHT);
  return Math.max(0, Math.min(MAX_AUTOCORRELATION, shrunk));
}

/** Median of an array (reorders it in place); NaN when empty. Quickselect: O(n), not a sort. */
export function medianOf(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  const upper = select(values, mid);
  if (n % 2 === 1) return upper;
  // The lower middle is the largest of the part left of `mid`, which select() left unordered.
  let lower = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < mid; i++) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2;
}

/** Moves the k-th smallest value to index k, smaller ones before it and larger after (Hoare's selection). */
function select(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (hi > lo) {
    const pivot = medianOfThree(values[lo], values[(lo + hi) >> 1], values[hi]);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i] = values[j];
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k];
}

function medianOfThree(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}

/**
 * One-sided Student t quantile: the t with P(T ≤ t) = p for `dof` degrees of freedom (dof may be
 * fractional). Exact for 1 and 2; Hill's expansion (1970) from the normal quantile otherwise,
 * within 1 % from dof 3 on for p up to 0.9999.
 */
export function tQuantile(p: number, dof: number): number {
  if (dof <= 1) return Math.tan(Math.PI * (p - 0.5));
  if (dof <= 2) {
    const exact2 = (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
    if (dof === 2) return exact2;
    // Between 1 and 2: interpolate (rare: only with very few, strongly correlated points).
    const exact1 = Math.tan(Math.PI * (p - 0.5));
    return exact1 + (exact2 - exact1) * (dof - 1);
  }
  const z = normalQuantile(p);
  const z3 = z ** 3, z5 = z ** 5, z7 = z ** 7, z9 = z ** 9;
  return z + (z3 + z) / (4 * dof) + (5 * z5 + 16 * z3 + 3 * z) / (96 * dof ** 2)
    + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * dof ** 3)
    + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * dof ** 4);
}

/** Normal quantile (Acklam's rational approximation, relative error under 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 for erf, error under 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
