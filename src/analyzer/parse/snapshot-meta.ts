import { SnapshotParseError } from '../errors.ts';

/** The parts of `snapshot.meta` (and counts) that the analyzer reads; field positions come from here. */
export interface SnapshotMeta {
  nodeFields: string[];
  nodeTypes: string[];
  edgeFields: string[];
  edgeTypes: string[];
  locationFields: string[];
  nodeCount?: number;
  edgeCount?: number;
  extraNativeBytes: number;
  /**
   * Functions in `trace_function_infos`: above 0 when allocation tracking was on as the
   * snapshot was written (`node --track-heap-objects`, HeapProfiler.startTrackingHeapObjects).
   */
  traceFunctionCount: number;
  /** `function_id, name, script_name, script_id, line, column` in V8; empty without traces. */
  traceFunctionInfoFields: string[];
  /** `id, function_info_index, count, size, children` in V8; empty without traces. */
  traceNodeFields: string[];
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value as string[] : undefined;
}

/**
 * Validates the parsed `snapshot` header. Never assumes positions: Node 24 writes 6 node fields
 * (no trace_node_id), older versions 7, and Chrome may add more.
 */
export function readSnapshotMeta(header: unknown, byteOffset: number): SnapshotMeta {
  const bad = (what: string): never => {
    throw new SnapshotParseError('bad-meta', `snapshot.meta ${what}. Is this a V8 .heapsnapshot file?`, byteOffset);
  };
  if (typeof header !== 'object' || header === null) return bad('is missing (the "snapshot" value is not an object)');
  const h = header as Record<string, unknown>;
  const meta = h.meta as Record<string, unknown> | undefined;
  if (typeof meta !== 'object' || meta === null) return bad('is missing');
  const nodeFields = stringList(meta.node_fields) ?? bad('has no node_fields list of strings');
  const edgeFields = stringList(meta.edge_fields) ?? bad('has no edge_fields list of strings');
  for (const f of ['type', 'name', 'id', 'self_size', 'edge_count']) {
    if (!nodeFields.includes(f)) bad(`node_fields lacks "${f}" (has ${nodeFields.join(', ')})`);
  }
  for (const f of ['type', 'name_or_index', 'to_node']) {
    if (!edgeFields.includes(f)) bad(`edge_fields lacks "${f}" (has ${edgeFields.join(', ')})`);
  }
  const nodeTypeSpec = meta.node_types;
  const edgeTypeSpec = meta.edge_types;
  if (!Array.isArray(nodeTypeSpec) || !Array.isArray(edgeTypeSpec)) bad('has no node_types / edge_types');
  const nodeTypes = stringList((nodeTypeSpec as unknown[])[nodeFields.indexOf('type')]) ?? bad('node_types has no list of type names at the "type" field');
  const edgeTypes = stringList((edgeTypeSpec as unknown[])[edgeFields.indexOf('type')]) ?? bad('edge_types has no list of type names at the "type" field');
  const locationFields = stringList(meta.location_fields) ?? [];
  const count = (value: unknown, name: string): number | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) return bad(`${name} is ${JSON.stringify(value)}, not a count`);
    return value;
  };
  const nodeCount = count(h.node_count, 'node_count');
  const edgeCount = count(h.edge_count, 'edge_count');
  const traceFunctionCount = count(h.trace_function_count, 'trace_function_count') ?? 0;
  const traceFunctionInfoFields = stringList(meta.trace_function_info_fields) ?? [];
  const traceNodeFields = stringList(meta.trace_node_fields) ?? [];
  if (traceFunctionCount > 0) {
    for (const f of ['name', 'script_name', 'script_id', 'line', 'column']) {
      if (!traceFunctionInfoFields.includes(f)) bad(`trace_function_info_fields lacks "${f}" (has ${traceFunctionInfoFields.join(', ') || 'nothing'}), though trace_function_count is ${traceFunctionCount}`);
    }
    for (const f of ['id', 'function_info_index', 'count', 'size']) {
      if (!traceNodeFields.includes(f)) bad(`trace_node_fields lacks "${f}" (has ${traceNodeFields.join(', ') || 'nothing'}), though trace_function_count is ${traceFunctionCount}`);
    }
    // The tree reader takes each node's numbers, then its children: V8's order.
    if (traceNodeFields.indexOf('children') !== traceNodeFields.length - 1) bad(`trace_node_fields should end with "children" (has ${traceNodeFields.join(', ')})`);
    if (!nodeFields.includes('trace_node_id')) bad(`node_fields lacks "trace_node_id" (has ${nodeFields.join(', ')}), though trace_function_count is ${traceFunctionCount}`);
  }
  const extra = h.extra_native_bytes;
  return {
    nodeFields, nodeTypes, edgeFields, edgeTypes, locationFields,
    ...(nodeCount !== undefined && { nodeCount }),
    ...(edgeCount !== undefined && { edgeCount }),
    extraNativeBytes: typeof extra === 'number' ? extra : 0,
    traceFunctionCount, traceFunctionInfoFields, traceNodeFields,
  };
}
