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

const EXIT = 0x80000000;

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
  // Grows as needed: a dominator tree is mostly wide and shallow, rarely needing 2 × nodeCount.
  let stack = new Uint32Array(1 << 16);
  let top = 0;
  stack[top++] = a.graph.rootNodeOrdinal;
  while (top > 0) {
    const entry = stack[--top];
    if (entry & EXIT) { open[classOf[entry & 0x7fffffff]]--; continue; }
    const n = entry;
    const first = firstDominated[n], end = firstDominated[n + 1];
    if (top + (end - first) + 1 > stack.length) {
      const grown = new Uint32Array(Math.max(stack.length * 2, top + (end - first) + 1));
      grown.set(stack.subarray(0, top));
      stack = grown;
    }
    const selected = include ? include[n] === 1 : selfSizes[n] !== 0;
    if (selected && selfSizes[n] !== 0) {
      const c = classOf[n];
      if (open[c] === 0) result[c] += retainedSizes[n];
      open[c]++;
      stack[top++] = (n | EXIT) >>> 0;
    }
    for (let i = first; i < end; i++) stack[top++] = dominated[i];
  }
  return result;
}
