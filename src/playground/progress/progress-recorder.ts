import type { CheckSummary } from '../../protocol/progress-file.ts';
import type { ChallengeEvidence } from '../challenge/challenge-evidence.ts';
import type { PageStore } from '../page-state/page-store.ts';
import type { ProgressStore } from './progress-store.ts';

/**
 * A lesson page's part in the learner's progress: the lesson is opened now, and every check that
 * finishes is recorded (a pass with the numbers it rested on), for the home page's marks and the
 * progress file.
 */
export function recordProgress(store: PageStore, progress: ProgressStore, slug: string, nowIso: () => string): void {
  progress.markOpened(slug, nowIso());
  store.onAction((action) => {
    if (action.type !== 'challenge-decided') return;
    const result = store.state.challenge.result;
    if (result?.kind !== 'decided') return;
    const { outcome } = result.decision;
    progress.recordCheck(slug, outcome, result.decidedAtIso, outcome === 'passed' ? checkSummary(result.evidence) : null);
  });
}

/** The evidence of a check in the few numbers progress keeps. */
export function checkSummary(e: ChallengeEvidence): CheckSummary | null {
  if (!e.verdict) return null;
  const results = e.responses?.kind === 'checked' ? e.responses.results : [];
  const growth = e.classGrowth.kind === 'measured' ? e.classGrowth : null;
  return {
    verdict: e.verdict.verdict,
    figure: e.verdict.figure,
    slopePerSec: Math.round(e.verdict.slopePerSec),
    bytesPerRequest: e.verdict.perRequest === null ? null : Math.round(e.verdict.perRequest * 10) / 10,
    seconds: e.seconds,
    requests: e.requests,
    leakingClass: growth?.className ?? null,
    classCountDelta: growth?.count.countDelta ?? null,
    responsesRight: results.filter((r) => r.problems.length === 0).length,
    responsesTotal: results.length,
  };
}
