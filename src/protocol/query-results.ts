/**
 * Result types the analyzer hands to the page (worker replies), the CLI (`leaklab ... --json`)
 * and `leaklab run --json` (its `diff`). Plain JSON-able data: sizes in bytes, counts as numbers.
 */

/** One row of the Summary view. `retainedSize` follows DevTools' rule (nested instances not counted twice). */
export interface ClassSummary { name: string; count: number; selfSize: number; retainedSize: number }

/** `leaklab summary --json`. `totalSize` is the sum of all self sizes. */
export interface SummaryResult { nodes: number; edges: number; totalSize: number; classes: ClassSummary[] }

/** One row of the Comparison view: objects by id present only after (added) or only before (removed). */
export interface ClassDiff {
  name: string;
  added: number;
  removed: number;
  countDelta: number;
  sizeDelta: number;
  /** Retained size of the added objects (same-class nesting counted once), the default ranking. */
  addedRetainedSize: number;
}

/** How the two snapshots were matched: by node id, or (different processes) by class counts only. */
export type DiffMatching = 'by-id' | 'by-class-count';

/** `leaklab diff a b --json`. */
export interface DiffResult {
  classes: ClassDiff[];
  collections: CollectionGrowth[];
  matching: DiffMatching;
  /** Share of the earlier snapshot's ids found in the later one (0..1). */
  idOverlap: number;
  /** Human note when matching fell back to class counts. */
  note?: string;
}

/** Objects allocated between the first and second snapshot and still alive in the third, per class. */
export interface SurvivorClass { name: string; count: number; selfSize: number; retainedSize: number }

/** `leaklab diff a b c --json`. */
export interface SurvivorsResult {
  survivors: SurvivorClass[];
  collections: CollectionGrowth[];
  matching: DiffMatching;
  note?: string;
}

/** Where a closure's code starts (0-based line and column, V8 script id). */
export interface SourceLocation { scriptId: number; line: number; column: number }

/** One hop of a retainer path: the edge taken and the node it reaches. */
export interface RetainerStep {
  /** How the edge is written in the path: `items`, `[4711]`, `context`... */
  edge: string;
  edgeType: string;
  /** The reached node's class (`Foo`, `Function`, `(array)`). */
  className: string;
  /** The reached node's own name when it says more than its class (a closure's function name). */
  nodeName?: string;
  nodeId: number;
  location?: SourceLocation;
}

/** A path from a GC root to an object, shortest first, weak edges skipped. */
export interface RetainerPath {
  /** The root the path starts at, e.g. `global` or `(Global handles)`. */
  root: string;
  steps: RetainerStep[];
  /** `global -> onAudit (closure) -> context -> ledgerBook -> items -> [4711] -> Foo` */
  text: string;
  /** How many instances of the class share this path (array indices aside). */
  instances: number;
  /** Retained size of the object at the end of the path. */
  retainedSize: number;
}

/** `leaklab retainers --json`. */
export interface RetainersResult {
  className: string;
  instanceCount: number;
  /** Instances whose paths were traced: all of them, or an even sample of a large class. Path counts are among these. */
  examinedCount: number;
  paths: RetainerPath[];
}

/** A collection (array, Map, Set, or object used as a map) whose element count grew across snapshots. */
export interface CollectionGrowth {
  /** `Array`, `Map`, `Set` or `Object`. */
  kind: string;
  className: string;
  nodeId: number;
  /** Element counts per snapshot, oldest first; null where the collection did not exist. */
  counts: (number | null)[];
  /** Retained size in the last snapshot. */
  retainedSize: number;
  /** A retainer path naming the collection in the last snapshot, e.g. `global -> users`. */
  path: string;
}

/** What is known right after a snapshot is opened. */
export interface SnapshotInfo {
  nodes: number;
  edges: number;
  totalSize: number;
  fileBytes: number;
  /** Nodes not reachable from the root over retaining edges. */
  unreachableNodes: number;
}
