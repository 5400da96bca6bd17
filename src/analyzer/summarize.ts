import type { HeapAnalysis } from './heap-analysis.ts';
import type { ClassSummary, SummaryResult } from './query-results.ts';
import { classRetainedSizes } from './class-retained-sizes.ts';

export interface SummaryOptions {
  /** Keep the N classes with the largest retained size; all when omitted. */
  top?: number;
}

/**
 * The Summary view: per class the count, shallow size and retained size of its instances (nodes
 * with a non-zero self size, as DevTools counts them), largest retained size first.
 */
export function summarize(a: HeapAnalysis, options: SummaryOptions = {}): SummaryResult {
  const { classOf, names } = a.classes;
  const { selfSizes } = a;
  const counts = new Float64Array(names.length);
  const self = new Float64Array(names.length);
  let totalSize = 0;
  for (let n = 0; n < a.graph.nodeCount; n++) {
    const size = selfSizes[n];
    totalSize += size;
    if (size === 0) continue;
    counts[classOf[n]]++;
    self[classOf[n]] += size;
  }
  const retained = classRetainedSizes(a);
  const classes: ClassSummary[] = [];
  for (let c = 0; c < names.length; c++) {
    if (counts[c] === 0) continue;
    classes.push({ name: names[c], count: counts[c], selfSize: self[c], retainedSize: retained[c] });
  }
  classes.sort((x, y) => y.retainedSize - x.retainedSize || y.selfSize - x.selfSize || (x.name < y.name ? -1 : 1));
  return {
    nodes: a.graph.nodeCount,
    edges: a.graph.edgeCount,
    totalSize,
    classes: options.top === undefined ? classes : classes.slice(0, options.top),
  };
}
