import { SnapshotParser } from '../../../src/analyzer/parse/snapshot-parser.ts';
import { analyzeSnapshot, type HeapAnalysis } from '../../../src/analyzer/heap-analysis.ts';

/**
 * A node of a hand-drawn graph: `edges` are [type, name (string, or index for element edges), target node].
 * `detachedness` is the DOM state a browser's embedder writes (0 unknown, 1 attached, 2 detached).
 */
export interface DrawnNode { type: string; name: string; size: number; id?: number; detachedness?: number; edges?: [string, string | number, number][] }

/** How to write the file: V8's node field layout, and whether the header announces node_count and edge_count. */
export interface DrawOptions { nodeFields?: string[]; announceCounts?: boolean }

const NODE_24_FIELDS = ['type', 'name', 'id', 'self_size', 'edge_count', 'detachedness'];

const NODE_TYPES = ['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic', 'concatenated string', 'sliced string', 'symbol', 'bigint', 'object shape'];
const EDGE_TYPES = ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'];

/**
 * Writes a tiny graph as Node 24 would (6 node fields, no trace_node_id) and returns the JSON text.
 * Node 0 is the root. Pass `nodeFields` to write another layout (e.g. Node 20's 7 fields), or
 * options for that and for a header without node_count and edge_count.
 */
export function drawSnapshot(drawn: DrawnNode[], layout: string[] | DrawOptions = {}): string {
  const options: DrawOptions = Array.isArray(layout) ? { nodeFields: layout } : layout;
  const nodeFields = options.nodeFields ?? NODE_24_FIELDS;
  const strings: string[] = [''];
  const str = (s: string): number => { let i = strings.indexOf(s); if (i === -1) { i = strings.length; strings.push(s); } return i; };
  const nodes: number[] = [];
  const edges: number[] = [];
  drawn.forEach((node, ordinal) => {
    for (const field of nodeFields) {
      switch (field) {
        case 'type': nodes.push(NODE_TYPES.indexOf(node.type)); break;
        case 'name': nodes.push(str(node.name)); break;
        case 'id': nodes.push(node.id ?? ordinal * 2 + 1); break;
        case 'self_size': nodes.push(node.size); break;
        case 'edge_count': nodes.push(node.edges?.length ?? 0); break;
        case 'detachedness': nodes.push(node.detachedness ?? 0); break;
        default: nodes.push(0);
      }
    }
    for (const [type, name, to] of node.edges ?? []) {
      edges.push(EDGE_TYPES.indexOf(type), typeof name === 'number' ? name : str(name), to * nodeFields.length);
    }
  });
  return JSON.stringify({
    snapshot: {
      meta: {
        node_fields: nodeFields,
        node_types: [NODE_TYPES, 'string', 'number', 'number', 'number', 'number', 'number'],
        edge_fields: ['type', 'name_or_index', 'to_node'],
        edge_types: [EDGE_TYPES, 'string_or_number', 'node'],
        location_fields: ['object_index', 'script_id', 'line', 'column'],
      },
      ...(options.announceCounts !== false && { node_count: drawn.length, edge_count: edges.length / 3 }),
      trace_function_count: 0,
    },
    nodes, edges, locations: [], strings,
  });
}

/** Parses JSON text in small chunks (so chunk boundaries fall everywhere) and analyzes it. */
export function analyzeText(text: string, chunkBytes = 7): HeapAnalysis {
  const bytes = new TextEncoder().encode(text);
  const parser = new SnapshotParser({ totalBytes: bytes.length });
  for (let i = 0; i < bytes.length; i += chunkBytes) parser.write(bytes.subarray(i, i + chunkBytes));
  return analyzeSnapshot(parser.finish());
}
