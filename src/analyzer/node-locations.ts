import type { Graph } from './graph.ts';
import type { SourceLocation } from './query-results.ts';

/**
 * Where nodes' code starts, from the snapshot's `locations` section (closures and objects made
 * by a constructor), found by node ordinal.
 */
export class NodeLocations {
  readonly #g: Graph;
  /** Entry index + 1 per node ordinal; 0 = no location. Empty when the snapshot has none. */
  readonly #entryOf: Uint32Array;
  readonly #scriptIdField: number;
  readonly #lineField: number;
  readonly #columnField: number;

  constructor(g: Graph) {
    this.#g = g;
    const { locations, meta } = g.snapshot;
    const fields = meta.locationFields;
    this.#scriptIdField = fields.indexOf('script_id');
    this.#lineField = fields.indexOf('line');
    this.#columnField = fields.indexOf('column');
    const objectField = fields.indexOf('object_index');
    const entryOf = new Uint32Array(locations.length === 0 || objectField === -1 ? 0 : g.nodeCount);
    if (entryOf.length > 0) {
      // object_index counts the file's node fields, not the ones kept in g.nodes.
      const perNode = g.fileNodeFieldCount;
      for (let at = 0, entry = 1; at + fields.length <= locations.length; at += fields.length, entry++) {
        const nodeOffset = locations[at + objectField];
        if (nodeOffset % perNode === 0 && nodeOffset < g.nodeCount * perNode) entryOf[nodeOffset / perNode] = entry;
      }
    }
    this.#entryOf = entryOf;
  }

  /** Where the node's code starts; undefined when the snapshot has no location for it. */
  of(nodeOrdinal: number): SourceLocation | undefined {
    const entry = this.#entryOf.length === 0 ? 0 : this.#entryOf[nodeOrdinal];
    if (entry === 0) return undefined;
    const { locations, meta } = this.#g.snapshot;
    const at = (entry - 1) * meta.locationFields.length;
    return { scriptId: locations[at + this.#scriptIdField], line: locations[at + this.#lineField], column: locations[at + this.#columnField] };
  }
}
