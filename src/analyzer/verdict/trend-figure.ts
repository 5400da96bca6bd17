import type { Figure } from '../../protocol/samples.ts';
import type { FigureVerdict, VerdictKind } from './trend-verdict.ts';
import { FIGURE_LABEL } from '../../format/figure-label.ts';
import { formatAmount, formatRate, formatSeconds } from '../../format/units.ts';
import { fitLine, type LineFit } from './trend-fit.ts';
import { secondsToDecide, secondsToEnoughPoints } from './trend-estimate.ts';
import { lowerBound, testFlat, testLevelledOff, upperBound, type FlatEvidence } from './trend-flat-test.ts';
import { testWindow, type FigureContext, type WindowTest } from './trend-leak-test.ts';
import type { TrendStore } from './trend-store.ts';
import { LIMITS, SURENESS, TIMING } from './trend-thresholds.ts';
import { indexAtOrAfter, pointsIn, requestRate, type JudgedWindow } from './trend-window.ts';

/** A leak seen earlier in the run, which a figure stays `leaking` on until it has surely stopped. */
export interface LeakMemory {
  sinceMs: number;
  lastSeenMs: number;
  slopePerSec: number;
  perRequest: number | null;
  /** The latest judgement that saw the leak, said again while it has not stopped. */
  seen: { verdict: FigureVerdict; reason: string };
}

export interface FigureJudgement {
  verdict: FigureVerdict;
  reason: string;
  /** How sure a leak is (z); ranks several leaking figures. */
  strength: number;
  /** When `leaking`: the window the leak was seen on. */
  leakFromMs?: number;
  /** When `flat` after a leak: the leak that stopped. */
  stoppedLeak?: LeakMemory;
}

/**
 * Judges one figure over the judged window (see the README's "How the verdict works"): `leaking`
 * when the whole window, or a recent part of it that makes new highs, passes `testWindow`; `flat`
 * on the evidence of `testFlat`; otherwise `unknown`, with how many more seconds would most likely
 * decide it. A figure that was leaking (`previous`) stays leaking until its latest half is flat.
 */
export function judgeFigure(figure: Figure, store: TrendStore, window: JudgedWindow, isPrimary: boolean, previous: LeakMemory | null, wasFlat = false): FigureJudgement {
  const limits = LIMITS[figure];
  const ring = store.points(figure);
  // Handles do not grow while the JIT warms up; only the byte figures wait for the warm-up requests.
  const fromMs = limits.unit === 'handles' ? window.earlyFromMs : window.fromMs;
  // A point 3 noise scales above both neighbours is a late read, not the floor.
  const spikeMargin = 3 * limits.noise.sigma;
  const points = pointsIn(ring, fromMs, window.toMs, spikeMargin);
  const rate = window.requestsPerSec;
  const idleMinPerSec = limits.minPerHourWithoutLoad / 3600;
  const minPerSec = rate ? limits.flatPerRequest * rate : idleMinPerSec;
  // Under load a floor creeps too (about 1 kB/s for the first minutes, whatever the rate: the
  // probe's and Node's own warm-up), so a leak is never smaller than the idle minimum either.
  const leakMinPerSec = Math.max(rate ? limits.minPerRequest * rate : idleMinPerSec, idleMinPerSec);
  const ctx: FigureContext = { limits, store, points, minPerSec, leakMinPerSec, isPrimary, ring, historyFromMs: window.loadStartMs, fallsFromMs: window.earlyFromMs };
  const n = points.timesMs.length;
  const spanMs = n > 0 ? points.timesMs[n - 1] - points.timesMs[0] : 0;
  const say = new Wording(figure, rate);

  const earlyPoints = fromMs > window.earlyFromMs ? pointsIn(ring, window.earlyFromMs, window.toMs, spikeMargin) : null;
  const steepPoints = fromMs > window.steepFromMs && limits.unit === 'bytes' ? pointsIn(ring, window.steepFromMs, window.toMs, spikeMargin) : null;
  const early = steepPoints ? judgeEarly({ ...ctx, points: steepPoints }, say, figure, window.requestsPerSec) : null;
  if (early) return early;
  // A floor that is flat from the end of the time-based warm-up is flat: the JIT's warm-up would
  // have shown as a rise. This decides fast-warming (high-rate) runs sooner.
  const flatEarly = (): FigureJudgement | null => {
    if (previous || !earlyPoints || earlyPoints.timesMs.length < TIMING.minPoints) return null;
    const earlyCtx = { ...ctx, points: earlyPoints, minPerSec: wasFlat ? minPerSec * SURENESS.stayFlatFactor : minPerSec };
    const fit = fitLine(earlyPoints.timesMs, earlyPoints.values, 0, earlyPoints.timesMs.length, limits.noise);
    const evidence = fit && fit.spanMs >= TIMING.minSpanMs ? testFlat(earlyCtx, fit) : null;
    if (!evidence) return null;
    return { verdict: numbers(figure, 'flat', evidence.fit, minPerSec, rate, earlyPoints.timesMs.length, fit!.spanMs, null), reason: say.flat(evidence, fit!.spanMs), strength: 0 };
  };
  if (n < TIMING.minPoints || spanMs < TIMING.minSpanMs) {
    if (previous) return latched(previous, say, window);
    return flatEarly() ?? tooShort(figure, window, fromMs, say, minPerSec, n, spanMs);
  }

  const whole = testWindow(ctx, 0, false);
  if (!whole) throw new Error(`A window of ${n} points over ${spanMs} ms gave no fit; the points must have equal times.`);
  if (whole.failure === null) return leaking(ctx, say, whole, null, minPerSec, rate, figure);
  for (let spanK = spanMs / 2; spanK >= TIMING.minRecentWindowMs; spanK /= 2) {
    const from = indexAtOrAfter(points.timesMs, points.timesMs[n - 1] - spanK);
    if (n - from < TIMING.minRecentWindowPoints) break;
    const recent = testWindow(ctx, from, true);
    if (recent && recent.failure === null) return leaking(ctx, say, recent, from, minPerSec, rate, figure);
  }

  if (previous) {
    // Stopping takes a clear margin under the minimum, so a leak right at it does not flip back and forth.
    const margin = { ...ctx, minPerSec: minPerSec / SURENESS.stayFlatFactor };
    const stopped = testLevelledOff(margin, indexAtOrAfter(points.timesMs, previous.sinceMs), previous.perRequest ?? previous.slopePerSec);
    if (!stopped) return latched(previous, say, window);
    const reason = `${say.label} rose ${say.rate(previous.slopePerSec)}${say.perRequestOf(previous.slopePerSec)} until ${say.at(previous.lastSeenMs, window)}, then stopped: ${say.under(stopped.upperPerSec)} over the last ${formatSeconds(window.toMs - (stopped.kind === 'levelled-off' ? stopped.latestFromMs : fromMs))}.`;
    return { verdict: numbers(figure, 'flat', stopped.fit, minPerSec, rate, n, spanMs, null), reason, strength: 0, stoppedLeak: previous };
  }

  // A figure already flat keeps a little slack, so a bound that wavers around the minimum does not flicker.
  const flat = testFlat(wasFlat ? { ...ctx, minPerSec: minPerSec * SURENESS.stayFlatFactor } : ctx, whole.fit);
  if (flat) return { verdict: numbers(figure, 'flat', flat.fit, minPerSec, rate, n, spanMs, null), reason: say.flat(flat, spanMs), strength: 0 };
  const flatFromEarly = flatEarly();
  if (flatFromEarly) return flatFromEarly;

  const more = secondsToDecide(whole.fit, minPerSec, leakMinPerSec, limits.minRise, isPrimary);
  return { verdict: numbers(figure, 'unknown', whole.fit, minPerSec, rate, n, spanMs, more), reason: say.unknown(whole, leakMinPerSec, more), strength: 0 };
}

/**
 * Before the warm-up requests are done, a rise may still be judged from the end of the time-based
 * warm-up when it is far larger than warm-up's: the lessons' leaks (0.25 to 3 MB/s) in their first
 * seconds. Either the usual test passes, or the rise is a steady staircase (see isSteadySteepRise).
 */
function judgeEarly(early: FigureContext, say: Wording, figure: Figure, rate: number | null): FigureJudgement | null {
  const { timesMs, values } = early.points;
  const n = timesMs.length;
  if (n < TIMING.minSteepPoints) return null;
  // A steep leak rises from every floor to the next; floors that fall back by more than their
  // noise are garbage read late (a busy sweeper, in-flight requests), and a few of those can line up.
  const fallTolerance = 3 * early.limits.noise.sigma;
  for (let i = 1; i < n; i++) if (values[i] < values[i - 1] - fallTolerance) return null;
  const test = testWindow(early, 0, false);
  if (!test || test.fit.slopePerSec * (test.fit.spanMs / 1000) < TIMING.earlyMinRiseBytes) return null;
  const isTested = test.failure === null && n >= TIMING.minPoints && timesMs[n - 1] - timesMs[0] >= TIMING.minSpanMs;
  if (!isTested && !isSteadySteepRise(early)) return null;
  return leaking(early, say, { ...test, failure: null }, null, early.minPerSec, rate, figure);
}

/**
 * From a handful of floors a t test at z 4 asks for a z of 20 to 100 (the t quantile explodes
 * with 2 or 3 degrees of freedom), so a leak of megabytes would wait for 7 or 8 floors. A
 * staircase is evidence of its own: every step up by at least 5 noise scales (two in a row by
 * chance: under one in a million), the smallest at least a third of the largest (not a fill
 * that is slowing down, not one late read), 1 MB in all, and the last floor at least
 * `TIMING.minSteepLoadMs` into the load, so memory a request holds for a second or two (timers,
 * sessions) has had time to come back down. Figures the run does not watch need one step more.
 */
function isSteadySteepRise(early: FigureContext): boolean {
  const { timesMs, values } = early.points;
  const n = timesMs.length;
  if (n < TIMING.minSteepPoints + (early.isPrimary ? 0 : 1)) return false;
  if (timesMs[n - 1] - early.historyFromMs < TIMING.minSteepLoadMs || timesMs[n - 1] - timesMs[0] < TIMING.minSteepSpanMs) return false;
  let smallest = Infinity;
  let largest = 0;
  for (let i = 1; i < n; i++) {
    const step = values[i] - values[i - 1];
    smallest = Math.min(smallest, step);
    largest = Math.max(largest, step);
  }
  const slopePerSec = ((values[n - 1] - values[0]) / (timesMs[n - 1] - timesMs[0])) * 1000;
  return smallest >= 5 * early.limits.noise.sigma && smallest >= largest / 3 && values[n - 1] - values[0] >= TIMING.earlyMinRiseBytes && slopePerSec >= early.leakMinPerSec;
}

function tooShort(figure: Figure, window: JudgedWindow, fromMs: number, say: Wording, minPerSec: number, n: number, spanMs: number): FigureJudgement {
  const rate = window.requestsPerSec;
  const done = window.requestsDone ?? 0;
  let more = secondsToEnoughPoints(n, spanMs, TIMING.minPoints, TIMING.minSpanMs);
  let reason: string;
  if (fromMs >= window.toMs && window.hasLoad && done < TIMING.warmupRequests) {
    more += rate ? Math.ceil((TIMING.warmupRequests - done) / rate) : 0;
    reason = `Warming up: ${Math.round(done)} of the first ${TIMING.warmupRequests} requests, which are not judged (the JIT and Node's caches grow the floor meanwhile); about ${more} s more.`;
  } else {
    reason = `Too short to tell: ${formatSeconds(Math.max(0, spanMs))} of ${say.label} after warm-up (${n} points); about ${more} s more.`;
  }
  return { verdict: numbers(figure, 'unknown', null, minPerSec, rate, n, spanMs, more), reason, strength: 0 };
}

function leaking(ctx: FigureContext, say: Wording, test: WindowTest, from: number | null, minPerSec: number, rate: number | null, figure: Figure): FigureJudgement {
  const { timesMs } = ctx.points;
  const n = timesMs.length;
  const fromMs = timesMs[test.fromIndex];
  const windowRate = requestRate(ctx.store, fromMs, timesMs[n - 1]) ?? rate;
  const fit = test.fit;
  const over = from === null ? `over ${formatSeconds(fit.spanMs)}` : `over the last ${formatSeconds(fit.spanMs)}`;
  const reason = `${say.label} ${say.rises} ${say.rate(fit.slopePerSec)} (95 % interval ${say.interval(lowerBound(fit), upperBound(fit))})${say.perRequestOf(fit.slopePerSec, windowRate, fit)}, steadily ${over}.`;
  return { verdict: numbers(figure, 'leaking', fit, minPerSec, windowRate, fit.points, fit.spanMs, null), reason, strength: test.z, leakFromMs: fromMs };
}

/** A leak seen before that has not surely stopped: its last sighting, said as such. */
function latched(previous: LeakMemory, say: Wording, window: JudgedWindow): FigureJudgement {
  const reason = `${previous.seen.reason.replace(/\.$/, '')}, as of ${say.at(previous.lastSeenMs, window)}; it has not surely stopped since.`;
  return { verdict: { ...previous.seen.verdict }, reason, strength: 0 };
}

/** The numbers of a figure's verdict; JSON has no infinities, so unbounded ends are null. */
function numbers(figure: Figure, kind: VerdictKind, fit: LineFit | null, minPerSec: number, rate: number | null, points: number, spanMs: number, more: number | null): FigureVerdict {
  const limits = LIMITS[figure];
  const leakAtLeastPerSec = Math.max(rate ? limits.minPerRequest * rate : 0, limits.minPerHourWithoutLoad / 3600);
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
  const lower = fit ? finite(lowerBound(fit)) : null;
  const upper = fit ? finite(upperBound(fit)) : null;
  const perRequest = (x: number | null): number | null => (x === null || !rate ? null : x / rate);
  return {
    figure, verdict: kind, unit: LIMITS[figure].unit,
    slopePerSec: fit?.slopePerSec ?? 0, slopeLowerBoundPerSec: lower, slopeUpperBoundPerSec: upper,
    perRequest: perRequest(fit?.slopePerSec ?? null), perRequestLowerBound: perRequest(lower), perRequestUpperBound: perRequest(upper),
    requestsPerSec: rate, leakAtLeastPerSec, flatUnderPerSec: minPerSec, points, windowSec: spanMs / 1000,
    decidedAfterSec: null, moreSecondsNeeded: kind === 'unknown' ? more : null,
  };
}

/** The sentences, in one place so they read alike. */
class Wording {
  readonly label: string;
  readonly rises: string;
  readonly #unit: 'bytes' | 'handles';
  readonly #rate: number | null;
  constructor(figure: Figure, requestsPerSec: number | null) {
    this.label = FIGURE_LABEL[figure];
    this.rises = figure === 'handles' ? 'rise' : 'rises';
    this.#unit = LIMITS[figure].unit;
    this.#rate = requestsPerSec;
  }
  rate(perSec: number): string { return formatRate(perSec, this.#unit); }
  interval(lower: number, upper: number): string { return `${this.rate(lower)} to ${this.rate(upper)}`; }
  /** ", 121 B per request (113 to 128 B)" or "" without load. */
  perRequestOf(perSec: number, rate = this.#rate, fit?: LineFit): string {
    if (!rate) return '';
    const amount = (x: number): string => formatAmount(x / rate, this.#unit);
    return fit ? `, ${amount(perSec)} per request (${amount(lowerBound(fit))} to ${amount(upperBound(fit))})` : `, ${amount(perSec)} per request`;
  }
  /** A size in words: "12 B per request" with load, "1.2 MB an hour" without. */
  size(perSec: number): string {
    return this.#rate ? `${formatAmount(perSec / this.#rate, this.#unit)} per request` : `${formatAmount(perSec * 3600, this.#unit)} an hour`;
  }
  /** A bound, rounded up (so "under 1 B", never "under 0 B"). */
  #ceilSize(perSec: number): string {
    const amount = this.#rate ? perSec / this.#rate : perSec * 3600;
    // "0.0 handles per request" says nothing: a bound this small reads as one per so many requests.
    if (this.#unit === 'handles' && this.#rate && amount < 0.1) return `1 handle per ${Math.floor(1 / amount)} requests`;
    const shown = this.#unit === 'bytes' && amount < 1000 ? Math.max(1, Math.ceil(amount)) : amount;
    return `${formatAmount(shown, this.#unit)} ${this.#rate ? 'per request' : 'an hour'}`;
  }
  /** "under 12 B per request", or "not rising at all" for a bound at or below zero. */
  under(upperPerSec: number): string {
    return upperPerSec > 0 ? `under ${this.#ceilSize(upperPerSec)}` : 'not rising at all';
  }
  at(atMs: number, window: JudgedWindow): string {
    return `${formatSeconds(atMs - window.loadStartMs)} into the ${window.hasLoad ? 'load' : 'run'}`;
  }
  flat(evidence: FlatEvidence, spanMs: number): string {
    const is = this.rises === 'rise' ? 'are' : 'is';
    switch (evidence.kind) {
      case 'under-minimum':
        return `${this.label} ${is} flat: ${this.under(evidence.upperPerSec)} (this run could not see less), over ${formatSeconds(spanMs)} after warm-up.`;
      case 'levelled-off':
        return `${this.label} rose ${this.rate(evidence.earlierPerSec)} at first, then levelled off: ${this.under(evidence.upperPerSec)} over the last ${formatSeconds(evidence.fit.spanMs)}, like a cache filling up to its limit.`;
      case 'bounded':
        return `${this.label} goes up and down, but its lowest level stays put: ${this.under(evidence.upperPerSec)} over ${formatSeconds(spanMs)}.`;
      case 'since-fall':
        return `${this.label} fell back by ${formatAmount(evidence.fellBytes, this.#unit)} and ${is} flat since: ${this.under(evidence.upperPerSec)} over the last ${formatSeconds(evidence.fit.spanMs)}.`;
    }
  }
  unknown(test: WindowTest, minPerSec: number, more: number): string {
    const fit = test.fit;
    const slope = `${this.rate(fit.slopePerSec)}${this.perRequestOf(fit.slopePerSec)}`;
    const after = more >= TIMING.maxEstimateSec ? 'more than an hour more would tell' : `about ${more} s more would tell`;
    switch (test.failure) {
      case 'too-small':
        if (fit.slopePerSec < 0) {
          const falls = this.rises === 'rise' ? 'fall' : 'falls';
          const upper = upperBound(fit);
          if (upper <= 0) return `${this.label} ${falls} ${this.rate(-fit.slopePerSec)}, too unevenly to call it flat yet (95 % interval ${this.interval(lowerBound(fit), upper)}); ${after}.`;
          return `${this.label} ${falls} ${this.rate(-fit.slopePerSec)}, but it could be rising up to ${this.size(upper)}; ${after}.`;
        }
        return `${this.label} ${this.rises} ${slope}, under the ${this.size(minPerSec)} that counts as a leak, but it could be up to ${this.size(upperBound(fit))}; ${after}.`;
      case 'not-sure':
        return `${this.label} ${this.rises} ${slope}, but not surely (95 % interval ${this.interval(lowerBound(fit), upperBound(fit))}); ${after}.`;
      case 'little-so-far':
        return `${this.label} ${this.rises} ${slope}, but only ${formatAmount(fit.slopePerSec * (fit.spanMs / 1000), this.#unit)} so far, no more than a healthy server's warm-up adds; ${after}.`;
      case 'late-only':
        return `${this.label} was level in the earlier half of the run and rose in the latest: a late step, or a leak that just started? ${capitalize(after)}.`;
      case 'not-rising-now':
      case 'slowing':
        return `${this.label} rose ${slope} but slowed down in the latest half: a cache filling up, or a leak? ${capitalize(after)}.`;
      case 'envelope':
        return `${this.label} ${this.rises} ${slope} on average, but its lowest levels do not: a sawtooth, or spikes? ${capitalize(after)}.`;
      case 'after-a-fall':
        return `${this.label} ${this.rises} ${slope}, but it fell back less than ${formatSeconds(TIMING.fallHoldMs)} ago: a cache emptied now and then, or a leak? ${capitalize(after)}.`;
      case 'not-new-high':
      case null:
        return `${this.label} ${this.rises} ${slope}; ${after}.`;
    }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
