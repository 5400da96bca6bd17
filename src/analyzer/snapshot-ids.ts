import type { HeapAnalysis } from './heap-analysis.ts';

const sortedIdCache = new WeakMap<HeapAnalysis, Uint32Array>();

/** The snapshot's node ids (of nodes with a non-zero self size, as DevTools compares), sorted; built once. */
export function sortedIds(a: HeapAnalysis): Uint32Array {
  const cached = sortedIdCache.get(a);
  if (cached) return cached;
  const { nodes, nodeCount, nodeFieldCount, nodeIdField } = a.graph;
  let count = 0;
  for (let n = 0; n < nodeCount; n++) if (a.selfSizes[n] !== 0) count++;
  const ids = new Uint32Array(count);
  for (let n = 0, k = 0; n < nodeCount; n++) if (a.selfSizes[n] !== 0) ids[k++] = nodes[n * nodeFieldCount + nodeIdField];
  ids.sort();
  sortedIdCache.set(a, ids);
  return ids;
}

/** Whether `id` is in the sorted array (binary search). */
export function hasId(sorted: Uint32Array, id: number): boolean {
  let lo = 0, hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid];
    if (v === id) return true;
    if (v < id) lo = mid + 1; else hi = mid - 1;
  }
  return false;
}

const CLASS_BITS = 2 ** 21;

/**
 * Sorted keys `id × 2^21 + classId` (classId in `classSpace`'s numbering, by name), so a diff can
 * ask "was this id an instance of this class before" as DevTools' per-class comparison does.
 * Exact while ids < 2^32 and classes < 2^21 (2 M class names).
 */
export function sortedClassKeys(a: HeapAnalysis, classIdOf: (localClassId: number) => number): Float64Array {
  const { nodes, nodeCount, nodeFieldCount, nodeIdField } = a.graph;
  const { classOf } = a.classes;
  let count = 0;
  for (let n = 0; n < nodeCount; n++) if (a.selfSizes[n] !== 0) count++;
  const keys = new Float64Array(count);
  for (let n = 0, k = 0; n < nodeCount; n++) {
    if (a.selfSizes[n] !== 0) keys[k++] = nodes[n * nodeFieldCount + nodeIdField] * CLASS_BITS + classIdOf(classOf[n]);
  }
  keys.sort();
  return keys;
}

/** The key `sortedClassKeys` uses for a node id and class. */
export function classKey(id: number, classId: number): number {
  return id * CLASS_BITS + classId;
}

/** Whether `key` is in the sorted keys (binary search). */
export function hasKey(sorted: Float64Array, key: number): boolean {
  let lo = 0, hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid];
    if (v === key) return true;
    if (v < key) lo = mid + 1; else hi = mid - 1;
  }
  return false;
}
