import type { AllocationTreeNode, ClassAllocationsResult } from '../../protocol/allocation-results.ts';
import type { AllocProfile } from '../../protocol/probe-messages.ts';
import type { AllocationAction } from './page-actions.ts';
import type { PageState } from './page-state.ts';

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

/** A new run: no profiles yet (the fold choice stays). */
export function withFreshAllocation(state: PageState): PageState {
  const { allocation } = state;
  if (!allocation.first && !allocation.latest && !allocation.unavailable) return state;
  return { ...state, allocation: { ...allocation, first: null, latest: null, unavailable: null } };
}

/** The probe's profile: the first of a live run is the baseline, each later one the newest. */
export function applyAllocProfile(state: PageState, profile: AllocProfile): PageState {
  if (state.run.phase !== 'running') return state;
  const point: ProfilePoint = { profile, requests: state.run.requests };
  const { allocation } = state;
  if (!allocation.first) return { ...state, allocation: { ...allocation, first: point } };
  if (profile.atMs <= allocation.first.profile.atMs) return state;
  return { ...state, allocation: { ...allocation, latest: point } };
}

export function applyAllocUnavailable(state: PageState, text: string): PageState {
  return { ...state, allocation: { ...state.allocation, unavailable: text } };
}

export function reduceAllocation(allocation: AllocationSlice, action: AllocationAction): AllocationSlice {
  switch (action.type) {
    case 'alloc-folding-set':
      return action.isFolded === allocation.isFolded ? allocation : { ...allocation, isFolded: action.isFolded };
    case 'profiles-opening':
      return { ...allocation, files: { names: action.names, status: 'opening', tree: null, intervalBytes: null, message: null } };
    case 'profiles-answered':
      // An answer for files that are no longer the ones open is dropped.
      if (!allocation.files || !sameNames(allocation.files.names, action.names)) return allocation;
      return { ...allocation, files: { names: action.names, status: 'ready', tree: action.tree, intervalBytes: action.intervalBytes, message: null } };
    case 'profiles-failed':
      if (allocation.files && !sameNames(allocation.files.names, action.names)) return allocation;
      return { ...allocation, files: { names: action.names, status: 'failed', tree: null, intervalBytes: null, message: action.message } };
    case 'class-allocations-answered':
      return { ...allocation, classStacks: { className: action.className, status: 'ready', result: action.result } };
    case 'class-allocations-failed':
      return { ...allocation, classStacks: { className: action.className, status: 'failed', message: action.message } };
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, k) => name === b[k]);
}
