import { buildGraph, type Graph } from './graph.ts';
import { classNames, type ClassNames } from './class-names.ts';
import { shallowSizes } from './shallow-sizes.ts';
import { pageOwnedNodes } from './page-owned.ts';
import { essentialEdges } from './essential-edges.ts';
import { dominators } from './dominators.ts';
import { rememberDominatorTree } from './dominator-tree.ts';
import type { ParsedSnapshot } from './parse/snapshot-parser.ts';

export type AnalysisPhase = 'indexing' | 'naming' | 'dominators';

/** Everything computed once per snapshot; per-node data are typed arrays indexed by ordinal. */
export interface HeapAnalysis {
  graph: Graph;
  classes: ClassNames;
  /** Self sizes as DevTools shows them (owned arrays folded into their owner). */
  /** Uint32 unless an owner's folded size passes 4 GB (see shallowSizes). */
  selfSizes: Uint32Array | Float64Array;
  dominatorOf: Uint32Array;
  retainedSizes: Float64Array;
  /** Nodes the root reaches over retaining edges; the rest are unreachable (garbage or weakly held). */
  reachableCount: number;
}

/** Builds the graph, class names, DevTools' shallow sizes, dominators and retained sizes. */
export function analyzeSnapshot(snapshot: ParsedSnapshot, onPhase?: (phase: AnalysisPhase) => void): HeapAnalysis {
  onPhase?.('indexing');
  const graph = buildGraph(snapshot);
  // Dominators first: their working arrays are the peak of memory, so nothing else that
  // outlives them (class ids) is allocated yet.
  onPhase?.('dominators');
  const selfSizes = shallowSizes(graph);
  const essential = essentialEdges(graph, pageOwnedNodes(graph));
  const { dominatorOf, retainedSizes, reachableCount, tree } = dominators(graph, essential, selfSizes);
  onPhase?.('naming');
  const classes = classNames(graph);
  const analysis = { graph, classes, selfSizes, dominatorOf, retainedSizes, reachableCount };
  rememberDominatorTree(analysis, tree);
  return analysis;
}
