import type { HeapAnalysis } from '../analyzer/heap-analysis.ts';
import { edgeLabel } from '../analyzer/retainer-paths.ts';
import { reachableAfterJob } from './program-reachability.ts';
import type { GcGraphEdge, GcGraphNode } from './types.ts';

export class GcGraphError extends Error {
  readonly code: 'no-scope' | 'no-server' | 'too-many-nodes';
  constructor(code: GcGraphError['code'], message: string) {
    super(message);
    this.name = 'GcGraphError';
    this.code = code;
  }
}

export interface ExtractOptions {
  /**
   * The name of the listening server's 'request' listener. The picture starts at that Server
   * (Node holds a listening server), goes to the listener and then to the listener's context,
   * the module's top-level variables that it uses.
   */
  requestListener: string;
  /** The picture stays readable beside the lesson text; more objects than this is an error. */
  maxNodes?: number;
}

/** Edges that belong to the machinery (hidden class, prototype chain), not to the program's data. */
const SKIPPED_EDGE_NAMES = new Set(['__proto__', 'constructor', 'prototype', 'map', 'elements', 'properties']);
/** Longest label the picture writes under a class name. */
const MAX_LABEL_CHARS = 14;

/**
 * The program's own objects, as a small graph: starting at the listening Server, through its
 * request listener and that function's context (the module's variables it uses), every JS object
 * reached over context variables, properties, array elements, Map/Set entries and weak edges
 * (the WeakRef targets, which is how the program still sees its garbage). Strings, numbers,
 * functions, prototypes and hidden classes are left out. Each object's `isReachable` comes from
 * the whole snapshot (reachableAfterJob), not from the drawn edges.
 */
export function extractGcGraph(a: HeapAnalysis, options: ExtractOptions): { nodes: GcGraphNode[]; edges: GcGraphEdge[] } {
  const g = a.graph;
  const strings = g.snapshot.strings;
  const { nodes: raw, nodeFieldCount, edges: rawEdges, edgeFieldCount, edgeTypeField, edgeToNodeField, firstEdgeOffset } = g;
  const typeOf = (n: number): number => raw[n * nodeFieldCount + g.nodeTypeField];
  const nameOf = (n: number): string => strings.get(raw[n * nodeFieldCount + g.nodeNameField]);
  const classOf = (n: number): string => a.classes.names[a.classes.classOf[n]];
  const idOf = (n: number): number => raw[n * nodeFieldCount + g.nodeIdField];
  const isDrawable = (n: number): boolean => typeOf(n) === g.nodeTypes.object && !nameOf(n).startsWith('system /');
  const outEdges = function* (n: number): Generator<{ e: number; type: number; name: string; to: number }> {
    for (let e = firstEdgeOffset[n], end = firstEdgeOffset[n + 1]; e < end; e += edgeFieldCount) {
      yield { e, type: rawEdges[e + edgeTypeField], name: edgeLabel(g, e), to: rawEdges[e + edgeToNodeField] };
    }
  };

  const { listener, context, server } = serverListenerOf(a, options.requestListener);
  const root = server;
  const isReachable = reachableAfterJob(g);
  const maxNodes = options.maxNodes ?? 40;
  // The server and its listener are drawn as one step each; their other edges are Node's, not the program's.
  const order: number[] = [server, listener, context];
  const labels = new Map<number, string>([[server, 'listening'], [listener, options.requestListener], [context, 'module scope']]);
  const edges: GcGraphEdge[] = [
    { from: idOf(server), to: idOf(listener), name: "on 'request'", isWeak: false },
    { from: idOf(listener), to: idOf(context), name: 'context', isWeak: false },
  ];

  const add = (from: number, to: number, name: string, isWeak: boolean): void => {
    edges.push({ from: idOf(from), to: idOf(to), name, isWeak });
    if (labels.has(to)) return;
    if (order.length >= maxNodes) {
      throw new GcGraphError('too-many-nodes', `The program's graph has more than ${maxNodes} objects. Make the fixture smaller; the picture has to fit a 600 px column.`);
    }
    labels.set(to, ownLabel(to) ?? name);
    order.push(to);
  };
  // The first string property says which object this is: a session id, a user name, a URL.
  const ownLabel = (n: number): string | undefined => {
    for (const { type, name, to } of outEdges(n)) {
      if (type === g.edgeTypes.property && typeOf(to) === g.nodeTypes.string && !SKIPPED_EDGE_NAMES.has(name)) {
        return shorten(nameOf(to));
      }
    }
    return undefined;
  };

  for (let i = order.indexOf(context); i < order.length; i++) {
    const n = order[i];
    const isScope = n === context;
    for (const { type, name, to } of outEdges(n)) {
      if (SKIPPED_EDGE_NAMES.has(name) || to === n) continue;
      if (isScope && type !== g.edgeTypes.context) continue;
      if (name === 'table' && type === g.edgeTypes.internal) {
        for (const entry of mapEntries(to)) add(n, entry.value, entry.key, false);
        continue;
      }
      if (type === g.edgeTypes.hidden || type === g.edgeTypes.shortcut || !isDrawable(to)) continue;
      add(n, to, name, type === g.edgeTypes.weak);
    }
  }

  // A Map's or Set's hash table: key at slot k - 1, value at slot k (OrderedHashMap's layout).
  function mapEntries(table: number): { key: string; value: number }[] {
    const slots = new Map<number, number>();
    for (const { type, name, to } of outEdges(table)) {
      if (type === g.edgeTypes.internal && /^\d+$/.test(name)) slots.set(Number(name), to);
    }
    const entries: { key: string; value: number }[] = [];
    for (const [slot, value] of slots) {
      if (!isDrawable(value)) continue;
      const key = slots.get(slot - 1);
      const keyText = key !== undefined && typeOf(key) === g.nodeTypes.string ? `"${shorten(nameOf(key))}"` : `[${slot}]`;
      entries.push({ key: keyText, value });
    }
    return entries;
  }

  const nodes = order.map((n): GcGraphNode => ({
    id: idOf(n),
    className: classOf(n),
    label: labels.get(n) ?? '',
    selfSize: a.selfSizes[n],
    isRoot: n === root,
    isReachable: isReachable[n] === 1,
  }));
  return { nodes, edges };
}

/**
 * The function named `functionName`, its context (closure scope: here the module's variables it
 * uses) and the Server that holds it as `_events.request`, i.e. as its 'request' listener.
 */
function serverListenerOf(a: HeapAnalysis, functionName: string): { listener: number; context: number; server: number } {
  const g = a.graph;
  const nameIndex = g.snapshot.strings.indexOf(functionName);
  const contextName = g.snapshot.strings.indexOf('context');
  for (let n = 0; n < g.nodeCount && nameIndex !== -1; n++) {
    const offset = n * g.nodeFieldCount;
    if (g.nodes[offset + g.nodeTypeField] !== g.nodeTypes.closure || g.nodes[offset + g.nodeNameField] !== nameIndex) continue;
    let context = -1;
    for (let e = g.firstEdgeOffset[n]; e < g.firstEdgeOffset[n + 1]; e += g.edgeFieldCount) {
      if (g.edges[e + g.edgeNameField] === contextName && g.edges[e + g.edgeTypeField] === g.edgeTypes.internal) context = g.edges[e + g.edgeToNodeField];
    }
    if (context === -1) continue;
    for (const events of propertyRetainers(a, n, 'request')) {
      const server = propertyRetainers(a, events, '_events').find((s) => a.classes.names[a.classes.classOf[s]] === 'Server');
      if (server !== undefined) return { listener: n, context, server };
    }
    throw new GcGraphError('no-server', `The function "${functionName}" is in the snapshot, but no Server holds it as its 'request' listener. Does the program still pass it to http.createServer and listen?`);
  }
  throw new GcGraphError('no-scope', `No function named "${functionName}" with a closure context in the snapshot. Is the server's request listener still a function of that name?`);
}

/** The nodes that point at `target` over a property edge named `name` (a scan of all edges: the fixture's heap is small). */
function propertyRetainers(a: HeapAnalysis, target: number, name: string): number[] {
  const g = a.graph;
  const nameIndex = g.snapshot.strings.indexOf(name);
  const found: number[] = [];
  for (let n = 0; n < g.nodeCount && nameIndex !== -1; n++) {
    for (let e = g.firstEdgeOffset[n]; e < g.firstEdgeOffset[n + 1]; e += g.edgeFieldCount) {
      if (g.edges[e + g.edgeToNodeField] === target && g.edges[e + g.edgeTypeField] === g.edgeTypes.property && g.edges[e + g.edgeNameField] === nameIndex) found.push(n);
    }
  }
  return found;
}

function shorten(text: string): string {
  return text.length > MAX_LABEL_CHARS ? `${text.slice(0, MAX_LABEL_CHARS - 1)}…` : text;
}
