import type { Graph } from './graph.ts';

const ATTACHED = 1;
const DETACHED = 2;

/**
 * Which nodes DevTools calls detached DOM (HeapSnapshot.propagateDOMState), one bit per node
 * ordinal: the embedder marks some native nodes attached or detached; a native node reached
 * from an attached one is attached, and one reached only from detached ones is detached. The
 * states spread over every edge but hidden and weak ones, through native nodes only (JavaScript
 * objects stop it: each entry into embedder code is a node that knows its own state). DevTools
 * then names those nodes `Detached <li>` and so on. Undefined when the snapshot has no states
 * (every Node.js snapshot).
 */
export function detachedDomNodes(g: Graph): Uint32Array | undefined {
  const states = g.snapshot.detachedness;
  if (!states) return undefined;
  const { nodes, edges, nodeCount, nodeFieldCount, nodeTypeField, edgeFieldCount, edgeTypeField, edgeToNodeField, firstEdgeOffset } = g;
  const native = g.nodeTypes.native;
  const { hidden, weak } = g.edgeTypes;
  const state = new Uint8Array(nodeCount);
  const visited = new Uint8Array(nodeCount);
  const attached: number[] = [];
  const detached: number[] = [];
  const visit = (ordinal: number, newState: number): void => {
    if (visited[ordinal]) return;
    visited[ordinal] = 1;
    if (nodes[ordinal * nodeFieldCount + nodeTypeField] !== native) return;
    state[ordinal] = newState;
    if (newState === ATTACHED) attached.push(ordinal);
    else if (newState === DETACHED) detached.push(ordinal);
  };
  const spread = (from: number, newState: number): void => {
    for (let e = firstEdgeOffset[from], end = firstEdgeOffset[from + 1]; e < end; e += edgeFieldCount) {
      const type = edges[e + edgeTypeField];
      if (type !== hidden && type !== weak) visit(edges[e + edgeToNodeField], newState);
    }
  };
  // Nodes with a state of their own first, in ordinal order, as DevTools does: they keep it.
  for (let ordinal = 0; ordinal < nodeCount; ordinal++) if (states[ordinal] !== 0) visit(ordinal, states[ordinal]);
  while (attached.length > 0) spread(attached.pop()!, ATTACHED);
  while (detached.length > 0) {
    const ordinal = detached.pop()!;
    if (state[ordinal] !== ATTACHED) spread(ordinal, DETACHED);
  }
  const bits = new Uint32Array((nodeCount >>> 5) + 1);
  for (let ordinal = 0; ordinal < nodeCount; ordinal++) if (state[ordinal] === DETACHED) bits[ordinal >>> 5] |= 1 << (ordinal & 31);
  return bits;
}
