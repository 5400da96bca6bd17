import type { Graph } from './graph.ts';

/**
 * Sorted numeric keys and the one binary search the queries share. Keys are node ids
 * (a Uint32Array sorted natively), or a node id and a class id packed into one double:
 * `id × 2^21 + classId`, exact while ids < 2^32 and class ids < 2^21 (2 M class names).
 */

/** Class ids that fit beside a 32-bit node id in a double's 53 bits of mantissa. */
export const CLASS_KEY_LIMIT = 2 ** 21;

/** The position of `key` in the ascending array, or -1 (binary search). */
export function indexOfSorted(sorted: Uint32Array | Float64Array, key: number): number {
  let lo = 0, hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid];
    if (v === key) return mid;
    if (v < key) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}

/** The packed key of a node id and a class id (see above). */
export function classKey(id: number, classId: number): number {
  return id * CLASS_KEY_LIMIT + classId;
}

/** The ids of the nodes with a non-zero self size (the objects DevTools compares), sorted. */
export function sortedNodeIds(g: Graph, selfSizes: Uint32Array | Float64Array): Uint32Array {
  const { nodes, nodeCount, nodeFieldCount, nodeIdField } = g;
  let count = 0;
  for (let n = 0; n < nodeCount; n++) if (selfSizes[n] !== 0) count++;
  const ids = new Uint32Array(count);
  for (let n = 0, k = 0; n < nodeCount; n++) if (selfSizes[n] !== 0) ids[k++] = nodes[n * nodeFieldCount + nodeIdField];
  return ids.sort();
}

/**
 * Sorted class keys of the nodes with a non-zero self size, `classIdOf` mapping each node's
 * class to a shared numbering (by name), so a diff can ask "was this id an instance of this
 * class before" as DevTools' per-class comparison does.
 */
export function sortedClassKeys(g: Graph, selfSizes: Uint32Array | Float64Array, classOf: Uint32Array, classIdOf: (localClassId: number) => number): Float64Array {
  const { nodes, nodeCount, nodeFieldCount, nodeIdField } = g;
  let count = 0;
  for (let n = 0; n < nodeCount; n++) if (selfSizes[n] !== 0) count++;
  const keys = new Float64Array(count);
  for (let n = 0, k = 0; n < nodeCount; n++) {
    if (selfSizes[n] !== 0) keys[k++] = classKey(nodes[n * nodeFieldCount + nodeIdField], classIdOf(classOf[n]));
  }
  return keys.sort();
}
