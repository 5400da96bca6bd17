import { SnapshotParseError } from './errors.ts';
import type { Graph } from './graph.ts';
import type { CallNodes, RawFrame } from './profile/heap-profile.ts';

/**
 * A snapshot's allocation traces as a call tree: one node per trace node (parents first, as the
 * file nests them), each with its function as a frame, and the trace node of every heap node.
 */
export interface AllocationTraces {
  frames: RawFrame[];
  /** The trace tree's shape; its weights are left at zero for the queries to fill. */
  parentOf: Int32Array;
  frameOf: Uint32Array;
  /** Per heap node ordinal: the index of its trace node, or -1 (allocated before tracking started). */
  traceOf: Int32Array;
}

/**
 * Reads the traces of a snapshot written with allocation tracking on; undefined without them.
 * Trace node ids are V8's counter (1, 2, 3, ...), so they index a dense array; function names
 * and script names are string indexes, checked here like the rest of the graph.
 */
export function allocationTraces(g: Graph): AllocationTraces | undefined {
  const traces = g.snapshot.traces;
  if (!traces || g.nodeTraceNodeIdField === -1) return undefined;
  const { meta, strings } = g.snapshot;
  const infoFields = meta.traceFunctionInfoFields;
  const perInfo = infoFields.length;
  const [nameField, scriptNameField, scriptIdField, lineField, columnField] = ['name', 'script_name', 'script_id', 'line', 'column'].map((f) => infoFields.indexOf(f));
  const { functionInfos, tree } = traces;
  const frames: RawFrame[] = [];
  for (let at = 0; at < functionInfos.length; at += perInfo) {
    for (const field of [nameField, scriptNameField]) {
      if (functionInfos[at + field] >= strings.count) {
        throw new SnapshotParseError('bad-reference', `Trace function ${at / perInfo} names string ${functionInfos[at + field]}, but there are only ${strings.count} strings. The snapshot is corrupt.`);
      }
    }
    // Trace positions are 1-based already (0 = unknown), unlike the locations section's.
    frames.push({
      functionName: strings.get(functionInfos[at + nameField]), url: strings.get(functionInfos[at + scriptNameField]),
      scriptId: functionInfos[at + scriptIdField], line: functionInfos[at + lineField], column: functionInfos[at + columnField],
    });
  }
  const fieldsPerNode = tree.fieldCount;
  const idField = meta.traceNodeFields.indexOf('id');
  const functionField = meta.traceNodeFields.indexOf('function_info_index');
  const traceCount = tree.parentOf.length;
  const frameOf = new Uint32Array(traceCount);
  let maxId = 0;
  for (let t = 0; t < traceCount; t++) {
    const functionIndex = tree.values[t * fieldsPerNode + functionField];
    if (functionIndex >= frames.length) {
      throw new SnapshotParseError('bad-reference', `Trace node ${t} names function ${functionIndex}, but "trace_function_infos" lists ${frames.length}. The snapshot is corrupt.`);
    }
    frameOf[t] = functionIndex;
    maxId = Math.max(maxId, tree.values[t * fieldsPerNode + idField]);
  }
  if (maxId > 16 * traceCount + 1024) {
    throw new SnapshotParseError('bad-value', `Trace node ids go up to ${maxId} for only ${traceCount} trace nodes; V8 numbers them 1, 2, 3, ... The snapshot is corrupt.`);
  }
  const indexOfId = new Int32Array(maxId + 1).fill(-1);
  for (let t = 0; t < traceCount; t++) indexOfId[tree.values[t * fieldsPerNode + idField]] = t;
  const { nodes, nodeCount, nodeFieldCount, nodeTraceNodeIdField } = g;
  const traceOf = new Int32Array(nodeCount);
  for (let n = 0, offset = nodeTraceNodeIdField; n < nodeCount; n++, offset += nodeFieldCount) {
    const id = nodes[offset];
    // 0: no trace. An id the tree lacks is treated alike rather than failing the snapshot.
    traceOf[n] = id === 0 || id > maxId ? -1 : indexOfId[id];
  }
  return { frames, parentOf: tree.parentOf, frameOf, traceOf };
}

/** Call nodes of the trace tree weighted by the heap nodes `include` picks: their count and self size. */
export function weightedTraceNodes(traces: AllocationTraces, selfSizes: ArrayLike<number>, include: (nodeOrdinal: number) => boolean): { nodes: CallNodes; untracedCount: number } {
  const size = traces.parentOf.length;
  const selfBytes = new Float64Array(size), selfCount = new Float64Array(size);
  let untracedCount = 0;
  const { traceOf } = traces;
  for (let n = 0; n < traceOf.length; n++) {
    if (!include(n)) continue;
    const t = traceOf[n];
    if (t === -1) { untracedCount++; continue; }
    selfBytes[t] += selfSizes[n];
    selfCount[t]++;
  }
  return { nodes: { parentOf: traces.parentOf, frameOf: traces.frameOf, selfBytes, selfCount }, untracedCount };
}
