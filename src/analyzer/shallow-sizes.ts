import type { Graph } from './graph.ts';

const UNVISITED = 0xffffffff;
const MANY_OWNERS = 0xfffffffe;

/**
 * Self sizes as DevTools shows them (JSHeapSnapshot.calculateShallowSizes): when the snapshot
 * has user roots, an internal array or hidden (system) object reachable from exactly one
 * ordinary object hands its size to that owner, so `Array` shows its elements' backing store.
 * One entry per node ordinal.
 */
export function shallowSizes(g: Graph): Float64Array {
  const { nodes, edges, nodeCount, nodeFieldCount, nodeTypeField, nodeNameField, nodeSelfSizeField, edgeFieldCount, edgeTypeField, edgeToNodeField, firstEdgeOffset, rootNodeOrdinal } = g;
  const { hidden, array, native, synthetic } = g.nodeTypes;
  const sizes = new Float64Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) sizes[n] = nodes[n * nodeFieldCount + nodeSelfSizeField];
  if (!hasUserRoots(g)) return sizes; // "expose internals" snapshots: show real allocations
  const strings = g.snapshot.strings;
  const externalStringData = strings.indexOf('system / ExternalStringData');
  const weak = g.edgeTypes.weak;
  const owners = new Uint32Array(nodeCount);
  // Each node enters the worklist at most twice (unvisited → one owner → many owners).
  const worklist = new Uint32Array(nodeCount * 2);
  let top = 0;
  for (let n = 0; n < nodeCount; n++) {
    const type = nodes[n * nodeFieldCount + nodeTypeField];
    if (type === hidden || type === array || (type === native && nodes[n * nodeFieldCount + nodeNameField] === externalStringData)) {
      owners[n] = UNVISITED;
    } else {
      owners[n] = n;
      worklist[top++] = n;
    }
  }
  while (top > 0) {
    const n = worklist[--top];
    const owner = owners[n];
    const end = firstEdgeOffset[n + 1];
    for (let e = firstEdgeOffset[n]; e < end; e += edgeFieldCount) {
      if (edges[e + edgeTypeField] === weak) continue;
      const target = edges[e + edgeToNodeField];
      const current = owners[target];
      if (current === UNVISITED) { owners[target] = owner; worklist[top++] = target; }
      else if (current !== target && current !== owner && current !== MANY_OWNERS) { owners[target] = MANY_OWNERS; worklist[top++] = target; }
    }
  }
  for (let n = 0; n < nodeCount; n++) {
    const owner = owners[n];
    if (owner === UNVISITED || owner === MANY_OWNERS || owner === n) continue;
    if (owner === rootNodeOrdinal || nodes[owner * nodeFieldCount + nodeTypeField] === synthetic) continue;
    sizes[owner] += sizes[n];
    sizes[n] = 0;
  }
  return sizes;
}

/** Whether the root points at a non-synthetic node (a user global), as V8 does unless internals are exposed. */
export function hasUserRoots(g: Graph): boolean {
  const { edges, nodes, edgeFieldCount, edgeToNodeField, nodeFieldCount, nodeTypeField, firstEdgeOffset, rootNodeOrdinal } = g;
  for (let e = firstEdgeOffset[rootNodeOrdinal]; e < firstEdgeOffset[rootNodeOrdinal + 1]; e += edgeFieldCount) {
    if (nodes[edges[e + edgeToNodeField] * nodeFieldCount + nodeTypeField] !== g.nodeTypes.synthetic) return true;
  }
  return false;
}
