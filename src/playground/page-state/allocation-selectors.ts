import type { AllocationTreeNode } from '../../protocol/allocation-results.ts';
import { heapProfileFromAlloc } from '../../analyzer/profile/alloc-profile.ts';
import { growthTree } from '../../analyzer/profile/growth-tree.ts';
import type { AllocationSlice } from './allocation-slice.ts';
import type { PageState } from './page-state.ts';

/** What the "Allocated at" view shows. */
export type AllocationView =
  | { readonly status: 'empty'; readonly text: string }
  | {
    readonly status: 'ready';
    /** The heading's words: which window, or which files. */
    readonly heading: string;
    /** Growth (a run, two files) or what is live (one file). */
    readonly isGrowth: boolean;
    readonly tree: AllocationTreeNode;
    /** Seconds and requests between the two profiles of a run; null for files. */
    readonly seconds: number | null;
    readonly requests: number | null;
    readonly intervalBytes: number | null;
    readonly isFolded: boolean;
    /** Run profiles name the learner's program as main.js; files' frames are someone else's. */
    readonly isRun: boolean;
  };

let lastInput: { first: unknown; latest: unknown; isFolded: boolean } | null = null;
let lastTree: AllocationTreeNode | null = null;

/**
 * The tree of what grew during the run (or the files' tree), for the view. The run's tree is
 * computed from the two profiles here, on the page (a lesson's profile is a few kB), and kept
 * until they change: views re-read the state many times a second.
 */
export function allocationView(state: PageState): AllocationView {
  const { allocation } = state;
  if (allocation.files) return filesView(allocation);
  const { first, latest } = allocation;
  if (allocation.unavailable && !latest) return { status: 'empty', text: allocation.unavailable };
  if (!first || !latest) {
    if (state.runtime.status === 'none' && state.runtime.kind === 'none') return { status: 'empty', text: 'No profile open yet: drop one .heapprofile to see where its live memory was allocated, or two to see what grew.' };
    const text = state.run.phase === 'running'
      ? 'Waiting for the probe\'s second allocation profile (one comes every 5 s; on for lessons, `leaklab watch --alloc-sites` for your own program): the view shows what grew between the first and the newest.'
      : 'Run the program: the probe samples its allocations, and this view shows the call paths whose live memory grew while it ran.';
    return { status: 'empty', text };
  }
  if (!lastInput || lastInput.first !== first || lastInput.latest !== latest || lastInput.isFolded !== allocation.isFolded) {
    lastTree = growthTree(heapProfileFromAlloc(first.profile), heapProfileFromAlloc(latest.profile), { allFrames: !allocation.isFolded });
    lastInput = { first, latest, isFolded: allocation.isFolded };
  }
  const seconds = (latest.profile.atMs - first.profile.atMs) / 1000;
  const requests = latest.requests - first.requests;
  return {
    status: 'ready',
    heading: `Growth of live memory by allocating stack, ${(first.profile.atMs / 1000).toFixed(0)} s → ${(latest.profile.atMs / 1000).toFixed(0)} s of the run${requests > 0 ? ` (${requests.toLocaleString('en')} requests)` : ''}`,
    isGrowth: true, tree: lastTree!, seconds, requests: requests > 0 ? requests : null,
    intervalBytes: latest.profile.intervalBytes, isFolded: allocation.isFolded, isRun: true,
  };
}

function filesView(allocation: AllocationSlice): AllocationView {
  const files = allocation.files!;
  const names = files.names.join(' → ');
  if (files.status === 'opening') return { status: 'empty', text: `Opening ${names}…` };
  if (files.status === 'failed' || !files.tree) return { status: 'empty', text: files.message ?? `${names} could not be read.` };
  const isGrowth = files.names.length === 2;
  return {
    status: 'ready',
    heading: isGrowth ? `What grew from ${files.names[0]} to ${files.names[1]}, by allocating stack` : `Live memory in ${files.names[0]}, by allocating stack`,
    isGrowth, tree: files.tree, seconds: null, requests: null, intervalBytes: files.intervalBytes, isFolded: allocation.isFolded, isRun: false,
  };
}
