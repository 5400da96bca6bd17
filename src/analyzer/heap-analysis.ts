import { buildGraph, type Graph } from './graph.ts';
import { classNames, type ClassNames } from './class-names.ts';
import { shallowSizes } from './shallow-sizes.ts';
import { pageOwnedNodes } from './page-owned-nodes.ts';
import { essentialEdges } from './essential-edges.ts';
import { dominators } from './dominators.ts';
import { buildDominatorTree, type DominatorTree } from './dominator-tree.ts';
import { buildRetainerTree, type RetainerTree } from './retainer-tree.ts';
import { NodeLocations } from './node-locations.ts';
import { sortedNodeIds } from './sorted-keys.ts';
import { allocationTraces, type AllocationTraces } from './allocation-traces.ts';
import type { ParsedSnapshot } from './parse/snapshot-parser.ts';

export type AnalysisPhase = 'indexing' | 'naming' | 'dominators';

/** What analyzeSnapshot computes up front; per-node data are typed arrays indexed by ordinal. */
export interface HeapAnalysisParts {
  graph: Graph;
  classes: ClassNames;
  /**
   * Self sizes as DevTools shows them (owned arrays folded into their owner). Uint32 unless an
   * owner's folded size passes 4 GB (see shallowSizes).
   */
  selfSizes: Uint32Array | Float64Array;
  dominatorOf: Uint32Array;
  retainedSizes: Float64Array;
  /** Nodes the root reaches over retaining edges; the rest are unreachable (garbage or weakly held). */
  reachableCount: number;
}

/**
 * Everything known about one snapshot: what every query needs, computed once, and the indexes
 * some queries need, each built on first use and kept (as DevTools keeps its lazily built
 * indexes as named fields of the snapshot). Everything an open snapshot holds is in this type.
 */
export class HeapAnalysis implements HeapAnalysisParts {
  readonly graph: Graph;
  readonly classes: ClassNames;
  readonly selfSizes: Uint32Array | Float64Array;
  readonly dominatorOf: Uint32Array;
  readonly retainedSizes: Float64Array;
  readonly reachableCount: number;
  #dominatorTree: DominatorTree | undefined;
  #retainerTree: RetainerTree | undefined;
  #nodeLocations: NodeLocations | undefined;
  #sortedIds: Uint32Array | undefined;
  #allocationTraces: AllocationTraces | null | undefined;

  /** `dominatorTree`: when the caller built it already (analyzeSnapshot does, in buffers it had anyway). */
  constructor(parts: HeapAnalysisParts, dominatorTree?: DominatorTree) {
    this.graph = parts.graph;
    this.classes = parts.classes;
    this.selfSizes = parts.selfSizes;
    this.dominatorOf = parts.dominatorOf;
    this.retainedSizes = parts.retainedSizes;
    this.reachableCount = parts.reachableCount;
    this.#dominatorTree = dominatorTree;
  }

  /** The dominator tree as flat child lists (class retained sizes walk it). */
  get dominatorTree(): DominatorTree {
    return this.#dominatorTree ??= buildDominatorTree(this.dominatorOf, this.graph.rootNodeOrdinal);
  }

  /** Shortest strong paths from the GC roots (retainer paths). */
  get retainerTree(): RetainerTree {
    return this.#retainerTree ??= buildRetainerTree(this.graph);
  }

  /** Where closures' code starts (retainer paths name the line). */
  get nodeLocations(): NodeLocations {
    return this.#nodeLocations ??= new NodeLocations(this.graph);
  }

  /** Ids of the nodes with a non-zero self size, sorted (survivors match by id). */
  get sortedIds(): Uint32Array {
    return this.#sortedIds ??= sortedNodeIds(this.graph, this.selfSizes);
  }

  /** The allocation traces as a call tree (class allocation stacks); null when the snapshot has none. */
  get allocationTraces(): AllocationTraces | null {
    if (this.#allocationTraces === undefined) this.#allocationTraces = allocationTraces(this.graph) ?? null;
    return this.#allocationTraces;
  }
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
  return new HeapAnalysis({ graph, classes, selfSizes, dominatorOf, retainedSizes, reachableCount }, tree);
}
