import { SnapshotParseError } from './errors.ts';
import type { ParsedSnapshot } from './parse/snapshot-parser.ts';

/** Type ids of the node kinds the analyzer branches on; -1 when the snapshot has no such type. */
export interface NodeTypeIds {
  hidden: number; array: number; string: number; object: number; code: number; closure: number;
  regexp: number; number: number; native: number; synthetic: number; consString: number; slicedString: number;
}

/** Type ids of the edge kinds; -1 when absent. */
export interface EdgeTypeIds {
  context: number; element: number; property: number; internal: number; hidden: number; shortcut: number; weak: number;
}

/**
 * A parsed snapshot plus the indexes every analysis needs. Nodes and edges stay in V8's flat
 * layout: a node's fields live at `nodeOffset = nodeOrdinal × nodeFieldCount`, an edge's at
 * `edgeOffset = edgeOrdinal × edgeFieldCount`. Two departures from V8: `nodes` holds only the
 * fields the analyzer reads (see ParsedSnapshot.nodeFields), and buildGraph rewrites each
 * edge's `to_node` from a node offset to the target's node ordinal, in place, so the hot loops
 * (dominators, BFS) skip a division per edge and no second per-edge array is needed.
 */
export interface Graph {
  snapshot: ParsedSnapshot;
  nodes: Uint32Array;
  edges: Uint32Array;
  nodeCount: number;
  edgeCount: number;
  /** Values per node in `nodes` (the fields the analyzer reads; see ParsedSnapshot.nodeFields). */
  nodeFieldCount: number;
  /** Values per node in the file, which to_node and locations' object_index count in. */
  fileNodeFieldCount: number;
  edgeFieldCount: number;
  nodeTypeField: number; nodeNameField: number; nodeIdField: number; nodeSelfSizeField: number; nodeEdgeCountField: number;
  /** -1 unless the snapshot has allocation traces. */
  nodeTraceNodeIdField: number;
  edgeTypeField: number; edgeNameField: number; edgeToNodeField: number;
  nodeTypes: NodeTypeIds;
  edgeTypes: EdgeTypeIds;
  rootNodeOrdinal: number;
  /** nodeCount + 1 entries: node n's edges are edges[firstEdgeOffset[n] .. firstEdgeOffset[n + 1]). */
  firstEdgeOffset: Uint32Array;
}

/**
 * Builds the first-edge index, and checks the references the rest of the analyzer trusts:
 * every `to_node` is a node offset inside the node array, every name a string index.
 */
export function buildGraph(snapshot: ParsedSnapshot): Graph {
  const { meta, nodes, edges, nodeCount, edgeCount, strings } = snapshot;
  const { nodeFields } = snapshot;
  const nodeFieldCount = nodeFields.length;
  const fileNodeFieldCount = meta.nodeFields.length;
  const edgeFieldCount = meta.edgeFields.length;
  const nodeTypeField = nodeFields.indexOf('type');
  const nodeNameField = nodeFields.indexOf('name');
  const nodeIdField = nodeFields.indexOf('id');
  const nodeSelfSizeField = nodeFields.indexOf('self_size');
  const nodeEdgeCountField = nodeFields.indexOf('edge_count');
  const nodeTraceNodeIdField = snapshot.traces ? nodeFields.indexOf('trace_node_id') : -1;
  const edgeTypeField = meta.edgeFields.indexOf('type');
  const edgeNameField = meta.edgeFields.indexOf('name_or_index');
  const edgeToNodeField = meta.edgeFields.indexOf('to_node');
  const nt = meta.nodeTypes;
  const et = meta.edgeTypes;
  const nodeTypes: NodeTypeIds = {
    hidden: nt.indexOf('hidden'), array: nt.indexOf('array'), string: nt.indexOf('string'), object: nt.indexOf('object'),
    code: nt.indexOf('code'), closure: nt.indexOf('closure'), regexp: nt.indexOf('regexp'), number: nt.indexOf('number'),
    native: nt.indexOf('native'), synthetic: nt.indexOf('synthetic'), consString: nt.indexOf('concatenated string'),
    slicedString: nt.indexOf('sliced string'),
  };
  const edgeTypes: EdgeTypeIds = {
    context: et.indexOf('context'), element: et.indexOf('element'), property: et.indexOf('property'),
    internal: et.indexOf('internal'), hidden: et.indexOf('hidden'), shortcut: et.indexOf('shortcut'), weak: et.indexOf('weak'),
  };
  if (nodeCount === 0) throw new SnapshotParseError('count-mismatch', 'The snapshot has no nodes, so it has no root. Was the heap empty or the file cut?');

  // First edge offsets, from each node's edge_count; they must add up to the edge array.
  const firstEdgeOffset = new Uint32Array(nodeCount + 1);
  const stringCount = strings.count;
  const nodeTypeCount = nt.length;
  let edgeOffset = 0;
  for (let nodeOrdinal = 0, nodeOffset = 0; nodeOrdinal < nodeCount; nodeOrdinal++, nodeOffset += nodeFieldCount) {
    firstEdgeOffset[nodeOrdinal] = edgeOffset;
    edgeOffset += nodes[nodeOffset + nodeEdgeCountField] * edgeFieldCount;
    if (nodes[nodeOffset + nodeNameField] >= stringCount) {
      throw new SnapshotParseError('bad-reference', `Node ${nodeOrdinal} (id ${nodes[nodeOffset + nodeIdField]}) names string ${nodes[nodeOffset + nodeNameField]}, but there are only ${stringCount} strings.`);
    }
    if (nodes[nodeOffset + nodeTypeField] >= nodeTypeCount) {
      throw new SnapshotParseError('bad-value', `Node ${nodeOrdinal} (id ${nodes[nodeOffset + nodeIdField]}) has type ${nodes[nodeOffset + nodeTypeField]}, but meta lists ${nodeTypeCount} node types.`);
    }
  }
  if (edgeOffset !== edges.length) {
    throw new SnapshotParseError('count-mismatch', `The nodes' edge_count fields add up to ${edgeOffset / edgeFieldCount} edges, but "edges" holds ${edgeCount}.`);
  }
  firstEdgeOffset[nodeCount] = edgeOffset;

  // Validate what later passes trust without checking.
  const fileNodesLength = nodeCount * fileNodeFieldCount;
  const elementType = edgeTypes.element, hiddenType = edgeTypes.hidden;
  const edgeTypeCount = et.length;
  for (let e = 0; e < edges.length; e += edgeFieldCount) {
    const toNodeOffset = edges[e + edgeToNodeField];
    // One division per edge (an integer % plus / cost two); exact for offsets below 2^32.
    const toNodeOrdinal = Math.floor(toNodeOffset / fileNodeFieldCount);
    if (toNodeOffset >= fileNodesLength || toNodeOrdinal * fileNodeFieldCount !== toNodeOffset) {
      throw new SnapshotParseError('bad-reference',
        `Edge ${e / edgeFieldCount} points to node offset ${toNodeOffset}, outside the ${nodeCount} nodes (or not on a node boundary of ${fileNodeFieldCount} fields). The snapshot is corrupt.`);
    }
    const type = edges[e + edgeTypeField];
    if (type >= edgeTypeCount) {
      throw new SnapshotParseError('bad-value', `Edge ${e / edgeFieldCount} has type ${type}, but meta lists ${edgeTypeCount} edge types.`);
    }
    if (type !== elementType && type !== hiddenType && edges[e + edgeNameField] >= stringCount) {
      throw new SnapshotParseError('bad-reference', `Edge ${e / edgeFieldCount} names string ${edges[e + edgeNameField]}, but there are only ${stringCount} strings.`);
    }
    edges[e + edgeToNodeField] = toNodeOrdinal;
  }

  return {
    snapshot, nodes, edges, nodeCount, edgeCount, nodeFieldCount, fileNodeFieldCount, edgeFieldCount,
    nodeTypeField, nodeNameField, nodeIdField, nodeSelfSizeField, nodeEdgeCountField, nodeTraceNodeIdField,
    edgeTypeField, edgeNameField, edgeToNodeField, nodeTypes, edgeTypes,
    rootNodeOrdinal: 0, firstEdgeOffset,
  };
}
