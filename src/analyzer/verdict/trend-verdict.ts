import type { Figure } from '../../protocol/samples.ts';
import type { VerdictUnit } from './trend-thresholds.ts';

// What the verdict answers, apart from trend.ts that computes it, so the parts it is computed from
// (trend-figure.ts, trend-combine.ts) can name it without importing trend.ts back.

export type VerdictKind = 'leaking' | 'flat' | 'unknown';
/** One figure's verdict and the numbers behind it. Slopes are per second in `unit`. */
export interface FigureVerdict {
  figure: Figure;
  verdict: VerdictKind;
  unit: VerdictUnit;
  /** Theil–Sen slope over the window the verdict rests on. */
  slopePerSec: number;
  /** The slope's 95 % interval (each end one-sided 99 %), widened for the floors' autocorrelation; null when unbounded. */
  slopeLowerBoundPerSec: number | null;
  slopeUpperBoundPerSec: number | null;
  /** The same per request (slope / request rate), null without load. */
  perRequest: number | null;
  perRequestLowerBound: number | null;
  perRequestUpperBound: number | null;
  requestsPerSec: number | null;
  /** The practical minimum for this run: a rise under it is never called a leak... */
  leakAtLeastPerSec: number;
  /** ...and `flat` means the slope is surely under this. */
  flatUnderPerSec: number;
  /** Points in the judged window, and its span. */
  points: number;
  windowSec: number;
  /** Seconds of load (of run, without load) when this verdict was reached and kept since; null while unknown. */
  decidedAfterSec: number | null;
  /** While unknown: about how many more seconds of the same run would most likely decide it. */
  moreSecondsNeeded: number | null;
}

/** A leak that was seen earlier in the run and then stopped (a fix deployed, a bound reached late). */
export interface StoppedLeak {
  figure: Figure;
  fromSec: number;
  untilSec: number;
  slopePerSec: number;
  perRequest: number | null;
}

export interface TrendVerdict extends Omit<FigureVerdict, 'points' | 'windowSec'> {
  /** Leaking if any judged figure is leaking; else flat if the primary figure is flat; else unknown. */
  verdict: VerdictKind;
  /** The figure the verdict is about: the leaking one, else the primary. */
  figure: Figure;
  /** One sentence a learner can read, with numbers. */
  reason: string;
  stoppedLeak: StoppedLeak | null;
  perFigure: FigureVerdict[];
}
