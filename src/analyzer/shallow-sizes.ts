import type { Graph } from './graph.ts';

const UNVISITED = 0xffffffff;
const MANY_OWNERS = 0xfffffffe;

/**
 * Self sizes as DevTools shows them (JSHeapSnapshot.calculateShallowSizes): when the snapshot
 * has user roots, an internal array or hidden (system) object reachable from exactly one
 * ordinary object hands its size to that owner, so `Array` shows its elements' backing store.
 * One entry per node ordinal: a Uint32Array (V8's self_size is 32-bit), or a Float64Array in
 * the unlikely case that an owner's folded size passes 4 GB.
 */
export function shallowSizes(g: Graph): Uint32Array | Float64Array {
  const { nodes, nodeCount, nodeFieldCount, nodeTypeField, nodeNameField, nodeSelfSizeField, rootNodeOrdinal } = g;
  const { hidden, array, native, synthetic } = g.nodeTypes;
  const selfSizes = new Uint32Array(nodeCount);
  let sizes: Uint32Array | Float64Array = selfSizes;
  for (let n = 0, offset = nodeSelfSizeField; n < nodeCount; n++, offset += nodeFieldCount) sizes[n] = nodes[offset];
  if (!hasUserRoots(g)) return sizes; // "expose internals" snapshots: show real allocations
  const strings = g.snapshot.strings;
  const externalStringData = strings.indexOf('system / ExternalStringData');
  // Internal nodes, one bit each. Their entries in `sizes` hold their owner state during the
  // walk (their self sizes are read back from `nodes` at the end): no second array of
  // nodeCount entries, 12 MB less at 3 M nodes. An ordinary node is its own owner.
  const internal = new Uint32Array((nodeCount >>> 5) + 1);
  for (let n = 0, offset = 0; n < nodeCount; n++, offset += nodeFieldCount) {
    const type = nodes[offset + nodeTypeField];
    if (type === hidden || type === array || (type === native && nodes[offset + nodeNameField] === externalStringData)) {
      internal[n >>> 5] |= 1 << (n & 31);
      sizes[n] = UNVISITED;
    }
  }
  // Spread each ordinary node's ownership through internal nodes. A node's state only moves
  // unvisited → one owner → many owners, and is pushed on each move, so the result does not
  // depend on the order (DevTools pushes every owner first; we walk them one at a time, which
  // needs a stack only as deep as one owner's internal subgraph).
  spreadOwnership(g, internal, selfSizes);
  // Owners are ordinary nodes, so each fold lands on an entry that already holds a size.
  for (let n = 0, offset = nodeSelfSizeField; n < nodeCount; n++, offset += nodeFieldCount) {
    if ((internal[n >>> 5] & (1 << (n & 31))) === 0) continue;
    const owner = sizes[n];
    sizes[n] = nodes[offset];
    if (owner === UNVISITED || owner === MANY_OWNERS) continue;
    if (owner === rootNodeOrdinal || nodes[owner * nodeFieldCount + nodeTypeField] === synthetic) continue;
    const folded = sizes[owner] + sizes[n];
    if (folded > 0xffffffff && sizes instanceof Uint32Array) sizes = Float64Array.from(sizes);
    sizes[owner] = folded;
    sizes[n] = 0;
  }
  return sizes;
}

/**
 * The ownership walk of shallowSizes: `sizes` holds each internal node's owner state. One flat
 * loop (an edge, else the next node from the worklist, else the next owner): with a loop per
 * owner and per node, V8 optimized the innermost loop alone and left that code (a deopt) at
 * nearly every node.
 */
function spreadOwnership(g: Graph, internal: Uint32Array, sizes: Uint32Array): void {
  const { edges, nodeCount, edgeFieldCount, edgeTypeField, edgeToNodeField, firstEdgeOffset } = g;
  const weak = g.edgeTypes.weak;
  let worklist = new Uint32Array(1 << 16);
  let top = 0;
  let start = -1;
  let owner = 0;
  let e = 0;
  let end = 0;
  for (;;) {
    if (e < end) {
      const target = edges[e + edgeToNodeField];
      const isWeak = edges[e + edgeTypeField] === weak;
      e += edgeFieldCount;
      if (isWeak || (internal[target >>> 5] & (1 << (target & 31))) === 0) continue; // an ordinary node owns itself
      const current = sizes[target];
      if (current === UNVISITED) sizes[target] = owner;
      else if (current !== owner && current !== MANY_OWNERS) sizes[target] = MANY_OWNERS;
      else continue;
      if (top === worklist.length) {
        const grown = new Uint32Array(worklist.length * 2);
        grown.set(worklist);
        worklist = grown;
      }
      worklist[top++] = target;
    } else if (top > 0) {
      const n = worklist[--top];
      owner = sizes[n];
      e = firstEdgeOffset[n];
      end = firstEdgeOffset[n + 1];
    } else {
      start++;
      if (start === nodeCount) break;
      if ((internal[start >>> 5] & (1 << (start & 31))) !== 0) continue;
      owner = start;
      e = firstEdgeOffset[start];
      end = firstEdgeOffset[start + 1];
    }
  }
}

/** Whether the root points at a non-synthetic node (a user global), as V8 does unless internals are exposed. */
export function hasUserRoots(g: Graph): boolean {
  const { edges, nodes, edgeFieldCount, edgeToNodeField, nodeFieldCount, nodeTypeField, firstEdgeOffset, rootNodeOrdinal } = g;
  for (let e = firstEdgeOffset[rootNodeOrdinal]; e < firstEdgeOffset[rootNodeOrdinal + 1]; e += edgeFieldCount) {
    if (nodes[edges[e + edgeToNodeField] * nodeFieldCount + nodeTypeField] !== g.nodeTypes.synthetic) return true;
  }
  return false;
}
