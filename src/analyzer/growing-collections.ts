import type { HeapAnalysis } from './heap-analysis.ts';
import type { CollectionGrowth } from './query-results.ts';
import { retainerPathTo } from './retainer-paths.ts';
import { indexOfSorted } from './sorted-keys.ts';

/** Plain objects need this many properties to be looked at as maps (fewer is just a record). */
const MIN_OBJECT_MAP_PROPERTIES = 16;

const KIND_ARRAY = 1, KIND_MAP = 2, KIND_SET = 3, KIND_OBJECT = 4;
const KIND_NAMES = ['', 'Array', 'Map', 'Set', 'Object'];

interface CollectionNames { array: number; map: number; set: number; object: number; table: number; proto: number }

function collectionNames(a: HeapAnalysis): CollectionNames {
  const s = a.graph.snapshot.strings;
  return { array: s.indexOf('Array'), map: s.indexOf('Map'), set: s.indexOf('Set'), object: s.indexOf('Object'), table: s.indexOf('table'), proto: s.indexOf('__proto__') };
}

/** The collection kind of a node (0 = not a collection), by V8's constructor name. */
function kindOf(a: HeapAnalysis, names: CollectionNames, nodeOrdinal: number): number {
  const g = a.graph;
  const offset = nodeOrdinal * g.nodeFieldCount;
  if (g.nodes[offset + g.nodeTypeField] !== g.nodeTypes.object) return 0;
  const name = g.nodes[offset + g.nodeNameField];
  if (name === names.array) return KIND_ARRAY;
  if (name === names.map) return KIND_MAP;
  if (name === names.set) return KIND_SET;
  if (name === names.object) return KIND_OBJECT;
  return 0;
}

/**
 * Element count of a collection as the snapshot shows it: an Array's element edges, a Map's or
 * Set's entries in its hash table, a plain object's own properties. Entries whose key and value
 * are both small integers have no edges and are not counted.
 */
function elementCount(a: HeapAnalysis, names: CollectionNames, nodeOrdinal: number, kind: number): number {
  const g = a.graph;
  const { edges, edgeFieldCount, edgeTypeField, edgeNameField, edgeToNodeField, firstEdgeOffset } = g;
  const { element, property, internal } = g.edgeTypes;
  let count = 0;
  const end = firstEdgeOffset[nodeOrdinal + 1];
  if (kind === KIND_ARRAY || kind === KIND_OBJECT) {
    const wanted = kind === KIND_ARRAY ? element : property;
    for (let e = firstEdgeOffset[nodeOrdinal]; e < end; e += edgeFieldCount) {
      if (edges[e + edgeTypeField] === wanted && (kind === KIND_ARRAY || edges[e + edgeNameField] !== names.proto)) count++;
    }
    return count;
  }
  for (let e = firstEdgeOffset[nodeOrdinal]; e < end; e += edgeFieldCount) {
    if (edges[e + edgeTypeField] !== internal || edges[e + edgeNameField] !== names.table) continue;
    const table = edges[e + edgeToNodeField];
    // Table slots are named by index; Map entries take 3 slots (key, value, chain), Set entries 2.
    // Key and value of one entry fall in the same slot group for one of the three alignments;
    // the alignment that gives the fewest groups is the right one.
    const slotsPerEntry = kind === KIND_MAP ? 3 : 2;
    const groupCounts = [0, 0, 0];
    const lastGroup = [-1, -1, -1];
    const strings = g.snapshot.strings;
    for (let t = firstEdgeOffset[table], tEnd = firstEdgeOffset[table + 1]; t < tEnd; t += edgeFieldCount) {
      if (edges[t + edgeTypeField] !== internal) continue;
      const first = strings.firstByte(edges[t + edgeNameField]);
      if (first < 48 || first > 57) continue;
      const slot = Number(strings.get(edges[t + edgeNameField]));
      for (let shift = 0; shift < slotsPerEntry; shift++) {
        const group = Math.floor((slot + shift) / slotsPerEntry);
        if (group !== lastGroup[shift]) { lastGroup[shift] = group; groupCounts[shift]++; }
      }
    }
    return Math.min(...groupCounts.slice(0, slotsPerEntry));
  }
  return 0;
}

/**
 * Collections whose element count grew from the first snapshot to the last (never shrinking in
 * between), matched by node id: the `users []` that held 100, then 10,000, then 50,000. Largest
 * growth first, each with a retainer path in the last snapshot that names it.
 */
export function growingCollections(analyses: HeapAnalysis[], options: { top?: number } = {}): CollectionGrowth[] {
  const top = options.top ?? 10;
  const last = analyses[analyses.length - 1];
  const lastNames = collectionNames(last);
  const lg = last.graph;
  // Candidates in the last snapshot, found by id: their ids sorted, and the candidate at each position.
  const ordinals: number[] = [];
  const kinds: number[] = [];
  const ids: number[] = [];
  for (let n = 0; n < lg.nodeCount; n++) {
    const kind = kindOf(last, lastNames, n);
    if (kind === 0) continue;
    const count = elementCount(last, lastNames, n, kind);
    if (count === 0 || (kind === KIND_OBJECT && count < MIN_OBJECT_MAP_PROPERTIES)) continue;
    ids.push(lg.nodes[n * lg.nodeFieldCount + lg.nodeIdField]);
    ordinals.push(n);
    kinds.push(kind);
  }
  const sortedIds = Uint32Array.from(ids).sort();
  const candidateAt = new Uint32Array(ids.length);
  ids.forEach((id, candidate) => { candidateAt[indexOfSorted(sortedIds, id)] = candidate; });
  const counts: (number | null)[][] = ordinals.map(() => analyses.map(() => null));
  analyses.forEach((a, snapshotIndex) => {
    const names = collectionNames(a);
    const g = a.graph;
    for (let n = 0; n < g.nodeCount; n++) {
      const kind = kindOf(a, names, n);
      if (kind === 0) continue;
      const position = indexOfSorted(sortedIds, g.nodes[n * g.nodeFieldCount + g.nodeIdField]);
      if (position === -1) continue;
      const candidate = candidateAt[position];
      if (kinds[candidate] !== kind) continue;
      counts[candidate][snapshotIndex] = elementCount(a, names, n, kind);
    }
  });
  const growing: number[] = [];
  counts.forEach((perSnapshot, candidate) => {
    const first = perSnapshot[0];
    const lastCount = perSnapshot[perSnapshot.length - 1];
    if (first === null || lastCount === null || lastCount <= first) return;
    let previous = first;
    for (const c of perSnapshot) {
      if (c === null) continue;
      if (c < previous) return;
      previous = c;
    }
    growing.push(candidate);
  });
  const growth = (candidate: number): number => (counts[candidate][analyses.length - 1] ?? 0) - (counts[candidate][0] ?? 0);
  growing.sort((x, y) => growth(y) - growth(x) || last.retainedSizes[ordinals[y]] - last.retainedSizes[ordinals[x]]);
  return growing.slice(0, top).map((candidate) => {
    const n = ordinals[candidate];
    return {
      kind: KIND_NAMES[kinds[candidate]],
      className: last.classes.names[last.classes.classOf[n]],
      nodeId: lg.nodes[n * lg.nodeFieldCount + lg.nodeIdField],
      counts: counts[candidate],
      retainedSize: last.retainedSizes[n],
      path: retainerPathTo(last, n, { endWithClass: false })?.text ?? '(unreachable)',
    };
  });
}
