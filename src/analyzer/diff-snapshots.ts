import type { HeapAnalysis } from './heap-analysis.ts';
import type { ClassDiff, DiffResult } from './query-results.ts';
import { CLASS_KEY_LIMIT, classKey, indexOfSorted, sortedClassKeys } from './sorted-keys.ts';
import { AnalyzerQueryError } from './errors.ts';
import { classRetainedSizes } from './class-retained-sizes.ts';
import { growingCollections } from './growing-collections.ts';
import { classIdsByName } from './class-ids-by-name.ts';

export interface DiffOptions {
  /** Keep the N classes with the largest retained size of added objects; all when omitted. */
  top?: number;
  /** Growing collections to list (default 10). */
  topCollections?: number;
}

/** Below this share of matching (id, class) pairs the snapshots are taken to come from different processes. */
export const MIN_ID_OVERLAP = 0.2;

/**
 * DevTools' Comparison view: objects matched by node id. Per class: how many objects are new in
 * `after` (added) or gone since `before` (removed), the count and size deltas, and the retained
 * size of the added objects, which ranks the classes. Snapshots from different processes share
 * no ids; then the result compares class counts only and says so in `note`.
 */
export function diffSnapshots(before: HeapAnalysis, after: HeapAnalysis, options: DiffOptions = {}): DiffResult {
  const space = classIdsByName([before, after]);
  const [mapBefore, mapAfter] = space.maps;
  if (space.names.length >= CLASS_KEY_LIMIT) {
    throw new AnalyzerQueryError('bad-argument', `The two snapshots name ${space.names.length} classes between them; the comparison handles up to ${CLASS_KEY_LIMIT - 1}.`);
  }
  const keysBefore = sortedClassKeys(before.graph, before.selfSizes, before.classes.classOf, (c) => mapBefore[c]);
  const keysAfter = sortedClassKeys(after.graph, after.selfSizes, after.classes.classOf, (c) => mapAfter[c]);
  const classCount = space.names.length;
  const added = new Float64Array(classCount), removed = new Float64Array(classCount);
  const addedSize = new Float64Array(classCount), removedSize = new Float64Array(classCount);
  const countBefore = new Float64Array(classCount), countAfter = new Float64Array(classCount);
  const selfBefore = new Float64Array(classCount), selfAfter = new Float64Array(classCount);

  const addedMask = new Uint8Array(after.graph.nodeCount);
  let matched = 0;
  scan(after, mapAfter, (n, c, id, size) => {
    countAfter[c]++; selfAfter[c] += size;
    if (indexOfSorted(keysBefore, classKey(id, c)) !== -1) { matched++; return; }
    added[c]++; addedSize[c] += size; addedMask[n] = 1;
  });
  scan(before, mapBefore, (_n, c, id, size) => {
    countBefore[c]++; selfBefore[c] += size;
    if (indexOfSorted(keysAfter, classKey(id, c)) === -1) { removed[c]++; removedSize[c] += size; }
  });
  const idOverlap = matched / Math.max(1, Math.min(keysBefore.length, keysAfter.length));
  const byId = idOverlap >= MIN_ID_OVERLAP;

  const classes: ClassDiff[] = [];
  if (byId) {
    const addedRetainedLocal = classRetainedSizes(after, addedMask);
    const addedRetained = new Float64Array(classCount);
    addedRetainedLocal.forEach((size, local) => { addedRetained[mapAfter[local]] += size; });
    for (let c = 0; c < classCount; c++) {
      if (added[c] === 0 && removed[c] === 0) continue;
      classes.push({
        name: space.names[c], added: added[c], removed: removed[c], countDelta: added[c] - removed[c],
        sizeDelta: addedSize[c] - removedSize[c], addedRetainedSize: addedRetained[c],
      });
    }
  } else {
    const retainedAfterLocal = classRetainedSizes(after);
    const retainedBeforeLocal = classRetainedSizes(before);
    const retainedDelta = new Float64Array(classCount);
    retainedAfterLocal.forEach((size, local) => { retainedDelta[mapAfter[local]] += size; });
    retainedBeforeLocal.forEach((size, local) => { retainedDelta[mapBefore[local]] -= size; });
    for (let c = 0; c < classCount; c++) {
      const delta = countAfter[c] - countBefore[c];
      if (delta === 0 && selfAfter[c] === selfBefore[c]) continue;
      classes.push({
        name: space.names[c], added: Math.max(0, delta), removed: Math.max(0, -delta), countDelta: delta,
        sizeDelta: selfAfter[c] - selfBefore[c], addedRetainedSize: Math.max(0, retainedDelta[c]),
      });
    }
  }
  classes.sort((x, y) => y.addedRetainedSize - x.addedRetainedSize || y.sizeDelta - x.sizeDelta || y.countDelta - x.countDelta || (x.name < y.name ? -1 : 1));
  const result: DiffResult = {
    classes: options.top === undefined ? classes : classes.slice(0, options.top),
    collections: byId ? growingCollections([before, after], { top: options.topCollections ?? 10 }) : [],
    matching: byId ? 'by-id' : 'by-class-count',
    idOverlap,
  };
  if (!byId) {
    result.note = `Only ${(idOverlap * 100).toFixed(1)}% of objects match by id: the snapshots look like they come from different processes, so classes are compared by count only (added/removed are net counts).`;
  }
  return result;
}

/** Calls `visit` for each node with a non-zero self size, with its class in the shared numbering. */
function scan(a: HeapAnalysis, toShared: Uint32Array, visit: (nodeOrdinal: number, sharedClassId: number, id: number, selfSize: number) => void): void {
  const { nodes, nodeCount, nodeFieldCount, nodeIdField } = a.graph;
  const { classOf } = a.classes;
  for (let n = 0; n < nodeCount; n++) {
    const size = a.selfSizes[n];
    if (size === 0) continue;
    visit(n, toShared[classOf[n]], nodes[n * nodeFieldCount + nodeIdField], size);
  }
}

/**
 * The objects of `after` that are new since `before` (DevTools' "# New": no object of the same
 * id and class before), one byte per node ordinal of `after`. The snapshots must come from one
 * process, or ids mean nothing.
 */
export function newObjects(before: HeapAnalysis, after: HeapAnalysis): Uint8Array {
  const space = classIdsByName([before, after]);
  const [mapBefore, mapAfter] = space.maps;
  if (space.names.length >= CLASS_KEY_LIMIT) {
    throw new AnalyzerQueryError('bad-argument', `The two snapshots name ${space.names.length} classes between them; the comparison handles up to ${CLASS_KEY_LIMIT - 1}.`);
  }
  const keysBefore = sortedClassKeys(before.graph, before.selfSizes, before.classes.classOf, (c) => mapBefore[c]);
  const mask = new Uint8Array(after.graph.nodeCount);
  let matched = 0, counted = 0;
  scan(after, mapAfter, (n, c, id) => {
    counted++;
    if (indexOfSorted(keysBefore, classKey(id, c)) !== -1) matched++;
    else mask[n] = 1;
  });
  const overlap = matched / Math.max(1, Math.min(keysBefore.length, counted));
  if (overlap < MIN_ID_OVERLAP) {
    throw new AnalyzerQueryError('bad-argument', `Only ${(overlap * 100).toFixed(1)}% of objects match by id: the snapshots look like they come from different processes, so no object can be called new. Take both from one run.`);
  }
  return mask;
}
