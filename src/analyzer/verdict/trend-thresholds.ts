import type { Figure } from '../../protocol/samples.ts';

/**
 * When a figure's trend counts as a leak. All must hold for `leaking`: the slope reaches
 * `minSlopePerSec` and its lower bound `minLowerBoundFraction` of that, the fitted rise over the
 * judged window reaches both `minRise` and `minRiseFraction` of the starting level, and both the
 * first and the latest third rise.
 *
 * Measured on real servers at 200 req/s for 8 s with the other core busy (see the report in the
 * commit that added these): healthy servers' heapUsed floors creep 0–50 kB/s after warm-up (JIT,
 * inline caches, a lazily filled pool); the 1 KB-per-request control leaks about 250 kB/s; the
 * lessons leak 0.2–2 MB/s. 100 kB/s sits between, twice the worst healthy creep.
 */
export interface FigureThresholds {
  /** The slope must reach this (units per second) to call it `leaking`; its upper bound must stay under it to call it `flat`. */
  minSlopePerSec: number;
  /** ...and the slope's lower bound this fraction of `minSlopePerSec`: clearly rising, not just noisy. */
  minLowerBoundFraction: number;
  /** Dense series (one point per sample) are reduced to their lowest point per bucket of this many ms; 0 keeps every point. */
  bucketMs: number;
  /** An inner point higher than both its neighbours by more than this is dropped as a spike (units). */
  spikeMargin: number;
  /** The fitted rise over the judged window must reach this (units). */
  minRise: number;
  /** ...and this fraction of the level at the start of the judged window. */
  minRiseFraction: number;
  /** A rise at least this steep (units per second) may be called early: see `STEEP`. */
  steepSlopePerSec: number;
  /** ...if it adds up to at least this much (units). */
  steepRise: number;
  /** Unit shown to the learner. */
  unit: 'bytes' | 'handles';
}

/**
 * Post-GC floors come about once every 1.25 s. They are only ever read too high, never too low:
 * a floor read a moment late includes new allocations, and ArrayBuffer backing stores are freed
 * by a sweeper after the GC returns, so `external` often still counts megabytes of dead Buffers.
 */
const BYTE_FLOOR: FigureThresholds = { minSlopePerSec: 100_000, minLowerBoundFraction: 0.5, minRise: 500_000, minRiseFraction: 0.04, bucketMs: 0, spikeMargin: 100_000, steepSlopePerSec: 1_000_000, steepRise: 3_000_000, unit: 'bytes' };

/**
 * RSS is not a post-GC figure: it grows when V8 grows its heap and rarely shrinks, so it needs a
 * much larger rise. It is only judged when a lesson names it as its primary figure.
 */
const RSS: FigureThresholds = { minSlopePerSec: 250_000, minLowerBoundFraction: 0.5, minRise: 2_000_000, minRiseFraction: 0.05, bucketMs: 1000, spikeMargin: 400_000, steepSlopePerSec: 2_500_000, steepRise: 8_000_000, unit: 'bytes' };

/**
 * Healthy servers hold a steady number of handles (listening socket, keep-alive sockets, timers in
 * flight); a timer-per-request leak adds 100–400 per second.
 */
const HANDLES: FigureThresholds = { minSlopePerSec: 5, minLowerBoundFraction: 0.5, minRise: 30, minRiseFraction: 0.5, bucketMs: 1000, spikeMargin: 6, steepSlopePerSec: 50, steepRise: 100, unit: 'handles' };

export const THRESHOLDS: Readonly<Record<Figure, FigureThresholds>> = {
  heapUsed: BYTE_FLOOR,
  external: BYTE_FLOOR,
  arrayBuffers: BYTE_FLOOR,
  rss: RSS,
  handles: HANDLES,
};

/** Timing of the judgement, in ms of the program's clock. */
export const TIMING = {
  /** The floor of a healthy server rises for a while after load starts: skip at least this... */
  minWarmupMs: 1500,
  /** ...or this fraction of the run after load started, whichever is longer... */
  warmupFraction: 0.25,
  /** ...but no more than this. */
  maxWarmupMs: 5000,
  /** Shortest judged window (after warm-up) for any verdict other than `unknown`. */
  minJudgedSpanMs: 3000,
  /** Fewest points in the judged window for any verdict other than `unknown`. */
  minJudgedPoints: 4,
  /**
   * ...when the figure fell back noticeably somewhere since load started (see `isNoisy`): with
   * Buffer churn, `external` floors jump by megabytes, and 4 of them rise in a row one time in 24.
   */
  minNoisyJudgedPoints: 6,
  /** The first and the last third must each rise at least this fraction of the whole window's slope. */
  partSlopeFraction: 0.33,
  /** A plateau counts as `flat` when the latest half spans at least this long. */
  minFlatTailSpanMs: 2500,
  /** Points kept per figure (min per time bucket); bounds the O(n²) slope. */
  maxPoints: 120,
  /** The tracker recomputes after at least this much new data. */
  recomputeEveryMs: 500,
} as const;

/**
 * A steep rise can be called before the normal warm-up and window have passed: lesson programs
 * start slowly on a busy machine, so an 8 s check may see only 4 s of load and 3 floors. Healthy
 * warm-up adds well under 1 MB, while the steep path needs 3 MB at 1 MB/s or more. What it cannot
 * tell from a leak is memory held per request for longer than the load has run (in-flight
 * requests, a timer per request); so its last point must come `minLoadMs` after load started, and
 * the last step between points must rise at least `lastStepFraction` of the slope. On synthetic
 * runs of 8 s with floors every 1.25 s and load starting at 0.6–3 s, memory held per request for
 * up to 2.5 s is never called leaking; held 3 s, 2 runs in 72 are; held 4 s, half of them are
 * (the normal path alone: 5 in 72). Beyond that, only a longer run can tell.
 */
export const STEEP = {
  warmupMs: 500,
  minLoadMs: 3500,
  minJudgedPoints: 3,
  minJudgedSpanMs: 1500,
  /** The slope's lower bound (with 3–4 points: the smallest slope between any two) must reach this fraction of `steepSlopePerSec`. */
  minLowerBoundFraction: 0.5,
  lastStepFraction: 0.6,
} as const;
