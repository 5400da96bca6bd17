import type { Graph } from './graph.ts';
import type { SourceLocation } from './query-results.ts';

const cache = new WeakMap<Graph, Uint32Array>();

/**
 * Where a node's code starts, from the snapshot's `locations` section (closures and objects made
 * by a constructor). Undefined when the snapshot has no location for it.
 */
export function nodeLocation(g: Graph, nodeOrdinal: number): SourceLocation | undefined {
  const { locations, meta } = g.snapshot;
  const fields = meta.locationFields;
  if (locations.length === 0 || fields.length === 0) return undefined;
  let entryOf = cache.get(g);
  if (!entryOf) {
    // entry index + 1 per node ordinal; 0 = no location.
    entryOf = new Uint32Array(g.nodeCount);
    const objectField = fields.indexOf('object_index');
    for (let at = 0, entry = 1; at + fields.length <= locations.length; at += fields.length, entry++) {
      const nodeOffset = locations[at + objectField];
      // object_index counts the file's node fields, not the ones kept in g.nodes.
      const fields = g.fileNodeFieldCount;
      if (nodeOffset % fields === 0 && nodeOffset < g.nodeCount * fields) entryOf[nodeOffset / fields] = entry;
    }
    cache.set(g, entryOf);
  }
  const entry = entryOf[nodeOrdinal];
  if (entry === 0) return undefined;
  const at = (entry - 1) * fields.length;
  return {
    scriptId: locations[at + fields.indexOf('script_id')],
    line: locations[at + fields.indexOf('line')],
    column: locations[at + fields.indexOf('column')],
  };
}
