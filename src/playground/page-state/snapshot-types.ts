import type { DiffResult, RetainersResult, SummaryResult, SurvivorsResult } from '../../analyzer/query-results.ts';

/** The four steps a snapshot goes through before it can be compared. */
export type CapturePhase = 'writing' | 'transferring' | 'parsing' | 'dominators';
export const CAPTURE_PHASES: readonly CapturePhase[] = ['writing', 'transferring', 'parsing', 'dominators'];

export interface ProgressInfo {
  readonly label: string;
  readonly phase: CapturePhase;
  /** 0..1 within the phase; null when the phase has no measurable size. */
  readonly fraction: number | null;
}

export type Comparison =
  | { readonly kind: 'summary'; readonly snapshotId: string; readonly result: SummaryResult }
  | { readonly kind: 'diff'; readonly snapshotIds: readonly string[]; readonly diff: DiffResult; readonly survivors: SurvivorsResult | null };

export type Retainers =
  | { readonly status: 'loading'; readonly className: string }
  /** `stepLines[path][step]`: the 1-based line of the learner's main.js a step's code starts on, or null. */
  | { readonly status: 'ready'; readonly className: string; readonly snapshotLabel: string; readonly result: RetainersResult; readonly stepLines: readonly (readonly (number | null)[])[] }
  | { readonly status: 'failed'; readonly className: string; readonly message: string };

/** A line the page shows above the snapshot tools: a refusal, a broken file, a failed fetch. */
export interface SnapshotMessage {
  readonly level: 'info' | 'error';
  readonly text: string;
}

/** Files opened at once on /analyze: a comparison takes two or three. */
export const MAX_FILES = 3;
