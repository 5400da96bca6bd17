import type { HeapAnalysis } from './heap-analysis.ts';
import type { SurvivorClass, SurvivorsResult } from './query-results.ts';
import { indexOfSorted } from './sorted-keys.ts';
import { classRetainedSizes } from './class-retained-sizes.ts';
import { growingCollections } from './growing-collections.ts';
import { MIN_ID_OVERLAP } from './diff-snapshots.ts';

export interface SurvivorsOptions { top?: number; topCollections?: number }

/**
 * The three-snapshot technique: objects allocated between `first` and `second` (ids in the second
 * but not the first) that are still alive in `third`, per class, sized in the third snapshot.
 * Objects that churn (come and go between snapshots) drop out; what stays is what leaks.
 */
export function survivors(first: HeapAnalysis, second: HeapAnalysis, third: HeapAnalysis, options: SurvivorsOptions = {}): SurvivorsResult {
  const idsFirst = first.sortedIds;
  const idsSecond = second.sortedIds;
  const { nodes, nodeCount, nodeFieldCount, nodeIdField } = third.graph;
  const { classOf, names } = third.classes;
  const mask = new Uint8Array(nodeCount);
  const counts = new Float64Array(names.length);
  const self = new Float64Array(names.length);
  let inSecond = 0, counted = 0;
  for (let n = 0; n < nodeCount; n++) {
    const size = third.selfSizes[n];
    if (size === 0) continue;
    counted++;
    const id = nodes[n * nodeFieldCount + nodeIdField];
    if (indexOfSorted(idsSecond, id) === -1) continue;
    inSecond++;
    if (indexOfSorted(idsFirst, id) !== -1) continue;
    mask[n] = 1;
    counts[classOf[n]]++;
    self[classOf[n]] += size;
  }
  const overlap = inSecond / Math.max(1, Math.min(counted, idsSecond.length));
  if (overlap < MIN_ID_OVERLAP) {
    return {
      survivors: [], collections: [], matching: 'by-class-count',
      note: `Only ${(overlap * 100).toFixed(1)}% of objects match by id: the snapshots look like they come from different processes, so survivors cannot be told apart. Take all three from one run.`,
    };
  }
  const retained = classRetainedSizes(third, mask);
  const rows: SurvivorClass[] = [];
  for (let c = 0; c < names.length; c++) {
    if (counts[c] > 0) rows.push({ name: names[c], count: counts[c], selfSize: self[c], retainedSize: retained[c] });
  }
  rows.sort((x, y) => y.retainedSize - x.retainedSize || y.count - x.count || (x.name < y.name ? -1 : 1));
  return {
    survivors: options.top === undefined ? rows : rows.slice(0, options.top),
    collections: growingCollections([first, second, third], { top: options.topCollections ?? 10 }),
    matching: 'by-id',
  };
}
