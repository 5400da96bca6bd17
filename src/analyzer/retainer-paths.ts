import type { HeapAnalysis } from './heap-analysis.ts';
import type { Graph } from './graph.ts';
import type { RetainerPath, RetainerStep, RetainersResult } from './query-results.ts';
import { NO_PARENT } from './retainer-tree.ts';
import { AnalyzerQueryError } from './errors.ts';

/**
 * Instances traced per class when grouping paths: enough to find the common paths, bounded in
 * time. A class with more is sampled evenly across the heap (every k-th instance), not its first
 * ones, which would all sit in one corner of it.
 */
const MAX_INSTANCES_TRACED = 50_000;

/** How an edge reads in a path: `[4711]` for elements, the property or variable name otherwise. */
export function edgeLabel(g: Graph, edgeOffset: number): string {
  const type = g.edges[edgeOffset + g.edgeTypeField];
  const name = g.edges[edgeOffset + g.edgeNameField];
  if (type === g.edgeTypes.element || type === g.edgeTypes.hidden) return `[${name}]`;
  return g.snapshot.strings.get(name);
}

/**
 * The shortest strong path from a GC root to `nodeOrdinal` (user roots such as `global` first),
 * or undefined when none exists (the node is garbage or only weakly held).
 */
export function retainerPathTo(a: HeapAnalysis, nodeOrdinal: number, options: { endWithClass?: boolean } = {}): RetainerPath | undefined {
  const g = a.graph;
  const { parentOf, parentEdge } = a.retainerTree;
  if (nodeOrdinal !== g.rootNodeOrdinal && parentOf[nodeOrdinal] === NO_PARENT) return undefined;
  const chain: number[] = [];
  for (let n = nodeOrdinal; n !== g.rootNodeOrdinal; n = parentOf[n]) chain.push(n);
  chain.reverse();
  const strings = g.snapshot.strings;
  const first = chain[0] ?? g.rootNodeOrdinal;
  const root = strings.get(g.nodes[first * g.nodeFieldCount + g.nodeNameField]) || a.classes.names[a.classes.classOf[first]];
  const steps: RetainerStep[] = [];
  const parts = [root];
  for (let i = 1; i < chain.length; i++) {
    const n = chain[i];
    const nodeOffset = n * g.nodeFieldCount;
    const edgeOffset = parentEdge[n];
    const isClosure = g.nodes[nodeOffset + g.nodeTypeField] === g.nodeTypes.closure;
    const step: RetainerStep = {
      edge: edgeLabel(g, edgeOffset),
      edgeType: g.snapshot.meta.edgeTypes[g.edges[edgeOffset + g.edgeTypeField]],
      className: a.classes.names[a.classes.classOf[n]],
      nodeId: g.nodes[nodeOffset + g.nodeIdField],
    };
    const nodeName = strings.get(g.nodes[nodeOffset + g.nodeNameField]);
    if (isClosure && nodeName) step.nodeName = nodeName;
    const location = isClosure ? a.nodeLocations.of(n) : undefined;
    if (location) step.location = location;
    steps.push(step);
    parts.push(isClosure ? `${step.edge} (closure)` : step.edge);
  }
  if (options.endWithClass !== false) parts.push(a.classes.names[a.classes.classOf[nodeOrdinal]]);
  return { root, steps, text: parts.join(' -> '), instances: 1, retainedSize: a.retainedSizes[nodeOrdinal] };
}

/**
 * Up to `maxPaths` distinct retainer paths to instances of `className`: instances whose paths
 * differ only in array indices share one entry, counted in `instances`; the most shared first.
 */
export function retainerPaths(a: HeapAnalysis, className: string, options: { maxPaths?: number } = {}): RetainersResult {
  const maxPaths = options.maxPaths ?? 5;
  const classId = a.classes.names.indexOf(className);
  if (classId === -1) {
    throw new AnalyzerQueryError('unknown-class', `No class named "${className}" in this snapshot. Names are case-sensitive; \`leaklab summary\` lists them.`);
  }
  const { classOf } = a.classes;
  const g = a.graph;
  const { parentOf } = a.retainerTree;
  const groups = new Map<string, { path: RetainerPath; instances: number }>();
  let instanceCount = 0;
  for (let n = 0; n < g.nodeCount; n++) if (classOf[n] === classId) instanceCount++;
  const stride = Math.max(1, Math.ceil(instanceCount / MAX_INSTANCES_TRACED));
  let seen = 0, examined = 0;
  for (let n = 0; n < g.nodeCount; n++) {
    if (classOf[n] !== classId) continue;
    if (seen++ % stride !== 0) continue;
    examined++;
    if (parentOf[n] === NO_PARENT) continue;
    const path = retainerPathTo(a, n);
    if (!path) continue;
    const signature = path.text.replace(/\[\d+\]/g, '[]');
    const group = groups.get(signature);
    if (group) {
      group.instances++;
      if (path.retainedSize > group.path.retainedSize) group.path = path;
    } else groups.set(signature, { path, instances: 1 });
  }
  const paths = [...groups.values()]
    .sort((x, y) => y.instances - x.instances || x.path.steps.length - y.path.steps.length)
    .slice(0, maxPaths)
    .map(({ path, instances }) => ({ ...path, instances }));
  return { className, instanceCount, examinedCount: examined, paths };
}
