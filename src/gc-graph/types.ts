/**
 * The object graph the mark-and-sweep picture draws: a few objects of a real heap snapshot of
 * tests/fixtures/gc-graph/small-program.cjs, written by scripts/make-gc-graph.ts. Plain JSON.
 */

/** One heap object. `id` is its V8 snapshot node id. */
export interface GcGraphNode {
  id: number;
  /** The class as DevTools names it: `Session`, `Map`, `Array`, `WeakRef`... */
  className: string;
  /** What the picture writes under the class: a variable name, key or field value. */
  label: string;
  /** DevTools' shallow size, in bytes. */
  selfSize: number;
  /** Where the marking starts: the listening Server, which Node itself keeps alive. */
  isRoot: boolean;
  /** Whether marking reaches it over strong edges in the real snapshot (see program-reachability.ts). */
  isReachable: boolean;
}

/** One reference. Map entries are drawn as one edge from the Map, named by the key. */
export interface GcGraphEdge {
  from: number;
  to: number;
  /** `sessions`, `user`, `[0]`, `"s1"`, `target`. */
  name: string;
  /** A weak edge (a WeakRef's target): drawn dashed, never followed by marking. */
  isWeak: boolean;
}

/** The committed file, src/gc-graph/data/small-program.json. */
export interface GcGraph {
  /** `process.version` of the Node that wrote the snapshot, e.g. `v24.21.0`. */
  nodeVersion: string;
  /** The program, relative to the repository. */
  program: string;
  /** Why the unreachable objects were still in the snapshot. */
  note: string;
  nodes: GcGraphNode[];
  edges: GcGraphEdge[];
}
