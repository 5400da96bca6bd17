import type { Graph } from './graph.ts';
import { inferInterfaceNames } from './infer-interface-names.ts';
import { detachedDomNodes } from './detached-dom-nodes.ts';

/** Each node's class as DevTools' Summary view names it. */
export interface ClassNames {
  /** One class id per node ordinal. */
  classOf: Uint32Array;
  /** Class id → display name, e.g. `Foo`, `(string)`, `{id, name}`. */
  names: string[];
}

/**
 * Names every node's class with DevTools' rules (HeapSnapshot.calculateObjectNames and the
 * interface inference of plain objects): hidden → `(system)`, code → `(compiled code)`,
 * closure → `Function`, regexp → `RegExp`, objects and natives → their constructor name (an HTML
 * tag name shortened to `<div>`), other types → `(type)`, e.g. `(string)`, `(array)`.
 */
export function classNames(g: Graph): ClassNames {
  const { nodes, nodeCount, nodeFieldCount, nodeTypeField, nodeNameField, nodeTypes } = g;
  const strings = g.snapshot.strings;
  const names: string[] = [];
  const idByName = new Map<string, number>();
  const classIdFor = (name: string): number => {
    let id = idByName.get(name);
    if (id === undefined) { id = names.length; names.push(name); idByName.set(name, id); }
    return id;
  };
  // Per node type: a fixed class, or -1 when the name decides.
  const typeClass = new Int32Array(g.snapshot.meta.nodeTypes.length);
  g.snapshot.meta.nodeTypes.forEach((type, t) => {
    if (t === nodeTypes.object || t === nodeTypes.native) typeClass[t] = -1;
    else if (t === nodeTypes.hidden) typeClass[t] = classIdFor('(system)');
    else if (t === nodeTypes.code) typeClass[t] = classIdFor('(compiled code)');
    else if (t === nodeTypes.closure) typeClass[t] = classIdFor('Function');
    else if (t === nodeTypes.regexp) typeClass[t] = classIdFor('RegExp');
    else typeClass[t] = classIdFor(`(${type})`);
  });
  // Per name string index: its class id + 1 (0 = not yet seen). Keyed by string, not node.
  const classOfString = new Uint32Array(strings.count);
  const classOf = new Uint32Array(nodeCount);
  const detached = detachedDomNodes(g);
  if (detached) nameDetached(g, detached, classOf, classIdFor);
  for (let nodeOrdinal = 0, nodeOffset = 0; nodeOrdinal < nodeCount; nodeOrdinal++, nodeOffset += nodeFieldCount) {
    if (detached && (detached[nodeOrdinal >>> 5] & (1 << (nodeOrdinal & 31))) !== 0) continue;
    const fixed = typeClass[nodes[nodeOffset + nodeTypeField]];
    if (fixed !== -1) { classOf[nodeOrdinal] = fixed; continue; }
    const nameIndex = nodes[nodeOffset + nodeNameField];
    let id = classOfString[nameIndex] - 1;
    if (id === -1) {
      id = classIdFor(shortTagName(strings.get(nameIndex)));
      classOfString[nameIndex] = id + 1;
    }
    classOf[nodeOrdinal] = id;
  }
  inferInterfaceNames(g, classOf, classIdFor);
  return { classOf, names };
}

/** Classes of detached DOM nodes: `Detached ` before the name, as DevTools renames them. */
function nameDetached(g: Graph, detached: Uint32Array, classOf: Uint32Array, classIdFor: (name: string) => number): void {
  const { nodes, nodeCount, nodeFieldCount, nodeNameField } = g;
  const strings = g.snapshot.strings;
  const classOfName = new Map<number, number>();
  for (let nodeOrdinal = 0; nodeOrdinal < nodeCount; nodeOrdinal++) {
    if ((detached[nodeOrdinal >>> 5] & (1 << (nodeOrdinal & 31))) === 0) continue;
    const nameIndex = nodes[nodeOrdinal * nodeFieldCount + nodeNameField];
    let id = classOfName.get(nameIndex);
    if (id === undefined) {
      id = classIdFor(shortTagName(`Detached ${strings.get(nameIndex)}`));
      classOfName.set(nameIndex, id);
    }
    classOf[nodeOrdinal] = id;
  }
}

/** `<div id="a">` → `<div>`, `Detached <div id="a">` → `Detached <div>`, as DevTools groups DOM nodes. */
function shortTagName(name: string): string {
  if (name.startsWith('<')) {
    const space = name.indexOf(' ');
    return space === -1 ? name : `${name.substring(0, space)}>`;
  }
  if (name.startsWith('Detached <')) {
    const space = name.indexOf(' ', 10);
    return space === -1 ? name : `${name.substring(0, space)}>`;
  }
  return name;
}
