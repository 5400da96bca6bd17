import type { LineFit } from './trend-fit.ts';
import { tFor } from './trend-leak-test.ts';
import { SURENESS, TIMING } from './trend-thresholds.ts';

/**
 * How many more seconds of the same run would most likely decide an undecided figure.
 *
 * With points arriving at a steady rate, a slope's standard error shrinks as span^(−3/2) (n grows
 * with the span, and so does the spread of the times). So if the slope stays where it is, the
 * interval excludes the nearer decision boundary after span × (needed z · SE / distance)^(2/3):
 * toward `leaking` when the slope is at least the practical minimum (the boundary is zero, and
 * the latest half must be sure on its own, which takes about 2^(3/2) times the whole's z),
 * toward `flat` when it is under (the boundary is the minimum).
 */
export function secondsToDecide(whole: LineFit, flatUnderPerSec: number, leakAtLeastPerSec: number, minRise: number, isPrimary: boolean): number {
  const spanSec = whole.spanMs / 1000;
  const se = whole.standardErrorPerSec;
  if (!Number.isFinite(se) || spanSec <= 0) return TIMING.maxEstimateSec;
  // The t quantiles fall as points (degrees of freedom) come in, so solve for the span a few times.
  // Between the two sizes (a rise too small to be a leak, too large to be flat) nothing decides it.
  if (whole.slopePerSec >= flatUnderPerSec && whole.slopePerSec < leakAtLeastPerSec) return TIMING.maxEstimateSec;
  let neededSpanSec = spanSec;
  for (let round = 0; round < 4; round++) {
    const dof = whole.dof * Math.max(1, neededSpanSec / spanSec);
    if (whole.slopePerSec >= leakAtLeastPerSec) {
      const leakZ = isPrimary ? SURENESS.leakZ : SURENESS.secondaryLeakZ;
      const neededZ = Math.max(tFor(leakZ, dof), tFor(SURENESS.latestHalfZ, dof) * 2 ** 1.5 + 1);
      // ...and it must have added `minRise` in all.
      neededSpanSec = Math.max(spanSec * ((neededZ * se) / whole.slopePerSec) ** (2 / 3), minRise / whole.slopePerSec);
    } else {
      // `flat` also asks for an interval no wider than the minimum (isSurelyUnder), which a
      // slope below zero does not make narrower.
      const distance = Math.min(flatUnderPerSec - whole.slopePerSec, flatUnderPerSec);
      neededSpanSec = spanSec * ((tFor(SURENESS.flatZ, dof) * se) / distance) ** (2 / 3);
    }
  }
  // The judged window stops growing at its maximum: past that, more time does not narrow it.
  if (!(neededSpanSec <= TIMING.maxWindowMs / 1000)) return TIMING.maxEstimateSec;
  return Math.min(TIMING.maxEstimateSec, Math.max(1, Math.ceil(neededSpanSec - spanSec)));
}

/** Seconds until a window that is too short has `minPoints` points spanning `minSpanMs`. */
export function secondsToEnoughPoints(pointCount: number, spanMs: number, minPoints: number, minSpanMs: number): number {
  const msPerPoint = pointCount >= 2 ? spanMs / (pointCount - 1) : 1250;
  const forPoints = Math.max(0, minPoints - pointCount) * msPerPoint;
  const forSpan = Math.max(0, minSpanMs - spanMs);
  return Math.max(1, Math.ceil(Math.max(forPoints, forSpan) / 1000));
}
