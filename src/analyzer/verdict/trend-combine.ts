import type { Figure } from '../../protocol/samples.ts';
import type { FigureJudgement, LeakMemory } from './trend-figure.ts';
import type { FigureVerdict, StoppedLeak, TrendVerdict } from './trend-verdict.ts';
import { secondsSince, type JudgedWindow } from './trend-window.ts';

/** The run's verdict from its figures' (see TrendVerdict.verdict). */
export function combine(judged: FigureJudgement[], primary: Figure, window: JudgedWindow, stoppedOf: (figure: Figure) => LeakMemory | null): TrendVerdict {
  const perFigure = judged.map((j) => j.verdict);
  const leaking = judged
    .filter((j) => j.verdict.verdict === 'leaking')
    .sort((a, b) => Number(b.verdict.figure === primary) - Number(a.verdict.figure === primary) || b.strength - a.strength);
  const primaryJudged = judged.find((j) => j.verdict.figure === primary);
  if (!primaryJudged) throw new Error(`The primary figure ${primary} was not judged.`);
  const stoppedLeak = toStopped(judged, stoppedOf, window);
  if (leaking.length > 0) return fromFigure(leaking[0], perFigure, null);
  // The verdict is about the figure the run watches; the others can only raise an alarm. One
  // still undecided is said, not allowed to veto `flat`: a fixed program's `external` floor may
  // creep while a database warms its page cache.
  if (primaryJudged.verdict.verdict === 'flat') {
    const verdict = fromFigure(primaryJudged, perFigure, stoppedLeak);
    const undecided = judged.find((j) => j !== primaryJudged && j.verdict.verdict === 'unknown');
    if (undecided) verdict.reason = `${primaryJudged.reason.replace(/\.$/, '')}. Not judged yet: ${lowerFirst(undecided.reason)}`;
    return verdict;
  }
  return fromFigure(primaryJudged, perFigure, stoppedLeak);
}

function toStopped(judged: FigureJudgement[], stoppedOf: (figure: Figure) => LeakMemory | null, window: JudgedWindow): StoppedLeak | null {
  for (const j of judged) {
    const stopped = stoppedOf(j.verdict.figure);
    if (stopped) {
      return {
        figure: j.verdict.figure, fromSec: secondsSince(stopped.sinceMs, window), untilSec: secondsSince(stopped.lastSeenMs, window),
        slopePerSec: stopped.slopePerSec, perRequest: stopped.perRequest,
      };
    }
  }
  return null;
}

function fromFigure(judged: FigureJudgement, perFigure: FigureVerdict[], stoppedLeak: StoppedLeak | null): TrendVerdict {
  const { points: _points, windowSec: _windowSec, ...numbers } = judged.verdict;
  return { ...numbers, reason: judged.reason, stoppedLeak, perFigure };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
