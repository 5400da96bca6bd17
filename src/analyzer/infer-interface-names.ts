import type { Graph } from './graph.ts';

// DevTools' limits (HeapSnapshot.ts): an interface needs at least 2 objects and 1/1000 of all
// plain objects, and its name stops growing past 120 characters.
const MIN_INTERFACE_PROPERTY_COUNT = 1;
const MAX_INTERFACE_NAME_LENGTH = 120;
const MIN_OBJECT_COUNT_PER_INTERFACE = 2;
const MIN_OBJECT_PROPORTION_PER_INTERFACE = 1000;

/** A prefix of property names in edge order, as a trie node; `prefix` is the name without `}`. */
interface NameTrie {
  prefix: string;
  properties: number[];
  count: number;
  next: Map<number, NameTrie | null>; // null: adding this property would pass the length limit
  /** Pass 2's answer for objects whose whole property list is this prefix; -1 until known. */
  classId: number;
}

/**
 * Renames plain `Object`s after their properties, as DevTools' Summary does (`{id, name}`):
 * the most common property lists become interfaces, and each plain object takes the interface
 * with the most properties that it has all of. Works on string indices and caches by property
 * sequence, so objects of one shape cost a few map lookups.
 */
export function inferInterfaceNames(g: Graph, classOf: Uint32Array, classIdFor: (name: string) => number): void {
  const { nodes, edges, nodeCount, nodeFieldCount, nodeTypeField, nodeNameField, edgeFieldCount, edgeTypeField, edgeNameField, firstEdgeOffset } = g;
  const strings = g.snapshot.strings;
  const objectType = g.nodeTypes.object;
  const propertyType = g.edgeTypes.property;
  const objectName = strings.indexOf('Object');
  if (objectName === -1 || objectType === -1) return;
  const protoName = strings.indexOf('__proto__');

  // Pass 1: candidate interfaces from property lists in edge order.
  const root: NameTrie = { prefix: '{', properties: [], count: 0, next: new Map(), classId: -1 };
  const candidates: NameTrie[] = [];
  // Each plain object and the trie node its whole property list ends at (null: the list passed
  // the length limit), so pass 2 need not walk the edges again for most objects.
  const plainObjects: number[] = [];
  const endsAt: (NameTrie | null)[] = [];
  for (let nodeOrdinal = 0, nodeOffset = 0; nodeOrdinal < nodeCount; nodeOrdinal++, nodeOffset += nodeFieldCount) {
    if (nodes[nodeOffset + nodeTypeField] !== objectType || nodes[nodeOffset + nodeNameField] !== objectName) continue;
    let at = root;
    let isWhole = true;
    const end = firstEdgeOffset[nodeOrdinal + 1];
    for (let e = firstEdgeOffset[nodeOrdinal]; e < end; e += edgeFieldCount) {
      if (edges[e + edgeTypeField] !== propertyType) continue;
      const nameIndex = edges[e + edgeNameField];
      if (nameIndex === protoName) continue;
      let next = at.next.get(nameIndex);
      if (next === undefined) {
        const formatted = formatPropertyName(strings.get(nameIndex));
        const length = at.prefix.length;
        if (length > MIN_INTERFACE_PROPERTY_COUNT && length + formatted.length > MAX_INTERFACE_NAME_LENGTH) next = null;
        else next = { prefix: at.prefix + (length !== 1 ? ', ' : '') + formatted, properties: [...at.properties, nameIndex], count: 0, next: new Map(), classId: -1 };
        at.next.set(nameIndex, next);
      }
      if (next === null) { isWhole = false; break; }
      at = next;
    }
    plainObjects.push(nodeOrdinal);
    endsAt.push(isWhole ? at : null);
    if (at === root) continue;
    if (at.count++ === 0) candidates.push(at);
  }
  const plainObjectCount = plainObjects.length;
  // Stable sort keeps first-seen order among equals, as DevTools' does.
  candidates.sort((a, b) => b.count - a.count);
  const minCount = Math.max(MIN_OBJECT_COUNT_PER_INTERFACE, plainObjectCount / MIN_OBJECT_PROPORTION_PER_INTERFACE);
  const definitions: { classId: number; properties: number[] }[] = [];
  const seenNames = new Set<string>();
  for (const candidate of candidates) {
    if (candidate.count < minCount) break;
    const name = `${candidate.prefix}}`;
    if (seenNames.has(name)) continue;
    seenNames.add(name);
    definitions.push({ classId: -1, properties: candidate.properties });
    definitions[definitions.length - 1].classId = classIdFor(name);
  }
  if (definitions.length === 0) return;

  // Pass 2: each plain object takes the largest definition whose properties it all has. Which
  // one depends only on the set of property names (definitions never hold __proto__), so an
  // object whose whole list is a pass-1 trie node gets that node's answer, worked out once.
  const present = new Uint8Array(strings.count);
  const bestFor = (properties: Iterable<number>, fallback: number): number => {
    for (const p of properties) present[p] = 1;
    let best: { classId: number; properties: number[] } | undefined;
    for (const definition of definitions) {
      if (best && definition.properties.length <= best.properties.length) continue;
      if (definition.properties.every((p) => present[p] === 1)) best = definition;
    }
    for (const p of properties) present[p] = 0;
    return best ? best.classId : fallback;
  };
  for (let k = 0; k < plainObjects.length; k++) {
    const nodeOrdinal = plainObjects[k];
    const trie = endsAt[k];
    if (trie) {
      // Objects with no definition among their properties keep their class (plain `Object`),
      // the same for every object ending here: -2 marks that.
      if (trie.classId === -1) trie.classId = bestFor(trie.properties, -2);
      if (trie.classId !== -2) classOf[nodeOrdinal] = trie.classId;
      continue;
    }
    const names: number[] = [];
    for (let e = firstEdgeOffset[nodeOrdinal], end = firstEdgeOffset[nodeOrdinal + 1]; e < end; e += edgeFieldCount) {
      if (edges[e + edgeTypeField] === propertyType) names.push(edges[e + edgeNameField]);
    }
    classOf[nodeOrdinal] = bestFor(names, classOf[nodeOrdinal]);
  }
}

/** DevTools quotes property names that hold commas, quotes or braces. */
function formatPropertyName(name: string): string {
  if (/[,'"{}]/.test(name)) {
    const json = JSON.stringify({ [name]: 0 });
    return json.substring(1, json.length - 3);
  }
  return name;
}
