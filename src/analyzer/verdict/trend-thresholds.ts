import type { Figure } from '../../protocol/samples.ts';
import type { NoisePrior } from './trend-fit.ts';

/** What a figure's leak is measured in. */
export type VerdictUnit = 'bytes' | 'handles';

/**
 * Per figure: the smallest leak that counts, what `flat` promises, and the noise its points have.
 *
 * A rise under `minPerRequest` is never called a leak, however sure: 16 B per request takes a
 * server at 200 req/s four weeks to fill 8 GB. `flat` says the slope's upper bound is under
 * `flatPerRequest`, twice that: a lesson's 14 s run resolves about 20-50 B per request on a busy
 * machine, and a run that cannot tell 16 B from nothing says `unknown` until it can say "under
 * 32 B". Between the two a run stays `unknown` (or says `flat: under 32 B per request`, which a
 * 20 B leak honestly is). Without load, 4 MB an hour for both: a probe-only program's floor rises
 * about 0.2 MB over its first minutes while V8 warms up, then stays put (measured for 8 minutes,
 * with and without 20 req/s). Handles: one per 200 requests (flat: per 100), or one a minute
 * without load.
 */
export interface FigureLimits {
  unit: VerdictUnit;
  minPerRequest: number;
  flatPerRequest: number;
  minPerHourWithoutLoad: number;
  /**
   * A leak must have added at least this much within the judged window: after its first thousand
   * requests a healthy server's floor still creeps up by some 50 kB, in steps, over minutes (hello
   * world at 20 req/s: 7.84 to 7.89 MB between 50 s and 8 min), which at low rates is a sure rise
   * of 20 B per request.
   */
  minRise: number;
  noise: NoisePrior;
}

// Floors read right after a forced GC scatter by 2–11 kB at up to 300 req/s and 14–23 kB at 1000
// (in-flight requests, allocation between the GC and the read); the prior says 10 kB, worth 3 points.
const BYTE_FLOOR: FigureLimits = { unit: 'bytes', minPerRequest: 16, flatPerRequest: 32, minPerHourWithoutLoad: 4e6, minRise: 100_000, noise: { sigma: 10_000, weight: 3 } };

export const LIMITS: Readonly<Record<Figure, FigureLimits>> = {
  heapUsed: BYTE_FLOOR,
  external: BYTE_FLOOR,
  arrayBuffers: BYTE_FLOOR,
  // RSS is not a floor: it grows when V8 grows its heap and rarely gives pages back. Only judged
  // when a lesson names it.
  rss: { unit: 'bytes', minPerRequest: 64, flatPerRequest: 128, minPerHourWithoutLoad: 16e6, minRise: 4e6, noise: { sigma: 256_000, weight: 3 } },
  // Keep-alive sockets and timers in flight move the count by a few.
  handles: { unit: 'handles', minPerRequest: 0.005, flatPerRequest: 0.01, minPerHourWithoutLoad: 60, minRise: 16, noise: { sigma: 1, weight: 3 } },
};

/**
 * How sure each step must be, as one-sided normal quantiles (turned into t quantiles for the
 * degrees of freedom a fit has). The tracker looks again every half second, so a healthy run
 * gets hundreds of chances to cross a bound by luck: the bound for `leaking` is far out, and the
 * rise must also show in each half of the window on its own.
 */
export const SURENESS = {
  /** The whole window's slope, lower bound above zero: z 4 (one in 30,000 per independent look). */
  leakZ: 4,
  /** A figure the run does not watch must be surer still. */
  secondaryLeakZ: 5,
  /** The latest half must rise on its own at this z... */
  latestHalfZ: 2,
  /** ...and the earlier half at this one (so a late step is not the whole rise)... */
  earlierHalfZ: 1,
  /** ...and the latest half must not be slower than the earlier one by more than this z (levelling off). */
  slowdownZ: 2,
  /** The lowest level per block (the floor's lower envelope) must rise at this z too: a sawtooth's does not. */
  envelopeZ: 2,
  /** `flat` when the slope's upper bound at this z is under the practical minimum... */
  flatZ: 1.96,
  /**
   * ...and the interval's half-width is at most this many times that size: with wide noise an
   * upper bound under it only means the slope came out far below zero by chance, which a leak's
   * can too. With 1, a 50 B/request leak is called flat (under 32 B) at most one look in a thousand.
   */
  flatWidthFactor: 1,
  /** A figure already flat stays flat while its upper bound is under this many times the minimum (no flicker). */
  stayFlatFactor: 1.5,
} as const;

/** Timing of the judgement, in ms of the program's clock. */
export const TIMING = {
  /** The floor of a healthy server jumps when load starts: skip at least this... */
  minWarmupMs: 1500,
  /** ...or this fraction of the time under load, whichever is longer... */
  warmupFraction: 0.25,
  /** ...but no more than this. */
  maxWarmupMs: 5000,
  /**
   * JIT tiers, inline caches and Node's own lazily made objects grow a healthy server's floor by
   * about 0.2 MB over its first thousand requests, in steps, whatever the rate: at 20 req/s that
   * is 50 s of what looks like a 200 B/request leak. So the window starts after this many requests
   * too, unless the rise is far larger than warm-up's (`earlyMinRiseBytes`).
   */
  warmupRequests: 500,
  earlyMinRiseBytes: 1e6,
  /** Such a rise may be judged from this long after load started (the 1.5 s above is for everything else)... */
  earlyWarmupMs: 500,
  /**
   * ...from as few as this many floors when they rise like a staircase (see isSteadySteepRise in
   * trend-figure.ts), spanning this much, the last one this far into the load: the lessons' leaks
   * are then called 3 to 5 s after load started.
   */
  minSteepPoints: 3,
  minSteepSpanMs: 2000,
  minSteepLoadMs: 3000,
  /** The verdict follows at most this much of the latest data (so a long watch follows the present). */
  maxWindowMs: 10 * 60_000,
  /** Fewest points and shortest span in a window for any verdict other than `unknown`. */
  minPoints: 4,
  /**
   * `flat` from fewer points than this needs a narrower interval (see isSurelyUnder): from 7
   * floors every estimate of the noise can come out a third of the truth together (seen on
   * synthetic runs: 60 kB of noise read as ±5 kB/s, and a 50 B/request leak as "under 25 B").
   */
  minFlatPoints: 8,
  minSpanMs: 3000,
  /** A window of the latest data, shorter than the whole, is tried for a leak that started late down to this span... */
  minRecentWindowMs: 10_000,
  /** ...with at least this many points. */
  minRecentWindowPoints: 8,
  /** No leak is called this soon after the floor fell back (see fellLately in trend-leak-test.ts). */
  fallHoldMs: 15_000,
  /** The latest part of the window that can show "levelled off" spans at least this. */
  minLevelSpanMs: 5000,
  /** Points kept per figure: 10 minutes of floors at 4 a second. */
  pointCapacity: 2400,
  requestCapacity: 1200,
  /** Points a fit uses at most (lowest per equal time bucket beyond); bounds the O(n²) slope. */
  maxFitPoints: 160,
  /** The tracker recomputes after at least this much new data. */
  recomputeEveryMs: 500,
  /** An estimate of the time still needed is capped here (beyond it: "more than an hour"). */
  maxEstimateSec: 3600,
} as const;
