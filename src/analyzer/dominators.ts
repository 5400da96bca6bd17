import type { Graph } from './graph.ts';
import { buildDominatorTree, type DominatorTree } from './dominator-tree.ts';

/** Immediate dominators and retained sizes, one entry per node ordinal. */
export interface Dominators {
  /** The immediate dominator's ordinal; the root is its own dominator. */
  dominatorOf: Uint32Array;
  /** Self size plus the self sizes of every node this one dominates. */
  retainedSizes: Float64Array;
  /** How many nodes the root reaches over essential edges (the rest were attached as DevTools does). */
  reachableCount: number;
  /** The dominator tree's child lists, built in working buffers that are free by then. */
  tree: DominatorTree;
}

/**
 * Dominators by the semi-NCA algorithm (L. Georgiadis, "Linear-Time Algorithms for Dominators
 * and Related Problems", PhD thesis, Princeton 2005; also Georgiadis, Tarjan and Werneck,
 * "Finding dominators in practice", JGAA 2006): semidominators exactly as in Lengauer–Tarjan
 * (T. Lengauer and R. E. Tarjan, TOPLAS 1979; simple eval/link, iterative), then each
 * immediate dominator as the nearest common ancestor of its parent and semidominator. It
 * needs no buckets, so fewer arrays than DevTools' Lengauer–Tarjan, with the same results.
 *
 * Unreachable nodes follow DevTools: a node with no essential retainer gets its own DFS hung
 * under the root; whatever is still unnumbered (cycles kept alive only by each other) is
 * numbered individually with the root as DFS parent, and so gets the root as dominator (which
 * is what DevTools' bucket step leaves them with as well).
 *
 * After the DFS every working array is indexed by DFS number (1..n; 0 = none), not by node,
 * so the predecessor lists are read in order, and arrays of the earlier steps are reused for
 * the later ones and for the ordinal-indexed results.
 */
export function dominators(g: Graph, essential: Uint32Array, selfSizes: Uint32Array | Float64Array): Dominators {
  const { edges, nodeCount, edgeFieldCount, edgeToNodeField, firstEdgeOffset, rootNodeOrdinal } = g;
  const size = nodeCount + 1;
  // Each step below is a function of its own, called once with typed arrays: V8 optimizes each
  // hot loop on its own (on-stack replacement) and keeps it optimized to the end. As one
  // function, every loop after the first met code without type feedback, deoptimized the whole
  // function and recompiled it: seven times, about 120 ms on a 40 MB snapshot.

  // Until the semidominator step, label holds vertexOf. Semidominators need no array of their
  // own: semi(w) goes into firstPred[w + 1] once w's predecessors are read (see below).
  const label = new Uint32Array(size);
  // DFS numbering. numOf: node ordinal → DFS number; vertexOf: the inverse.
  const numOf = new Uint32Array(size);
  const vertexOf = label;
  const parent = new Uint32Array(size);
  // Per DFS number during the DFS: the next edge ordinal to look at. Becomes `ancestor` afterwards.
  const cursor = new Uint32Array(size);
  const visited = new Uint32Array((nodeCount >>> 5) + 1);
  // Essential predecessors by DFS number, firstPred[v] .. firstPred[v + 1] in preds, leaving out
  // edges from the DFS parent: the parent's part in the semidominator is known without them, and
  // a mostly tree-shaped heap then stores far fewer. Counted during the DFS (firstPred[v + 1]),
  // which looks at every essential edge of the nodes it reaches exactly once.
  const firstPred = new Uint32Array(size + 1);
  const dfs: DfsArrays = { edges, edgeFieldCount, edgeToNodeField, firstEdgeOffset, essential, numOf, vertexOf, parent, cursor, visited, firstPred };

  let n = depthFirstNumbering(dfs, rootNodeOrdinal, 0, 0);
  const reachableCount = n;
  const r = 1; // the root's DFS number
  if (n < nodeCount) n = numberOrphans(dfs, nodeCount, r, n);
  // Vertices after `numberedByDfs` were not reached by any DFS (cycles retained only by each
  // other): each is numbered alone under the root, and its edges were not counted yet.
  const numberedByDfs = n;
  if (n < nodeCount) n = numberUnreached(dfs, nodeCount, r, n);

  prefixSums(firstPred, size);
  // The predecessors' buffer becomes the Float64 retained sizes at the end, when they are read:
  // at least 8 bytes per node, its pages past the predecessors untouched (so not resident) until
  // then, so the retained sizes take no memory beside the dominator pass's peak.
  const predsBuffer = new ArrayBuffer(Math.max(4 * firstPred[size], 8 * nodeCount));
  const preds = new Uint32Array(predsBuffer, 0, firstPred[size]);
  // The DFS is done: its cursors become the fill positions.
  cursor.set(firstPred.subarray(0, size));
  fillPredecessors(dfs, nodeCount, preds, cursor);

  // label holds semidominator numbers (not vertices): the eval of the paper then returns the
  // minimum semi itself.
  for (let v = 1; v <= n; v++) label[v] = v;
  const ancestor = cursor;
  ancestor.fill(0);
  semidominators(n, numberedByDfs, parent, firstPred, preds, label, ancestor);

  const dom = parent; // each entry starts as the parent and is read only for smaller numbers
  immediateDominators(n, r, dom, firstPred);

  // Back to node ordinals: vertexOf again as ordinalOf (in ancestor's buffer, free now), then
  // dominatorOf in place of numOf.
  const ordinalOf = ancestor;
  const dominatorOf = numOf.subarray(0, nodeCount);
  toOrdinals(nodeCount, numOf, ordinalOf, dom);
  const retainedSizes = new Float64Array(predsBuffer, 0, nodeCount);
  retainedSizes.set(selfSizes);
  accumulateRetainedSizes(n, dominatorOf, ordinalOf, retainedSizes);
  firstPred.fill(0);
  const tree = buildDominatorTree(dominatorOf, rootNodeOrdinal, firstPred.subarray(0, nodeCount + 1), ordinalOf);
  return { dominatorOf, retainedSizes, reachableCount, tree };
}

/** What the numbering steps share: the graph's edges and the DFS's working arrays. */
interface DfsArrays {
  edges: Uint32Array; edgeFieldCount: number; edgeToNodeField: number; firstEdgeOffset: Uint32Array; essential: Uint32Array;
  numOf: Uint32Array; vertexOf: Uint32Array; parent: Uint32Array; cursor: Uint32Array; visited: Uint32Array; firstPred: Uint32Array;
}

/**
 * Numbers the nodes reached from `startOrdinal` over essential edges, iteratively, after `n`
 * numbers already given; counts each reached node's non-parent predecessors into
 * firstPred[number + 1]. Returns the last number given.
 */
function depthFirstNumbering(a: DfsArrays, startOrdinal: number, startParent: number, numbered: number): number {
  const { edges, edgeFieldCount, edgeToNodeField, firstEdgeOffset, essential, numOf, vertexOf, parent, cursor, visited, firstPred } = a;
  let n = numbered;
  visited[startOrdinal >>> 5] |= 1 << (startOrdinal & 31);
  let v = ++n;
  numOf[startOrdinal] = v; vertexOf[v] = startOrdinal; parent[v] = startParent;
  cursor[v] = firstEdgeOffset[startOrdinal] / edgeFieldCount;
  while (v !== startParent) {
    const ordinal = vertexOf[v];
    const end = firstEdgeOffset[ordinal + 1] / edgeFieldCount;
    let edgeOrdinal = cursor[v];
    let next = parent[v];
    for (; edgeOrdinal < end; edgeOrdinal++) {
      if ((essential[edgeOrdinal >>> 5] & (1 << (edgeOrdinal & 31))) === 0) continue;
      const w = edges[edgeOrdinal * edgeFieldCount + edgeToNodeField];
      const bit = 1 << (w & 31);
      if ((visited[w >>> 5] & bit) !== 0) {
        const numberOfW = numOf[w];
        if (parent[numberOfW] !== v) firstPred[numberOfW + 1]++;
        continue;
      }
      visited[w >>> 5] |= bit;
      const number = ++n;
      numOf[w] = number; vertexOf[number] = w; parent[number] = v;
      cursor[number] = firstEdgeOffset[w] / edgeFieldCount;
      next = number;
      edgeOrdinal++;
      break;
    }
    cursor[v] = edgeOrdinal;
    v = next;
  }
  return n;
}

/**
 * Orphans: no essential retainer at all. DevTools runs a DFS from each, in ordinal order, hung
 * under the root. Only unreached nodes can retain an unreached node, so only their edges are
 * looked at; the few unreached nodes are found a 32-node word of the visited bitset at a time.
 */
function numberOrphans(a: DfsArrays, nodeCount: number, r: number, numbered: number): number {
  const { edges, edgeFieldCount, edgeToNodeField, firstEdgeOffset, essential, visited } = a;
  let n = numbered;
  const retained = new Uint32Array(visited.length);
  for (let ordinal = nextUnvisited(visited, 0, nodeCount); ordinal < nodeCount; ordinal = nextUnvisited(visited, ordinal + 1, nodeCount)) {
    for (let e = firstEdgeOffset[ordinal] + edgeToNodeField, end = firstEdgeOffset[ordinal + 1]; e < end; e += edgeFieldCount) {
      const edgeOrdinal = (e - edgeToNodeField) / edgeFieldCount;
      if ((essential[edgeOrdinal >>> 5] & (1 << (edgeOrdinal & 31))) !== 0) retained[edges[e] >>> 5] |= 1 << (edges[e] & 31);
    }
  }
  for (let ordinal = nextUnvisited(visited, 0, nodeCount); ordinal < nodeCount; ordinal = nextUnvisited(visited, ordinal + 1, nodeCount)) {
    if ((retained[ordinal >>> 5] & (1 << (ordinal & 31))) === 0) n = depthFirstNumbering(a, ordinal, r, n);
  }
  return n;
}

/** Numbers each node no DFS reached alone under the root, and counts its predecessors. */
function numberUnreached(a: DfsArrays, nodeCount: number, r: number, numbered: number): number {
  const { edges, edgeFieldCount, edgeToNodeField, firstEdgeOffset, essential, numOf, vertexOf, parent, visited, firstPred } = a;
  let n = numbered;
  for (let ordinal = nextUnvisited(visited, 0, nodeCount); ordinal < nodeCount; ordinal = nextUnvisited(visited, ordinal + 1, nodeCount)) {
    const number = ++n;
    numOf[ordinal] = number; vertexOf[number] = ordinal; parent[number] = r;
  }
  for (let number = numbered + 1; number <= n; number++) {
    const ordinal = vertexOf[number];
    for (let e = firstEdgeOffset[ordinal] + edgeToNodeField, end = firstEdgeOffset[ordinal + 1]; e < end; e += edgeFieldCount) {
      const edgeOrdinal = (e - edgeToNodeField) / edgeFieldCount;
      if ((essential[edgeOrdinal >>> 5] & (1 << (edgeOrdinal & 31))) === 0) continue;
      const numberOfW = numOf[edges[e]];
      if (parent[numberOfW] !== number) firstPred[numberOfW + 1]++;
    }
  }
  return n;
}

function prefixSums(values: Uint32Array, size: number): void {
  for (let v = 1; v <= size; v++) values[v] += values[v - 1];
}

/**
 * Writes each vertex's non-parent essential predecessors (DFS numbers) at fill[vertex]++. One
 * flat loop over the edges, moving to the next node at each node's end (see essentialEdges).
 */
function fillPredecessors(a: DfsArrays, nodeCount: number, preds: Uint32Array, fill: Uint32Array): void {
  const { edges, edgeFieldCount, edgeToNodeField, firstEdgeOffset, essential, numOf, parent } = a;
  const edgesEnd = firstEdgeOffset[nodeCount];
  let ordinal = -1;
  let nodeEnd = 0;
  let from = 0;
  for (let e = 0, edgeOrdinal = 0; e < edgesEnd; e += edgeFieldCount, edgeOrdinal++) {
    while (e >= nodeEnd) { // skips nodes without edges
      ordinal++;
      nodeEnd = firstEdgeOffset[ordinal + 1];
      from = numOf[ordinal];
    }
    if ((essential[edgeOrdinal >>> 5] & (1 << (edgeOrdinal & 31))) === 0) continue;
    const numberOfW = numOf[edges[e + edgeToNodeField]];
    if (parent[numberOfW] !== from) preds[fill[numberOfW]++] = from;
  }
}

/**
 * Semidominators, in decreasing DFS number, into firstPred[w + 1] (w's end, read by then).
 * `label` starts as the identity, `ancestor` as zeros (the link/eval forest).
 */
function semidominators(n: number, numberedByDfs: number, parent: Uint32Array, firstPred: Uint32Array, preds: Uint32Array, label: Uint32Array, ancestor: Uint32Array): void {
  let stack: Uint32Array = new Uint32Array(1 << 12); // compress paths are short once compressed; grows if not
  for (let w = n; w >= 2; w--) {
    const predEnd = firstPred[w + 1];
    // The DFS parent is a predecessor (for an orphan, the root stands in as one), not yet
    // processed, so its eval is itself. Lone vertices under the root have no such edge.
    let s = w <= numberedByDfs ? parent[w] : w;
    for (let p = firstPred[w]; p < predEnd; p++) {
      const v = preds[p];
      // eval(v): v itself while unprocessed (label = v); else the least label on its forest path.
      if (ancestor[v] !== 0) {
        // compress(v), iteratively: walk up to below the forest root, then fix labels top-down.
        let top = 0;
        for (let x = v; ancestor[ancestor[x]] !== 0; x = ancestor[x]) {
          if (top + 1 === stack.length) stack = grow(stack);
          stack[++top] = x;
        }
        while (top > 0) {
          const x = stack[top--];
          const a = ancestor[x];
          if (label[a] < label[x]) label[x] = label[a];
          ancestor[x] = ancestor[a];
        }
      }
      if (label[v] < s) s = label[v];
    }
    // firstPred[w + 1] was w's end and w + 1's start; both are read by now (decreasing w).
    firstPred[w + 1] = s; // semi(w)
    label[w] = s;
    ancestor[w] = parent[w]; // link(parent[w], w)
  }
}

/** Immediate dominators, in place of the parents: the nearest ancestor of the parent at or above semi(w). */
function immediateDominators(n: number, r: number, dom: Uint32Array, firstPred: Uint32Array): void {
  dom[r] = r;
  for (let w = 2; w <= n; w++) {
    let d = dom[w];
    const s = firstPred[w + 1]; // semi(w)
    while (d > s) d = dom[d];
    dom[w] = d;
  }
}

/** ordinalOf from numOf, then numOf overwritten with each node's dominator ordinal. */
function toOrdinals(nodeCount: number, numOf: Uint32Array, ordinalOf: Uint32Array, dom: Uint32Array): void {
  for (let ordinal = 0; ordinal < nodeCount; ordinal++) ordinalOf[numOf[ordinal]] = ordinal;
  for (let ordinal = 0; ordinal < nodeCount; ordinal++) numOf[ordinal] = ordinalOf[dom[numOf[ordinal]]];
}

/** Decreasing DFS number visits every node before its dominator (a dominator is a DFS ancestor). */
function accumulateRetainedSizes(n: number, dominatorOf: Uint32Array, ordinalOf: Uint32Array, retainedSizes: Float64Array): void {
  for (let w = n; w > 1; w--) {
    retainedSizes[dominatorOf[ordinalOf[w]]] += retainedSizes[ordinalOf[w]];
  }
}

function grow(stack: Uint32Array): Uint32Array {
  const grown = new Uint32Array(stack.length * 2);
  grown.set(stack);
  return grown;
}

/** The first ordinal at or after `from` whose visited bit is clear, or `nodeCount`; skips full words. */
function nextUnvisited(visited: Uint32Array, from: number, nodeCount: number): number {
  let ordinal = from;
  while (ordinal < nodeCount) {
    const word = visited[ordinal >>> 5];
    if (word === 0xffffffff) { ordinal = ((ordinal >>> 5) + 1) * 32; continue; }
    if ((word & (1 << (ordinal & 31))) === 0) return ordinal;
    ordinal++;
  }
  return nodeCount;
}
