import type { VerdictKind } from '../../analyzer/verdict/trend.ts';
import type { ResponseCheckOutcome } from '../../protocol/response-check.ts';
import type { ExitReason } from '../../protocol/run-events.ts';
import type { Figure } from '../../protocol/samples.ts';

/** The verdict of the check's run, as read when the check ended. */
export interface VerdictSummary {
  readonly verdict: VerdictKind;
  readonly figure: Figure;
  /** Bytes/s (handles/s for the handles figure). */
  readonly slopePerSec: number;
  readonly perRequest: number | null;
  /** The verdict's own sentence, with its numbers. */
  readonly reason: string;
}

/** One class of the comparison between the check's two snapshots. */
export interface ClassCount {
  readonly name: string;
  readonly countDelta: number;
  readonly added: number;
  readonly removed: number;
}

/** What the two snapshots say about the lesson's leaking class. */
export type ClassGrowth =
  | {
    readonly kind: 'measured';
    readonly className: string;
    /** The class's row; zeros when the comparison lists no new or freed objects of it. */
    readonly count: ClassCount;
    /** The snapshots compared: their labels in the list (`#1`) and program-clock times. */
    readonly warmup: SnapshotMoment;
    readonly end: SnapshotMoment;
    /** The classes that grew most, for context when the fix moved the leak elsewhere. */
    readonly topGrowing: readonly ClassCount[];
  }
  /** The lesson names no class, so the check has no snapshot part. */
  | { readonly kind: 'no-class' }
  | { readonly kind: 'missing'; readonly reason: string };

export interface SnapshotMoment {
  readonly label: string;
  readonly atMs: number | null;
}

/** How the check's run ended when the check did not end it. */
export interface EarlyExit {
  readonly reason: ExitReason;
  readonly code: number | null;
  readonly signal: string | null;
  /** The terminal's last line for it (`[exited: heap limit reached] ...`). */
  readonly line: string;
}

/** Everything a check's pass or fail is decided from; kept with the result to show it. */
export interface ChallengeEvidence {
  readonly seconds: number;
  readonly verdict: VerdictSummary | null;
  readonly classGrowth: ClassGrowth;
  /** Null: the run ended before the requests were sent. */
  readonly responses: ResponseCheckOutcome | null;
  readonly exit: EarlyExit | null;
  readonly requests: number;
}
