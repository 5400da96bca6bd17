import type { AllocationTreeNode, ClassAllocationsResult } from '../../protocol/allocation-results.ts';
import type { AllocProfile } from '../../protocol/probe-messages.ts';

// The allocation slice's shape, apart from its rules (allocation-rules.ts) so that page-state.ts
// can hold it without importing the rules, which need PageState.

/** One of the probe's profiles, with the requests answered when it arrived. */
export interface ProfilePoint {
  readonly profile: AllocProfile;
  readonly requests: number;
}

/** Profiles opened from files on /analyze: one (what is live) or two (what grew), as the worker answered. */
export interface ProfileFiles {
  readonly names: readonly string[];
  readonly status: 'opening' | 'ready' | 'failed';
  readonly tree: AllocationTreeNode | null;
  readonly intervalBytes: number | null;
  readonly message: string | null;
}

/**
 * Allocation sites. From a run: the run's first profile (after start-up, the baseline) and its
 * newest; the view shows what grew between them. From files: the worker's tree. Invariant: a
 * run's profiles belong to the run that is live; a new run starts with none.
 */
export interface AllocationSlice {
  readonly first: ProfilePoint | null;
  readonly latest: ProfilePoint | null;
  /** Why this run has no allocation sites, when the probe said so. */
  readonly unavailable: string | null;
  /** Frames of Node, natives and node_modules folded into their callers (the default). */
  readonly isFolded: boolean;
  readonly files: ProfileFiles | null;
  /** The selected class's allocation stacks (snapshots with traces); cleared when another class is picked. */
  readonly classStacks: ClassStacks | null;
}

export type ClassStacks =
  | { readonly className: string; readonly status: 'ready'; readonly result: ClassAllocationsResult }
  | { readonly className: string; readonly status: 'failed'; readonly message: string };

export const EMPTY_ALLOCATION: AllocationSlice = { first: null, latest: null, unavailable: null, isFolded: true, files: null, classStacks: null };
