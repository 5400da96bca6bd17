import type { Graph } from './graph.ts';

/**
 * Marks the nodes reachable (over non-weak edges) from the root's shortcut edges, which V8 uses
 * to point at user globals (`global` in Node, `Window` in Chrome). DevTools calls these
 * page-owned: an edge from a non-page-owned node into them does not count as retaining.
 * One byte per node ordinal; 1 = page-owned.
 */
export function pageOwnedNodes(g: Graph): Uint8Array {
  const { nodeCount, edges, nodes, edgeFieldCount, edgeTypeField, edgeToNodeField, nodeFieldCount, firstEdgeOffset, rootNodeOrdinal } = g;
  const { shortcut, weak, element } = g.edgeTypes;
  const strings = g.snapshot.strings;
  const owned = new Uint8Array(nodeCount);
  const stack = new Uint32Array(nodeCount);
  let top = 0;
  for (let e = firstEdgeOffset[rootNodeOrdinal]; e < firstEdgeOffset[rootNodeOrdinal + 1]; e += edgeFieldCount) {
    const type = edges[e + edgeTypeField];
    const to = edges[e + edgeToNodeField];
    const isDomTreesRoot = type === element && nodes[to * nodeFieldCount + g.nodeTypeField] === g.nodeTypes.synthetic
      && strings.get(nodes[to * nodeFieldCount + g.nodeNameField]) === '(Document DOM trees)';
    if (type !== shortcut && !isDomTreesRoot) continue;
    if (owned[to]) continue;
    owned[to] = 1;
    stack[top++] = to;
  }
  while (top > 0) {
    const nodeOrdinal = stack[--top];
    const end = firstEdgeOffset[nodeOrdinal + 1];
    for (let e = firstEdgeOffset[nodeOrdinal]; e < end; e += edgeFieldCount) {
      const to = edges[e + edgeToNodeField];
      if (owned[to] || edges[e + edgeTypeField] === weak) continue;
      owned[to] = 1;
      stack[top++] = to;
    }
  }
  return owned;
}
