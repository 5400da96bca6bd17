import type { AllocationTreeNode, ProfileSitesResult } from '../../protocol/allocation-results.ts';
import type { HeapProfile } from './heap-profile.ts';
import { buildCallTree, topDownTree, topSites } from './call-tree.ts';

export interface ProfileOptions {
  /** Call paths to list (default 20). */
  top?: number;
  /** Keep the frames of Node, natives and node_modules instead of folding them into their callers. */
  allFrames?: boolean;
}

/**
 * The call paths that hold the most live sampled bytes: V8's sampling heap profiler counts what
 * was allocated and is still alive, by the stack that allocated it.
 */
export function profileSites(profile: HeapProfile, options: ProfileOptions = {}): ProfileSitesResult {
  const tree = buildCallTree(profile.frames, profile.nodes, options.allFrames === undefined ? {} : { allFrames: options.allFrames });
  return {
    totalBytes: tree.totalBytes[0],
    totalSamples: tree.totalCount[0],
    ...(profile.sampleIntervalBytes !== undefined && { sampleIntervalBytes: profile.sampleIntervalBytes }),
    isFolded: tree.isFolded,
    sites: topSites(tree, options.top ?? 20),
  };
}

/** The profile top-down: the root, then each call path's callees, largest total first. */
export function profileTree(profile: HeapProfile, options: Pick<ProfileOptions, 'allFrames'> = {}): AllocationTreeNode {
  return topDownTree(buildCallTree(profile.frames, profile.nodes, options));
}
