import type { Figure } from '../../protocol/samples.ts';
import type { JudgedFigure, JudgedWindow } from './trend-figure.ts';
import { FIGURE_LABEL } from '../../format/figure-label.ts';
import { formatAmount, formatRate } from '../../format/units.ts';
import { isNoisy, lastIndexAtOrBefore, prepare, type Series } from './trend-series.ts';
import { theilSen } from './trend-theil-sen.ts';
import { STEEP, THRESHOLDS, TIMING } from './trend-thresholds.ts';

/**
 * The early call for a steep, steady rise (see `STEEP`): `leaking` or null when the rise is not
 * steep or not long enough; never `flat`, which needs the normal window.
 */
export function judgeSteepRise(figure: Figure, series: Series, window: JudgedWindow): JudgedFigure | null {
  const limits = THRESHOLDS[figure];
  // Three noisy points line up by chance too often.
  if (isNoisy(series, window.loadStartMs, window.toMs, limits)) return null;
  const { timesMs, values } = prepare(series, window.loadStartMs + STEEP.warmupMs, window.toMs, limits);
  const pointCount = timesMs.length;
  if (pointCount < STEEP.minJudgedPoints) return null;
  if (timesMs[pointCount - 1] - window.loadStartMs < STEEP.minLoadMs) return null;
  const spanMs = timesMs[pointCount - 1] - timesMs[0];
  if (spanMs < STEEP.minJudgedSpanMs) return null;
  const whole = theilSen(timesMs, values);
  if (!whole) return null;
  // With 3–4 points the residual spread says little; ask every pair to rise instead.
  const lowerPerSec = pointCount <= 4 ? Math.min(whole.lowerPerSec, whole.minPairPerSec) : whole.lowerPerSec;
  const slope = whole.slopePerSec;
  const lastStepPerSec = ((values[pointCount - 1] - values[pointCount - 2]) / (timesMs[pointCount - 1] - timesMs[pointCount - 2])) * 1000;
  const head = theilSen(timesMs, values, 0, Math.max(3, lastIndexAtOrBefore(timesMs, timesMs[0] + spanMs / 3) + 1));
  const isSteep = slope >= limits.steepSlopePerSec && lowerPerSec >= STEEP.minLowerBoundFraction * limits.steepSlopePerSec;
  const isLarge = slope * (spanMs / 1000) >= limits.steepRise;
  const isSteady = lastStepPerSec >= STEEP.lastStepFraction * slope && (head?.slopePerSec ?? 0) >= TIMING.partSlopeFraction * slope;
  if (!isSteep || !isLarge || !isSteady) return null;

  const unit = limits.unit;
  const perRequest = window.requestsPerSec ? `, ${formatAmount(slope / window.requestsPerSec, unit)} per request` : '';
  const rises = figure === 'handles' ? 'rise' : 'rises';
  return {
    verdict: {
      figure,
      verdict: 'leaking',
      slopeBytesPerSec: slope,
      slopeLowerBoundBytesPerSec: lowerPerSec,
      bytesPerRequest: window.requestsPerSec ? slope / window.requestsPerSec : null,
      points: pointCount,
    },
    reason: `${FIGURE_LABEL[figure]} ${rises} ${formatRate(slope, unit)} (≥${formatRate(lowerPerSec, unit)})${perRequest}, steeply from the start and still rising at the end.`,
    strength: lowerPerSec / limits.minSlopePerSec,
  };
}
