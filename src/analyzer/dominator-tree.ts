/** Children lists of the dominator tree: node n's are dominated[firstDominated[n] .. firstDominated[n + 1]). */
export interface DominatorTree { firstDominated: Uint32Array; dominated: Uint32Array }

/**
 * Child lists from dominatorOf (a counting sort). `firstDominated` (nodeCount + 1 entries,
 * zeroed) and `dominated` (nodeCount - 1 entries) may be passed in, to reuse memory the caller
 * no longer needs.
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
