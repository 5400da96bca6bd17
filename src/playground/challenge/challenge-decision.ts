import { FIGURE_LABEL } from '../../format/figure-label.ts';
import { formatAmount, formatRate, formatSeconds } from '../../format/units.ts';
import type { ResponseCheckOutcome } from '../../protocol/response-check.ts';
import type { ChallengeEvidence, ClassGrowth, EarlyExit, VerdictSummary } from './challenge-evidence.ts';

/**
 * At most this many more objects of the leaking class at the end than after the warm-up pass: the
 * bound the lessons' own fixed programs are held to by the truth check (tests/lessons/truth.test.ts),
 * while a leak under the lessons' load adds hundreds to thousands in the same time.
 */
export const MAX_CLASS_GROWTH = 100;

export type CheckMark = 'pass' | 'fail' | 'undecided' | 'not-applicable';
export type ChallengeOutcome = 'passed' | 'failed' | 'undecided';

/** One part of the check (the run, the verdict, the snapshots, the responses) and what it found. */
export interface CheckLine {
  readonly part: 'run' | 'verdict' | 'class' | 'responses';
  readonly mark: CheckMark;
  readonly text: string;
}

export interface ChallengeDecision {
  readonly outcome: ChallengeOutcome;
  readonly headline: string;
  readonly lines: readonly CheckLine[];
}

/**
 * Pass or fail from the evidence: passed only when the verdict is `flat`, the leaking class (if
 * the lesson names one) grew by at most MAX_CLASS_GROWTH between the snapshots, and every check
 * request got the answer it should. Anything that fails fails the check; anything the run could
 * not tell (an `unknown` verdict, a snapshot that could not be taken, a runner problem) leaves it
 * undecided, with what to try. Pure: the page's reducer calls it; unit tests call it directly.
 */
export function decideChallenge(evidence: ChallengeEvidence): ChallengeDecision {
  const run = evidence.exit ? exitLine(evidence.exit) : null;
  let lines: CheckLine[] = [verdictLine(evidence.verdict), classLine(evidence.classGrowth), responsesLine(evidence.responses)];
  // A run that failed by ending early decides the check; what it had no time to measure is not "undecided".
  if (run?.mark === 'fail') lines = lines.map((l) => (l.mark === 'undecided' ? { ...l, mark: 'not-applicable', text: `Not measured, the run ended early. ${l.text}` } : l));
  if (run) lines.unshift(run);
  const outcome: ChallengeOutcome = lines.some((l) => l.mark === 'fail') ? 'failed' : lines.some((l) => l.mark === 'undecided') ? 'undecided' : 'passed';
  return { outcome, headline: headline(outcome, lines, evidence.seconds), lines };
}

function headline(outcome: ChallengeOutcome, lines: readonly CheckLine[], seconds: number): string {
  switch (outcome) {
    case 'passed': return `Passed: your fix holds for ${seconds} s under load and still answers correctly.`;
    case 'failed': {
      const failed = lines.filter((l) => l.mark === 'fail').map((l) => PART_NAME[l.part]);
      return `Not fixed yet: ${failed.join(', ')} ${failed.length === 1 ? 'fails' : 'fail'}.`;
    }
    case 'undecided': return 'Not decided yet: run longer, or check again.';
  }
}

const PART_NAME: Record<CheckLine['part'], string> = { run: 'the run', verdict: 'the verdict', class: 'the snapshot comparison', responses: 'the responses' };

function exitLine(exit: EarlyExit): CheckLine {
  switch (exit.reason) {
    case 'failed':
    case 'disconnected':
    case 'shutdown':
      // Not the program's doing: the run could not start or the runner went away.
      return { part: 'run', mark: 'undecided', text: `The run could not go on (${exit.line}); see the terminal, then check again.` };
    case 'exited':
      return { part: 'run', mark: 'fail', text: `Your program ended by itself before the check was over (${exit.line}): a server has to keep answering.` };
    default:
      return { part: 'run', mark: 'fail', text: `The run ended early: ${exit.line}` };
  }
}

function verdictLine(v: VerdictSummary | null): CheckLine {
  if (!v) return { part: 'verdict', mark: 'undecided', text: 'No verdict: the run ended before it had enough memory samples.' };
  const unit = v.figure === 'handles' ? 'handles' : 'bytes';
  const perRequest = v.perRequest === null ? '' : `, ${formatAmount(v.perRequest, unit)} per request`;
  const numbers = `${FIGURE_LABEL[v.figure]} ${formatRate(v.slopePerSec, unit)}${perRequest}`;
  switch (v.verdict) {
    case 'flat': return { part: 'verdict', mark: 'pass', text: `Flat (${numbers}). ${v.reason}` };
    case 'leaking': return { part: 'verdict', mark: 'fail', text: `Leaking (${numbers}). ${v.reason}` };
    case 'unknown': return { part: 'verdict', mark: 'undecided', text: `Not decided yet: run longer (${numbers}). ${v.reason}` };
  }
}

function classLine(growth: ClassGrowth): CheckLine {
  switch (growth.kind) {
    case 'no-class':
      return { part: 'class', mark: 'not-applicable', text: 'This lesson names no leaking class, so the check is the verdict and the responses.' };
    case 'missing':
      return { part: 'class', mark: 'undecided', text: `No snapshot comparison: ${growth.reason}` };
    case 'measured': {
      const { count, className } = growth;
      const between = `between snapshot ${growth.warmup.label}${at(growth.warmup.atMs)} and ${growth.end.label}${at(growth.end.atMs)}`;
      const delta = `${className} ${signed(count.countDelta)} ${between} (${count.added.toLocaleString('en')} new, ${count.removed.toLocaleString('en')} freed)`;
      if (count.countDelta <= MAX_CLASS_GROWTH) return { part: 'class', mark: 'pass', text: `${delta}: no longer growing.` };
      return { part: 'class', mark: 'fail', text: `${delta}: still growing (at most ${signed(MAX_CLASS_GROWTH)} passes). If your fix bounds it, a longer check shows it level off.` };
    }
  }
}

function responsesLine(outcome: ResponseCheckOutcome | null): CheckLine {
  if (!outcome) return { part: 'responses', mark: 'undecided', text: 'The run ended before the check requests were sent.' };
  if (outcome.kind === 'not-checked') {
    return { part: 'responses', mark: outcome.blame === 'program' ? 'fail' : 'undecided', text: `Not checked: ${outcome.reason}` };
  }
  const wrong = outcome.results.filter((r) => r.problems.length > 0);
  const total = outcome.results.length;
  if (wrong.length === 0) return { part: 'responses', mark: 'pass', text: total === 1 ? 'The check request got the right answer.' : `All ${total} check requests got the right answer.` };
  const first = wrong[0];
  return { part: 'responses', mark: 'fail', text: `${wrong.length} of ${total} check requests got a wrong answer: ${first.method} ${first.path}: ${first.problems.join(' ')}` };
}

function at(atMs: number | null): string {
  return atMs === null ? '' : ` (${formatSeconds(atMs)})`;
}

function signed(n: number): string {
  return `${n > 0 ? '+' : n < 0 ? '−' : '±'}${Math.abs(n).toLocaleString('en')}`;
}
