import type { HeapAnalysis } from './heap-analysis.ts';

/**
 * Retained size per class by DevTools' rule: the sum of the retained sizes of the class's
 * instances that no other counted instance of the same class dominates (so nested instances are
 * not counted twice). `include` (one byte per node ordinal) picks the instances; by default
 * every node with a non-zero self size, as DevTools' Summary.
 */
export function classRetainedSizes(a: HeapAnalysis, include?: Uint8Array): Float64Array {
  const { firstDominated, dominated } = a.dominatorTree;
  const { classOf, names } = a.classes;
  const { selfSizes, retainedSizes } = a;
  const result = new Float64Array(names.length);
  // How many counted instances of each class are on the current tree path.
  const open = new Uint32Array(names.length);
  // The current tree path: its nodes and, per node, the next child to enter. Grows as needed
  // (a dominator tree is mostly wide and shallow). One flat loop, a step into a child or back
  // out of a node each time round: a loop pushing each node's children made V8 optimize that
  // inner loop alone and deoptimize at nearly every node.
  let pathNode: Uint32Array = new Uint32Array(1 << 12);
  let pathNext: Uint32Array = new Uint32Array(1 << 12);
  let depth = 0;
  const root = a.graph.rootNodeOrdinal;
  pathNode[0] = root;
  pathNext[0] = firstDominated[root];
  if (counted(root, include, selfSizes)) { result[classOf[root]] += retainedSizes[root]; open[classOf[root]]++; }
  while (depth >= 0) {
    const n = pathNode[depth];
    const next = pathNext[depth];
    if (next < firstDominated[n + 1]) {
      pathNext[depth] = next + 1;
      const child = dominated[next];
      if (++depth === pathNode.length) {
        pathNode = grow(pathNode);
        pathNext = grow(pathNext);
      }
      pathNode[depth] = child;
      pathNext[depth] = firstDominated[child];
      if (counted(child, include, selfSizes)) {
        const c = classOf[child];
        if (open[c] === 0) result[c] += retainedSizes[child];
        open[c]++;
      }
    } else {
      if (counted(n, include, selfSizes)) open[classOf[n]]--;
      depth--;
    }
  }
  return result;
}

/** Whether node n counts as an instance for classRetainedSizes (always with a non-zero self size). */
function counted(n: number, include: Uint8Array | undefined, selfSizes: Uint32Array | Float64Array): boolean {
  return selfSizes[n] !== 0 && (include === undefined || include[n] === 1);
}

function grow(values: Uint32Array): Uint32Array {
  const grown = new Uint32Array(values.length * 2);
  grown.set(values);
  return grown;
}
