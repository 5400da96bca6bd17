import type { AllocProfile } from '../../protocol/probe-messages.ts';
import type { AllocationAction } from './page-actions.ts';
import type { AllocationSlice, ProfilePoint } from './allocation-slice.ts';
import type { PageState } from './page-state.ts';

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
