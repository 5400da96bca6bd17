import type { HeapAnalysis } from './heap-analysis.ts';
import type { ClassAllocationsResult } from '../protocol/allocation-results.ts';
import { AnalyzerQueryError } from './errors.ts';
import { weightedTraceNodes } from './allocation-traces.ts';
import { buildCallTree, topSites } from './profile/call-tree.ts';

export interface ClassAllocationOptions {
  /** One byte per node ordinal: only these objects (a diff's new ones); all of the class by default. */
  include?: Uint8Array;
  /** Stacks to list (default 10). */
  top?: number;
  /** Keep the frames of Node, natives and node_modules instead of folding them into their callers. */
  allFrames?: boolean;
}

/**
 * Where a class's live objects were allocated, from a snapshot written with allocation tracking
 * on: per allocation stack, how many objects of the class it made that are still alive and
 * their self size, as DevTools' Allocation stack pane and its allocation-filtered Summary show
 * them (objects counted as the Summary counts them: those with a self size).
 */
export function classAllocationStacks(a: HeapAnalysis, className: string, options: ClassAllocationOptions = {}): ClassAllocationsResult {
  const classId = a.classes.names.indexOf(className);
  if (classId === -1) {
    throw new AnalyzerQueryError('unknown-class', `No class named "${className}" in this snapshot. Names are case-sensitive; \`leaklab summary\` lists them.`);
  }
  const { classOf } = a.classes;
  const { selfSizes } = a;
  const { include } = options;
  const picked = (n: number): boolean => classOf[n] === classId && selfSizes[n] !== 0 && (include === undefined || include[n] === 1);
  let count = 0, selfSize = 0;
  for (let n = 0; n < a.graph.nodeCount; n++) if (picked(n)) { count++; selfSize += selfSizes[n]; }
  const isFolded = options.allFrames !== true;
  const traces = a.allocationTraces;
  if (!traces) return { className, count, selfSize, hasTraces: false, untracedCount: count, isFolded, stacks: [] };
  const { nodes, untracedCount } = weightedTraceNodes(traces, selfSizes, picked);
  const tree = buildCallTree(traces.frames, nodes, { allFrames: !isFolded });
  const stacks = topSites(tree, options.top ?? 10).map((site) => ({ stack: site.stack, count: site.selfSamples, selfSize: site.selfBytes }));
  return { className, count, selfSize, hasTraces: true, untracedCount, isFolded, stacks };
}
