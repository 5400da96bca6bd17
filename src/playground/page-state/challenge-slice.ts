import type { CheckRequest, ResponseCheckOutcome } from '../../protocol/response-check.ts';
import type { ChallengeDecision } from '../challenge/challenge-decision.ts';
import type { ChallengeEvidence, ClassGrowth, VerdictSummary } from '../challenge/challenge-evidence.ts';

/** Where a check is: its run starting, before or after the warm-up snapshot, ending, comparing. */
export type ChallengeStep = 'starting' | 'warming-up' | 'measuring' | 'finishing' | 'comparing';

/** A "Check my fix" under way. The controller drives it; the reducer records what it saw. */
export interface ChallengeAttempt {
  readonly seconds: number;
  /** The lesson's leaking class; null when it names none (no snapshots are taken then). */
  readonly leakingClass: string | null;
  readonly requests: readonly CheckRequest[];
  readonly step: ChallengeStep;
  /** The check's own Run was asked for: the next `run-asked` after this one replaces the check. */
  readonly isRunAsked: boolean;
  readonly runId: string | null;
  readonly isLoadReady: boolean;
  /** A snapshot the check asked for and has not had yet. */
  readonly pendingSnapshot: 'warm-up' | 'end' | null;
  readonly warmupEntryId: string | null;
  readonly endEntryId: string | null;
  /** 'asked' until the runner answers. */
  readonly responses: ResponseCheckOutcome | 'asked' | null;
  /** Null until the comparison is in (or known to be missing). */
  readonly classGrowth: ClassGrowth | null;
  /** The check is ending the run itself, so its end is no early exit. */
  readonly isStopping: boolean;
  readonly hasRunEnded: boolean;
  /** The run ended before the check was over, and how. */
  readonly exit: ChallengeEvidence['exit'];
  readonly requestCount: number;
}

/** What the last check came to. */
export type ChallengeResult =
  | { readonly kind: 'decided'; readonly decision: ChallengeDecision; readonly evidence: ChallengeEvidence; readonly decidedAtIso: string }
  | { readonly kind: 'cancelled'; readonly seconds: number; readonly reason: string };

export interface ChallengeSlice {
  readonly attempt: ChallengeAttempt | null;
  readonly result: ChallengeResult | null;
}

export const EMPTY_CHALLENGE: ChallengeSlice = { attempt: null, result: null };

/** What the challenge controller tells the store. */
export type ChallengeAction =
  | { type: 'challenge-asked'; seconds: number; leakingClass: string | null; requests: readonly CheckRequest[] }
  | { type: 'challenge-snapshot-asked'; which: 'warm-up' | 'end' }
  | { type: 'challenge-responses-asked' }
  /** The runner never answered the response check. */
  | { type: 'challenge-responses-lost'; reason: string }
  /** The seconds are over: the end snapshot (if any) comes next. */
  | { type: 'challenge-time-up' }
  /** The check ends its run now; its comparison (if any) follows. */
  | { type: 'challenge-stopping' }
  /** Everything is in: the reducer decides, from the evidence and this verdict. */
  | { type: 'challenge-decided'; verdict: VerdictSummary | null; decidedAtIso: string };

export function newAttempt(action: Extract<ChallengeAction, { type: 'challenge-asked' }>): ChallengeAttempt {
  return {
    seconds: action.seconds, leakingClass: action.leakingClass, requests: action.requests, step: 'starting',
    isRunAsked: false, runId: null, isLoadReady: false, pendingSnapshot: null, warmupEntryId: null, endEntryId: null,
    responses: null, classGrowth: action.leakingClass === null ? { kind: 'no-class' } : null,
    isStopping: false, hasRunEnded: false, exit: null, requestCount: 0,
  };
}

/** The attempt has all it will get: the run ended and nothing it waits for can still come. */
export function isReadyToDecide(a: ChallengeAttempt): boolean {
  if (!a.hasRunEnded) return false;
  if (a.exit) return true; // ended early: whatever was not measured stays missing
  return a.classGrowth !== null && a.responses !== 'asked';
}

/** The evidence of an attempt, with the verdict read at its end. */
export function evidenceOf(a: ChallengeAttempt, verdict: VerdictSummary | null): ChallengeEvidence {
  const classGrowth: ClassGrowth = a.classGrowth ?? { kind: 'missing', reason: a.exit ? 'the run ended before both snapshots were compared.' : 'the snapshots were not compared.' };
  const responses = a.responses === 'asked' ? null : a.responses;
  return { seconds: a.seconds, verdict, classGrowth, responses, exit: a.exit, requests: a.requestCount };
}
