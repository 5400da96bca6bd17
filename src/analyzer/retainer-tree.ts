import type { Graph } from './graph.ts';

/** Shortest-path parents from the GC roots: one entry per node ordinal. */
export interface RetainerTree {
  /** Parent's ordinal; NO_PARENT for the root and for nodes no strong path reaches. */
  parentOf: Uint32Array;
  /** Edge offset of the edge from the parent. */
  parentEdge: Uint32Array;
  /** Hops from the root (0 = root; 0xffffffff = unreachable). */
  depth: Uint32Array;
}

export const NO_PARENT = 0xffffffff;

/**
 * Breadth-first search from the root over non-weak edges, user roots first (as DevTools'
 * distances: objects reachable from `global` get their path from there, not via internals).
 * Skips the edges DevTools skips for distances: a NativeContext's `sloppy_function_map` and the
 * descriptor links of `(map descriptors)` arrays.
 */
export function buildRetainerTree(g: Graph): RetainerTree {
  const { nodes, edges, nodeCount, nodeFieldCount, nodeTypeField, nodeNameField, edgeFieldCount, edgeTypeField, edgeNameField, edgeToNodeField, firstEdgeOffset, rootNodeOrdinal } = g;
  const { weak, element, hidden } = g.edgeTypes;
  const strings = g.snapshot.strings;
  const sloppyName = strings.indexOf('sloppy_function_map');
  const nativeContextName = strings.indexOf('system / NativeContext');
  const descriptorsName = strings.indexOf('(map descriptors)');
  const parentOf = new Uint32Array(nodeCount).fill(NO_PARENT);
  const parentEdge = new Uint32Array(nodeCount);
  const depth = new Uint32Array(nodeCount).fill(0xffffffff);
  const queue = new Uint32Array(nodeCount);
  let head = 0, tail = 0;

  const bfs = (): void => {
    while (head < tail) {
      const n = queue[head++];
      const nameIndex = nodes[n * nodeFieldCount + nodeNameField];
      const skipSloppy = nameIndex === nativeContextName && nodes[n * nodeFieldCount + nodeTypeField] === g.nodeTypes.hidden;
      const isDescriptors = nameIndex === descriptorsName && nodes[n * nodeFieldCount + nodeTypeField] === g.nodeTypes.array;
      const nextDepth = depth[n] + 1;
      for (let e = firstEdgeOffset[n], end = firstEdgeOffset[n + 1]; e < end; e += edgeFieldCount) {
        const type = edges[e + edgeTypeField];
        if (type === weak) continue;
        const to = edges[e + edgeToNodeField];
        if (depth[to] !== 0xffffffff) continue;
        if (skipSloppy && edges[e + edgeNameField] === sloppyName) continue;
        if (isDescriptors && (type === element || type === hidden)) {
          // A descriptor array holds 3 slots per descriptor after 2 header slots: skip each value link.
          const elementIndex = edges[e + edgeNameField];
          if (elementIndex >= 2 && elementIndex % 3 === 1) continue;
        }
        depth[to] = nextDepth;
        parentOf[to] = n;
        parentEdge[to] = e;
        queue[tail++] = to;
      }
    }
  };
  depth[rootNodeOrdinal] = 0;
  // User roots (non-synthetic children of the root, e.g. `global`) first.
  for (let e = firstEdgeOffset[rootNodeOrdinal]; e < firstEdgeOffset[rootNodeOrdinal + 1]; e += edgeFieldCount) {
    const to = edges[e + edgeToNodeField];
    if (nodes[to * nodeFieldCount + nodeTypeField] === g.nodeTypes.synthetic || depth[to] !== 0xffffffff) continue;
    depth[to] = 1; parentOf[to] = rootNodeOrdinal; parentEdge[to] = e; queue[tail++] = to;
  }
  bfs();
  queue[tail++] = rootNodeOrdinal;
  bfs();
  return { parentOf, parentEdge, depth };
}
