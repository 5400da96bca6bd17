import type { Figure } from '../../protocol/samples.ts';
import type { FigureVerdict } from './trend.ts';
import { FIGURE_LABEL } from '../../format/figure-label.ts';
import { formatAmount, formatRate, formatSeconds } from '../../format/units.ts';
import { median, theilSen, type SlopeEstimate } from './trend-theil-sen.ts';
import { THRESHOLDS, TIMING } from './trend-thresholds.ts';
import { firstIndexAtOrAfter, isNoisy, lastIndexAtOrBefore, prepare, type Series } from './trend-series.ts';

/** The part of the run that is judged: after warm-up, while load ran. */
export interface JudgedWindow {
  fromMs: number;
  toMs: number;
  warmupMs: number;
  /** When load started (or the first point, without load). */
  loadStartMs: number;
  /** Requests per second inside the window, or null when no load ran. */
  requestsPerSec: number | null;
}

/** How much more total rise, and how many points, a figure that is not the primary one needs before it is called leaking. */
const SECONDARY_RISE_FACTOR = 2;
const SECONDARY_MIN_POINTS = 5;

export interface JudgedFigure {
  verdict: FigureVerdict;
  reason: string;
  /** How far past the leak threshold the slope's lower bound is; ranks several leaking figures. */
  strength: number;
}

/**
 * Judges one figure on the judged window: `leaking` when the slope and its lower bound, the total
 * rise, and the slopes of the first and the last third all clear the figure's thresholds; `flat`
 * when the slope's upper bound (over the whole window, or over a long enough latest half) stays
 * under the leak rate; otherwise `unknown`, with the reason why.
 */
export function judgeFigure(figure: Figure, series: Series, window: JudgedWindow, isPrimary = true): JudgedFigure {
  // A figure the lesson (or user) did not name is watched too, but on a short run its floor can
  // creep while a pool or a parser buffer fills (seen: `external` +1.2 MB in steps over 8 s for a
  // bounded cache), so calling it a leak takes more evidence: a larger rise, more points. Calling
  // it flat takes the same evidence as for the primary figure.
  const limits = isPrimary ? THRESHOLDS[figure] : { ...THRESHOLDS[figure], minRise: THRESHOLDS[figure].minRise * SECONDARY_RISE_FACTOR };
  const label = FIGURE_LABEL[figure];
  const rises = figure === 'handles' ? 'rise' : 'rises';
  const is = figure === 'handles' ? 'are' : 'is';
  const { timesMs, values } = prepare(series, window.fromMs, window.toMs, limits);
  const pointCount = timesMs.length;
  const spanMs = pointCount > 0 ? timesMs[pointCount - 1] - timesMs[0] : 0;
  const whole = pointCount >= 2 ? theilSen(timesMs, values) : null;

  const verdictOf = (kind: FigureVerdict['verdict'], fit: SlopeEstimate | null): FigureVerdict => ({
    figure,
    verdict: kind,
    slopeBytesPerSec: fit?.slopePerSec ?? 0,
    // JSON has no -Infinity: with too few points to bound the slope, say 0.
    slopeLowerBoundBytesPerSec: fit && Number.isFinite(fit.lowerPerSec) ? fit.lowerPerSec : 0,
    bytesPerRequest: fit && window.requestsPerSec ? fit.slopePerSec / window.requestsPerSec : null,
    points: pointCount,
  });

  const neededPoints = isNoisy(series, window.loadStartMs, window.toMs, limits) ? TIMING.minNoisyJudgedPoints : TIMING.minJudgedPoints;
  if (!whole || pointCount < neededPoints || spanMs < TIMING.minJudgedSpanMs) {
    const noisy = neededPoints > TIMING.minJudgedPoints ? ' (it jumps around, so more)' : '';
    const reason = `Too short to tell: ${formatSeconds(Math.max(0, spanMs))} of ${label} after a ${formatSeconds(window.warmupMs)} warm-up (${pointCount} points); need ${formatSeconds(TIMING.minJudgedSpanMs)} and ${neededPoints} points${noisy}.`;
    return { verdict: verdictOf('unknown', whole), reason, strength: 0 };
  }

  const unit = limits.unit;
  const rate = (perSec: number): string => formatRate(perSec, unit);
  const threshold = limits.minSlopePerSec;
  const tail = theilSen(timesMs, values, firstIndexAtOrAfter(timesMs, timesMs[pointCount - 1] - spanMs / 3, pointCount - 3), pointCount);
  const tailSlope = tail?.slopePerSec ?? 0;
  const head = theilSen(timesMs, values, 0, Math.max(3, lastIndexAtOrBefore(timesMs, timesMs[0] + spanMs / 3) + 1));
  const headSlope = head?.slopePerSec ?? 0;
  const baseline = Math.abs(median(values, 0, Math.max(1, Math.floor(pointCount / 3))));
  const neededRise = Math.max(limits.minRise, limits.minRiseFraction * baseline);
  const fittedRise = whole.slopePerSec * (spanMs / 1000);
  // A leak under steady load rises all along; a cache fills and stops (flat tail), and a late
  // burst of unswept garbage is a step at the end (flat head).
  const steadyRise = Math.max(TIMING.partSlopeFraction * whole.slopePerSec, threshold / 2);
  const isStillRising = tailSlope >= steadyRise;
  const didRiseEarly = headSlope >= steadyRise;
  const perRequest = window.requestsPerSec ? `, ${formatAmount(whole.slopePerSec / window.requestsPerSec, unit)} per request` : '';

  const hasEnoughPoints = isPrimary || pointCount >= SECONDARY_MIN_POINTS;
  if (whole.slopePerSec >= threshold && whole.lowerPerSec >= limits.minLowerBoundFraction * threshold && fittedRise >= neededRise && isStillRising && didRiseEarly && hasEnoughPoints) {
    const reason = `${label} ${rises} ${rate(whole.slopePerSec)} (≥${rate(whole.lowerPerSec)})${perRequest}, still rising in the last third.`;
    return { verdict: verdictOf('leaking', whole), reason, strength: whole.lowerPerSec / threshold };
  }

  if (whole.upperPerSec < threshold) {
    const reason = `${label} ${is} flat: ${rate(whole.slopePerSec)} (at most ${rate(whole.upperPerSec)}, under the ${rate(threshold)} that counts as a leak) over ${formatSeconds(spanMs)} after warm-up.`;
    return { verdict: verdictOf('flat', whole), reason, strength: 0 };
  }

  const halfFrom = firstIndexAtOrAfter(timesMs, timesMs[pointCount - 1] - spanMs / 2, pointCount - 4);
  const latestHalf = theilSen(timesMs, values, halfFrom, pointCount);
  const latestHalfSpanMs = timesMs[pointCount - 1] - timesMs[halfFrom];
  if (latestHalf && latestHalfSpanMs >= TIMING.minFlatTailSpanMs && latestHalf.upperPerSec < threshold) {
    const reason = `${label} rose ${rate(whole.slopePerSec)} at first, then levelled off: ${rate(latestHalf.slopePerSec)} (at most ${rate(latestHalf.upperPerSec)}) over the last ${formatSeconds(latestHalfSpanMs)}, like a cache filling up to its limit.`;
    return { verdict: verdictOf('flat', latestHalf), reason, strength: 0 };
  }

  let reason: string;
  if (whole.slopePerSec >= threshold && !isStillRising) {
    reason = `${label} rose ${rate(whole.slopePerSec)} but slowed to ${rate(tailSlope)} in the last third; a cache filling up or a leak? Run longer to tell.`;
  } else if (whole.slopePerSec >= threshold && !didRiseEarly) {
    reason = `${label} was level at first (${rate(headSlope)}), then rose ${rate(tailSlope)} in the last third; a late burst or a leak? Run longer to tell.`;
  } else if (whole.slopePerSec >= threshold && !hasEnoughPoints) {
    reason = `${label} ${rises} ${rate(whole.slopePerSec)} on ${pointCount} points; it is not the figure this run watches, so it needs ${SECONDARY_MIN_POINTS}. Run longer to tell.`;
  } else if (whole.slopePerSec >= threshold && fittedRise < neededRise) {
    reason = `${label} ${rises} ${rate(whole.slopePerSec)}, but only ${formatAmount(fittedRise, unit)} in all (${formatAmount(neededRise, unit)} needed); run longer to tell.`;
  } else {
    reason = `${label} ${rises} ${rate(whole.slopePerSec)} (somewhere between ${rate(whole.lowerPerSec)} and ${rate(whole.upperPerSec)}); too noisy to call it a leak (≥${rate(threshold)}) or flat. Run longer to tell.`;
  }
  return { verdict: verdictOf('unknown', whole), reason, strength: 0 };
}
