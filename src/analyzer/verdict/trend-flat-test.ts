import { fitLine, type LineFit } from './trend-fit.ts';
import { envelopeFit, tFor, type FigureContext } from './trend-leak-test.ts';
import { SURENESS, TIMING } from './trend-thresholds.ts';
import { indexAtOrAfter, requestRate } from './trend-window.ts';

/** Why a figure is flat, with the bound that shows it. */
export type FlatEvidence =
  /** The whole window's slope is under the practical minimum, upper bound included. */
  | { kind: 'under-minimum'; upperPerSec: number; fit: LineFit }
  /** The latest part is flat (under the minimum, or under a quarter of the earlier rise per request). */
  | { kind: 'levelled-off'; upperPerSec: number; fit: LineFit; earlierPerSec: number; latestFromMs: number }
  /** The lowest levels stay put while the floor saws up and down above them. */
  | { kind: 'bounded'; upperPerSec: number; fit: LineFit }
  /** The floor fell back (memory was freed: a cache emptied, a heap snapshot's collection) and has been flat since. */
  | { kind: 'since-fall'; upperPerSec: number; fit: LineFit; fellBytes: number; fellAtMs: number };

/** The upper bound `flat` is judged on. */
export function upperBound(fit: LineFit): number {
  return fit.slopePerSec + tFor(SURENESS.flatZ, fit.dof) * fit.standardErrorPerSec;
}

/**
 * Whether a fit is surely under `limit`. Its interval must also be narrow (half-width at most
 * `SURENESS.flatWidthFactor` limits): with wide noise an upper bound under the limit only means
 * the slope came out far below zero by chance, and a leak can do that too.
 */
export function isSurelyUnder(fit: LineFit, limit: number): boolean {
  const halfWidth = tFor(SURENESS.flatZ, fit.dof) * fit.standardErrorPerSec;
  // From fewer than `minFlatPoints` points every estimate of the noise can come out low together,
  // so the interval must be narrower still: three quarters of the limit from 7 points, half from 6.
  const trust = Math.min(1, Math.max(0, (fit.points - TIMING.minPoints) / (TIMING.minFlatPoints - TIMING.minPoints)));
  return fit.slopePerSec + halfWidth < limit && halfWidth <= SURENESS.flatWidthFactor * trust * limit;
}

export function lowerBound(fit: LineFit): number {
  return fit.slopePerSec - tFor(SURENESS.flatZ, fit.dof) * fit.standardErrorPerSec;
}

/**
 * `flat` needs one of four pieces of evidence, each an upper bound under a size no leak of
 * interest stays below: the whole window under the practical minimum; the latest half under the
 * minimum or under a quarter of what the earlier half surely rose per request (a fill that stopped);
 * the window's lower envelope under the minimum (a sawtooth); or the part since the floor last
 * fell back under the minimum.
 */
export function testFlat(ctx: FigureContext, whole: LineFit): FlatEvidence | null {
  const wholeUpper = upperBound(whole);
  if (isSurelyUnder(whole, ctx.minPerSec)) return { kind: 'under-minimum', upperPerSec: wholeUpper, fit: whole };
  const levelled = testLevelledOff(ctx, 0);
  if (levelled) return levelled;
  const envelope = envelopeFit(ctx, 0);
  if (envelope && envelope.points >= 6) {
    const envelopeUpper = upperBound(envelope);
    if (isSurelyUnder(envelope, ctx.minPerSec)) return { kind: 'bounded', upperPerSec: envelopeUpper, fit: envelope };
  }
  return testSinceFall(ctx);
}

/**
 * A fall of the floor early in the window (a heap snapshot's collection drops compiled code and
 * caches; a program empties a cache) makes the whole window's line tilt down and its noise look
 * large, although the floor has been level since. Floors are only ever read too high, so a fall
 * is real: the points after the last one are judged on their own, with as many points as `flat`
 * asks of any window. A leak rises after a fall as before it, so this cannot hide one.
 *
 * Unlike the leak tests (`fellLately`, `isNewHigh`), this one does not look past a heap
 * snapshot's fall: such a fall is the very case it is for, and the points after it are as fair
 * a sample of the program as any, so a snapshot cannot make a rising floor look flat here.
 */
function testSinceFall(ctx: FigureContext): FlatEvidence | null {
  const { timesMs, values } = ctx.points;
  const end = timesMs.length;
  const margin = 5 * ctx.limits.noise.sigma;
  let fallIndex = -1;
  for (let i = 1; i < end; i++) if (values[i] < values[i - 1] - margin) fallIndex = i;
  if (fallIndex < 1 || end - fallIndex < TIMING.minFlatPoints || timesMs[end - 1] - timesMs[fallIndex] < TIMING.minSpanMs) return null;
  const fit = fitLine(timesMs, values, fallIndex, end, ctx.limits.noise);
  if (!fit || !isSurelyUnder(fit, ctx.minPerSec)) return null;
  return { kind: 'since-fall', upperPerSec: upperBound(fit), fit, fellBytes: values[fallIndex - 1] - values[fallIndex], fellAtMs: timesMs[fallIndex] };
}

/**
 * Whether the points after `fromIndex` rose and then stopped: the latest half's upper bound under
 * the minimum, or under a quarter of the earlier half's lower bound, both per request.
 * `previousPerRequest` (a leak seen before) stands in for the earlier half when it is larger.
 */
export function testLevelledOff(ctx: FigureContext, fromIndex: number, previousPerRequest = 0): FlatEvidence | null {
  const { timesMs, values } = ctx.points;
  const end = timesMs.length;
  if (end - fromIndex < 2 * TIMING.minPoints) return null;
  const spanMs = timesMs[end - 1] - timesMs[fromIndex];
  const split = indexAtOrAfter(timesMs, timesMs[fromIndex] + spanMs / 2);
  if (timesMs[end - 1] - timesMs[split] < TIMING.minLevelSpanMs || end - split < TIMING.minPoints) return null;
  const latest = fitLine(timesMs, values, split, end, ctx.limits.noise);
  const earlier = fitLine(timesMs, values, fromIndex, split, ctx.limits.noise);
  if (!latest || !earlier) return null;
  const latestRate = requestRate(ctx.store, timesMs[split], timesMs[end - 1]) ?? 1;
  const earlierRate = requestRate(ctx.store, timesMs[fromIndex], timesMs[split - 1]) ?? 1;
  const earlierPerRequest = Math.max(previousPerRequest, lowerBound(earlier) / earlierRate);
  const threshold = Math.max(ctx.minPerSec, (earlierPerRequest / 4) * latestRate);
  const latestUpper = upperBound(latest);
  if (!isSurelyUnder(latest, threshold)) return null;
  return { kind: 'levelled-off', upperPerSec: latestUpper, fit: latest, earlierPerSec: earlier.slopePerSec, latestFromMs: timesMs[split] };
}
