import type { Graph } from './graph.ts';

const PART_OF_KEY = new TextEncoder().encode(' / part of key (');
const WEAK_MAP_EDGE = /^\d+(?: \/ part of key \(.*? @\d+\) -> value \(.*? @\d+\) pair in WeakMap \(table @(\d+)\))$/;

/**
 * One bit per edge ordinal (bit `e & 31` of word `e >>> 5`; an eighth of a byte array's
 * memory): set when the edge retains its target for dominator purposes, by
 * DevTools' rules (HeapSnapshot.computeIsEssentialEdge): not weak edges, not self edges, not
 * shortcut edges except from the root, not the WeakMap table → value edge (the key's edge is
 * kept), and not an edge from a non-page-owned node into a page-owned one.
 */
export function essentialEdges(g: Graph, pageOwned: Uint8Array): Uint32Array {
  const { nodes, edges, nodeCount, nodeFieldCount, nodeIdField, edgeFieldCount, edgeTypeField, edgeNameField, edgeToNodeField, firstEdgeOffset, rootNodeOrdinal } = g;
  const { weak, shortcut, internal } = g.edgeTypes;
  const strings = g.snapshot.strings;
  const essential = new Uint32Array((g.edgeCount >>> 5) + 1);
  // Per string index: 0 = not looked at, 1 = not a WeakMap edge name, 2 = one (table id in tableIds).
  const weakMapNameState = new Uint8Array(strings.count);
  const tableIds = new Map<number, number>();
  // One flat loop over the edges, moving to the next node at each node's end: with a loop per
  // node, V8 entered optimized code in the inner loop and left it (a deopt) at every node's end.
  const edgesEnd = firstEdgeOffset[nodeCount];
  let nodeOrdinal = -1;
  let nodeOffset = 0;
  let nodeEnd = 0;
  let isRoot = false;
  let fromOwned = 0;
  for (let e = 0, edgeOrdinal = 0; e < edgesEnd; e += edgeFieldCount, edgeOrdinal++) {
    while (e >= nodeEnd) { // skips nodes without edges
      nodeOrdinal++;
      nodeEnd = firstEdgeOffset[nodeOrdinal + 1];
      nodeOffset = nodeOrdinal * nodeFieldCount;
      isRoot = nodeOrdinal === rootNodeOrdinal;
      fromOwned = pageOwned[nodeOrdinal];
    }
    const type = edges[e + edgeTypeField];
    if (type === weak) continue;
    const toNodeOrdinal = edges[e + edgeToNodeField];
    if (toNodeOrdinal === nodeOrdinal) continue;
    if (!isRoot) {
      if (type === shortcut) continue;
      if (!fromOwned && pageOwned[toNodeOrdinal]) continue; // most edges start page-owned: skip the random read
    }
    if (type === internal) {
      const nameIndex = edges[e + edgeNameField];
      let state = weakMapNameState[nameIndex];
      if (state === 0) {
        // Most internal names are "<n> / <something>" (hundreds of thousands in a big heap):
        // test the raw bytes before decoding any string for the regex.
        let digits = 0;
        for (let c = strings.byteAt(nameIndex, 0); c >= 48 && c <= 57; c = strings.byteAt(nameIndex, ++digits));
        const match = digits > 0 && strings.hasBytesAt(nameIndex, digits, PART_OF_KEY) ? WEAK_MAP_EDGE.exec(strings.get(nameIndex)) : null;
        state = match ? 2 : 1;
        if (match) tableIds.set(nameIndex, Number(match[1]));
        weakMapNameState[nameIndex] = state;
      }
      if (state === 2 && tableIds.get(nameIndex) === nodes[nodeOffset + nodeIdField]) continue;
    }
    essential[edgeOrdinal >>> 5] |= 1 << (edgeOrdinal & 31);
  }
  return essential;
}
