import type { Graph } from './graph.ts';

/** Immediate dominators and retained sizes, one entry per node ordinal. */
export interface Dominators {
  /** The immediate dominator's ordinal; the root is its own dominator. */
  dominatorOf: Uint32Array;
  /** Self size plus the self sizes of every node this one dominates. */
  retainedSizes: Float64Array;
  /** How many nodes the root reaches over essential edges (the rest were attached as DevTools does). */
  reachableCount: number;
}

/**
 * Lengauer–Tarjan dominators over the essential edges (T. Lengauer and R. E. Tarjan, "A fast
 * algorithm for finding dominators in a flowgraph", TOPLAS 1979), the simple eval/link
 * variant, iterative throughout, on typed arrays.
 *
 * Unreachable nodes follow DevTools: a node with no essential retainer gets its own DFS hung
 * under the root; whatever is still unnumbered (cycles kept alive only by each other) is
 * numbered individually with the root as DFS parent. Vertices are numbered 1..n (0 = none),
 * vertex v = nodeOrdinal + 1.
 */
export function dominators(g: Graph, essential: Uint8Array, selfSizes: Float64Array): Dominators {
  const { edges, nodeCount, edgeFieldCount, edgeToNodeField, firstEdgeOffset, rootNodeOrdinal } = g;

  // Essential predecessors, grouped by target: firstPred[v] .. firstPred[v + 1] in predOrdinals.
  const firstPred = new Uint32Array(nodeCount + 2);
  for (let e = 0, edgeOrdinal = 0; e < edges.length; e += edgeFieldCount, edgeOrdinal++) {
    if (essential[edgeOrdinal]) firstPred[edges[e + edgeToNodeField] + 1]++;
  }
  for (let v = 1; v <= nodeCount + 1; v++) firstPred[v] += firstPred[v - 1];
  const predOrdinals = new Uint32Array(firstPred[nodeCount]);
  {
    const fill = firstPred.slice(0, nodeCount);
    let edgeOrdinal = 0;
    for (let nodeOrdinal = 0; nodeOrdinal < nodeCount; nodeOrdinal++) {
      const end = firstEdgeOffset[nodeOrdinal + 1];
      for (let e = firstEdgeOffset[nodeOrdinal]; e < end; e += edgeFieldCount, edgeOrdinal++) {
        if (essential[edgeOrdinal]) predOrdinals[fill[edges[e + edgeToNodeField]]++] = nodeOrdinal;
      }
    }
  }

  const size = nodeCount + 1;
  const parent = new Uint32Array(size);
  const ancestor = new Uint32Array(size);
  const vertex = new Uint32Array(size);
  const label = new Uint32Array(size);
  const semi = new Uint32Array(size);
  const dom = new Uint32Array(size);
  const bucketHead = new Uint32Array(size);
  const bucketNext = new Uint32Array(size);
  // Per vertex during DFS: the next edge ordinal to look at. Reused as the compress stack after.
  const work = new Uint32Array(size);
  let n = 0;

  const dfs = (start: number): void => {
    work[start] = firstEdgeOffset[start - 1] / edgeFieldCount;
    let v = start;
    while (v !== 0) {
      if (semi[v] === 0) { semi[v] = ++n; vertex[n] = v; label[v] = v; }
      let next = parent[v];
      const end = firstEdgeOffset[v] / edgeFieldCount;
      let edgeOrdinal = work[v];
      for (; edgeOrdinal < end; edgeOrdinal++) {
        if (essential[edgeOrdinal] === 0) continue;
        const w = edges[edgeOrdinal * edgeFieldCount + edgeToNodeField] + 1;
        if (semi[w] === 0) {
          parent[w] = v;
          work[w] = firstEdgeOffset[w - 1] / edgeFieldCount;
          next = w;
          break;
        }
      }
      work[v] = edgeOrdinal;
      v = next;
    }
  };

  const r = rootNodeOrdinal + 1;
  dfs(r);
  const reachableCount = n;
  if (n < nodeCount) {
    for (let v = 1; v <= nodeCount; v++) {
      if (semi[v] === 0 && firstPred[v - 1] === firstPred[v]) { parent[v] = r; dfs(v); }
    }
  }
  if (n < nodeCount) {
    for (let v = 1; v <= nodeCount; v++) {
      if (semi[v] === 0) { parent[v] = r; semi[v] = ++n; vertex[n] = v; label[v] = v; }
    }
  }

  const stack = work;
  const evaluate = (v: number): number => {
    if (ancestor[v] === 0) return v;
    // compress(v), iteratively: walk up to the forest root, then fix labels top-down.
    let top = 0;
    for (let x = v; ancestor[ancestor[x]] !== 0; x = ancestor[x]) stack[++top] = x;
    while (top > 0) {
      const w = stack[top--];
      const a = ancestor[w];
      if (semi[label[a]] < semi[label[w]]) label[w] = label[a];
      ancestor[w] = ancestor[a];
    }
    return label[v];
  };

  for (let i = n; i >= 2; i--) {
    const w = vertex[i];
    const predEnd = firstPred[w];
    const predStart = firstPred[w - 1];
    if (predStart === predEnd) {
      semi[w] = semi[r]; // an orphan's only predecessor is the root
    } else {
      for (let p = predStart; p < predEnd; p++) {
        const u = evaluate(predOrdinals[p] + 1);
        if (semi[u] < semi[w]) semi[w] = semi[u];
      }
    }
    const s = vertex[semi[w]];
    bucketNext[w] = bucketHead[s];
    bucketHead[s] = w;
    const p = parent[w];
    ancestor[w] = p; // link(parent[w], w)
    for (let v = bucketHead[p]; v !== 0; v = bucketNext[v]) {
      const u = evaluate(v);
      dom[v] = semi[u] < semi[v] ? u : p;
    }
    bucketHead[p] = 0;
  }
  // The root dominates itself; dom[0] = r sends any unset entry to the root, as DevTools does.
  dom[0] = r;
  dom[r] = r;
  for (let i = 2; i <= n; i++) {
    const w = vertex[i];
    if (dom[w] !== vertex[semi[w]]) dom[w] = dom[dom[w]];
  }

  const dominatorOf = new Uint32Array(nodeCount);
  const retainedSizes = new Float64Array(nodeCount);
  for (let nodeOrdinal = 0; nodeOrdinal < nodeCount; nodeOrdinal++) {
    dominatorOf[nodeOrdinal] = dom[nodeOrdinal + 1] - 1;
    retainedSizes[nodeOrdinal] = selfSizes[nodeOrdinal];
  }
  // Reverse DFS order visits every node before its dominator (a dominator is a DFS ancestor).
  for (let i = n; i > 1; i--) {
    const nodeOrdinal = vertex[i] - 1;
    retainedSizes[dominatorOf[nodeOrdinal]] += retainedSizes[nodeOrdinal];
  }
  return { dominatorOf, retainedSizes, reachableCount };
}
