import { SnapshotParseError } from '../errors.ts';
import type { SnapshotMeta } from './snapshot-meta.ts';
import type { StringTable } from './string-table.ts';
import type { RawTraceTree } from './trace-tree-section.ts';

/** The raw sections of a `.heapsnapshot`, in V8's flat layout. */
export interface ParsedSnapshot {
  meta: SnapshotMeta;
  /**
   * The fields `nodes` holds per node, in file order: meta.nodeFields less those the analyzer
   * never reads (detachedness; trace_node_id unless the snapshot has traces) when node_count was
   * announced. Edges' to_node and
   * locations' object_index still count in meta.nodeFields.length values per node.
   */
  nodeFields: string[];
  /** nodeCount × nodeFields.length values. */
  nodes: Uint32Array;
  /** edgeCount × meta.edgeFields.length values. */
  edges: Uint32Array;
  strings: StringTable;
  /** Flat `locations` section (meta.locationFields per entry); empty when absent. */
  locations: Uint32Array;
  nodeCount: number;
  edgeCount: number;
  totalBytes: number;
  /**
   * Per node ordinal, the DOM state V8's embedder gave it (0 unknown, 1 attached, 2 detached),
   * when any node has one: browser snapshots. Undefined for Node's, which have no DOM.
   */
  detachedness?: Uint8Array;
  /** The allocation traces, when tracking was on as the snapshot was written (meta.traceFunctionCount > 0). */
  traces?: RawTraces;
}

/** `trace_function_infos` (meta.traceFunctionInfoFields per function) and the `trace_tree`. */
export interface RawTraces { functionInfos: Uint32Array; tree: RawTraceTree }

/** The sections as the parser read them, before they are checked against each other. */
export interface SnapshotSections {
  meta: SnapshotMeta;
  /** The stored node fields, when some were dropped; meta.nodeFields otherwise. */
  nodeFields?: string[];
  nodes: Uint32Array;
  edges: Uint32Array;
  strings: StringTable;
  locations?: Uint32Array;
  /** Read beside the nodes when the detachedness field was dropped and some node has one. */
  detachedness?: Uint8Array;
  functionInfos?: Uint32Array;
  traceTree?: RawTraceTree;
  totalBytes: number;
}

/** Checks that the sections agree (whole records, traces complete) and puts them together. */
export function assembleSnapshot(sections: SnapshotSections): ParsedSnapshot {
  const { meta } = sections;
    const nodeFields = sections.nodeFields ?? meta.nodeFields;
    const nodeFieldCount = nodeFields.length;
    const edgeFieldCount = meta.edgeFields.length;
    const nodes = sections.nodes;
    const edges = sections.edges;
    if (nodes.length % nodeFieldCount !== 0) {
      throw new SnapshotParseError('count-mismatch', `"nodes" holds ${nodes.length} values, not a multiple of the ${nodeFieldCount} node fields. Was the file cut or edited?`);
    }
    if (edges.length % edgeFieldCount !== 0) {
      throw new SnapshotParseError('count-mismatch', `"edges" holds ${edges.length} values, not a multiple of the ${edgeFieldCount} edge fields. Was the file cut or edited?`);
    }
    const nodeCount = nodes.length / nodeFieldCount;
    const edgeCount = edges.length / edgeFieldCount;
    const locations = sections.locations ?? new Uint32Array(0);
    let detachedness = sections.detachedness;
    const stored = nodeFields.indexOf('detachedness'); // kept when node_count was not announced
    if (stored !== -1) {
      const values = new Uint8Array(nodeCount);
      for (let n = 0; n < nodeCount; n++) values[n] = nodes[n * nodeFieldCount + stored];
      if (anyNonZero(values)) detachedness = values;
    }
    let traces: RawTraces | undefined;
    if (meta.traceFunctionCount > 0) {
      if (!sections.functionInfos || !sections.traceTree) {
        throw new SnapshotParseError('missing-section', `snapshot.trace_function_count is ${meta.traceFunctionCount}, but the snapshot has no ${sections.functionInfos ? '"trace_tree"' : '"trace_function_infos"'} section. Is it complete?`);
      }
      if (sections.functionInfos.length % meta.traceFunctionInfoFields.length !== 0) {
        throw new SnapshotParseError('count-mismatch', `"trace_function_infos" holds ${sections.functionInfos.length} values, not a multiple of the ${meta.traceFunctionInfoFields.length} trace function info fields. Was the file cut or edited?`);
      }
      traces = { functionInfos: sections.functionInfos, tree: sections.traceTree };
    }
  return { meta, nodeFields, nodes, edges, strings: sections.strings, locations, nodeCount, edgeCount, totalBytes: sections.totalBytes, ...(detachedness && { detachedness }), ...(traces && { traces }) };
}

/** Whether any value is set (Node's snapshots write detachedness as all zeros). */
export function anyNonZero(values: Uint8Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) return true;
  return false;
}
