import type { HeapAnalysis } from './heap-analysis.ts';

/** Children lists of the dominator tree: node n's are dominated[firstDominated[n] .. firstDominated[n + 1]). */
export interface DominatorTree { firstDominated: Uint32Array; dominated: Uint32Array }

const trees = new WeakMap<HeapAnalysis, DominatorTree>();

/** The dominator tree as flat child lists (counting sort over dominatorOf), built once per analysis. */
export function dominatorTree(a: HeapAnalysis): DominatorTree {
  let tree = trees.get(a);
  if (!tree) {
    tree = buildDominatorTree(a.dominatorOf, a.graph.rootNodeOrdinal);
    trees.set(a, tree);
  }
  return tree;
}

/** Lets analyzeSnapshot hand over a tree it built in buffers it had anyway. */
export function rememberDominatorTree(a: HeapAnalysis, tree: DominatorTree): void {
  trees.set(a, tree);
}

/**
 * Child lists from dominatorOf. `firstDominated` (nodeCount + 1 entries, zeroed) and `dominated`
 * (nodeCount - 1 entries) may be passed in, to reuse memory the caller no longer needs.
 */
export function buildDominatorTree(dominatorOf: Uint32Array, rootNodeOrdinal: number,
  firstDominated = new Uint32Array(dominatorOf.length + 1), dominated = new Uint32Array(Math.max(0, dominatorOf.length - 1))): DominatorTree {
  const nodeCount = dominatorOf.length;
  for (let n = 0; n < nodeCount; n++) if (n !== rootNodeOrdinal) firstDominated[dominatorOf[n]]++;
  // Prefix sums give each list's end; filling backwards (in decreasing ordinal, so each list
  // stays in increasing ordinal) moves every entry back to its list's start, with no copy.
  let sum = 0;
  for (let n = 0; n <= nodeCount; n++) { sum += firstDominated[n]; firstDominated[n] = sum; }
  for (let n = nodeCount - 1; n >= 0; n--) if (n !== rootNodeOrdinal) dominated[--firstDominated[dominatorOf[n]]] = n;
  return { firstDominated, dominated: dominated.subarray(0, sum) };
}

/**
 * Retained size per class by DevTools' rule: the sum of the retained sizes of the class's
 * instances that no other counted instance of the same class dominates (so nested instances are
 * not counted twice). `include` (one byte per node ordinal) picks the instances; by default
 * every node with a non-zero self size, as DevTools' Summary.
 */
export function classRetainedSizes(a: HeapAnalysis, include?: Uint8Array): Float64Array {
  const { firstDominated, dominated } = dominatorTree(a);
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
