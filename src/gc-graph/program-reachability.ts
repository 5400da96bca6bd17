import type { Graph } from '../analyzer/graph.ts';

/**
 * The root edge to V8's keep-during-job set. The spec keeps every `new WeakRef(x)` target (and
 * every `deref()` result) alive until the current job ends; V8 holds them in this set, a strong
 * root. A snapshot written in the same job still sees them held, though the program holds them
 * only weakly. The first collection after the job ends does not.
 */
export const KEEP_DURING_JOB_EDGE = 'weak_refs_keep_during_job';

/**
 * One byte per node ordinal: 1 when marking from the GC roots reaches it over retaining edges,
 * as the analyzer's retainer tree walks them (every edge but weak ones), except the one edge to
 * the keep-during-job set. So this is what the next full collection after the current job would
 * mark; the rest it would sweep.
 */
export function reachableAfterJob(g: Graph): Uint8Array {
  const { edges, nodeCount, edgeFieldCount, edgeTypeField, edgeNameField, edgeToNodeField, firstEdgeOffset } = g;
  const weak = g.edgeTypes.weak;
  const keepName = g.snapshot.strings.indexOf(KEEP_DURING_JOB_EDGE);
  const namedTypes = [g.edgeTypes.context, g.edgeTypes.property, g.edgeTypes.internal, g.edgeTypes.shortcut];
  const isMarked = new Uint8Array(nodeCount);
  const stack = new Uint32Array(nodeCount);
  let top = 0;
  isMarked[g.rootNodeOrdinal] = 1;
  stack[top++] = g.rootNodeOrdinal;
  while (top > 0) {
    const n = stack[--top];
    for (let e = firstEdgeOffset[n], end = firstEdgeOffset[n + 1]; e < end; e += edgeFieldCount) {
      const type = edges[e + edgeTypeField];
      if (type === weak) continue;
      if (keepName !== -1 && edges[e + edgeNameField] === keepName && namedTypes.includes(type)) continue;
      const to = edges[e + edgeToNodeField];
      if (isMarked[to]) continue;
      isMarked[to] = 1;
      stack[top++] = to;
    }
  }
  return isMarked;
}
