import type { AllocationSite, AllocationTreeNode, StackFrame } from '../../protocol/allocation-results.ts';
import type { CallNodes, RawFrame } from './heap-profile.ts';
import { frameOrigin } from './frame-origin.ts';

/**
 * A call tree as it is shown: raw roots merged into one root (tree node 0, no frame), and, when
 * folded, every frame that is not the user's code merged into its nearest caller that is (or
 * into the root when there is none), its allocations and its callees with it. Children with the
 * same frame are merged, so each tree node is one call path.
 */
export interface CallTree {
  frames: StackFrame[];
  /** Per tree node: parent (-1 for the root), frame (-1 for the root), self and total weights. */
  parentOf: Int32Array;
  frameOf: Int32Array;
  selfBytes: Float64Array;
  selfCount: Float64Array;
  totalBytes: Float64Array;
  totalCount: Float64Array;
  isFolded: boolean;
}

/** Builds the shown tree from raw call nodes (parents before children). */
export function buildCallTree(rawFrames: RawFrame[], nodes: CallNodes, options: { allFrames?: boolean } = {}): CallTree {
  const isFolded = options.allFrames !== true;
  const frames: StackFrame[] = rawFrames.map((f) => ({
    functionName: f.functionName, url: f.url, line: f.line, column: f.column, origin: frameOrigin(f), ...(f.generated && { generated: f.generated }),
  }));
  const { parentOf: rawParent, frameOf: rawFrame, selfBytes: rawBytes, selfCount: rawCount } = nodes;
  const rawCountOfNodes = rawParent.length;
  const target = new Int32Array(rawCountOfNodes);
  const parentOf: number[] = [-1], frameOf: number[] = [-1], selfBytes: number[] = [0], selfCount: number[] = [0];
  const childOf = new Map<number, number>(); // parent tree node × frame count + frame → tree node
  const frameCount = frames.length;
  for (let n = 0; n < rawCountOfNodes; n++) {
    const parent = rawParent[n];
    if (parent >= n) throw new Error(`call node ${n} comes before its parent ${parent}`);
    const above = parent === -1 ? 0 : target[parent];
    const frame = rawFrame[n];
    let node: number;
    if (parent === -1 || (isFolded && frames[frame].origin !== 'app')) node = above;
    else {
      const key = above * frameCount + frame;
      const known = childOf.get(key);
      if (known !== undefined) node = known;
      else {
        node = parentOf.length;
        parentOf.push(above); frameOf.push(frame); selfBytes.push(0); selfCount.push(0);
        childOf.set(key, node);
      }
    }
    target[n] = node;
    selfBytes[node] += rawBytes[n];
    selfCount[node] += rawCount[n];
  }
  const size = parentOf.length;
  const totalBytes = Float64Array.from(selfBytes), totalCount = Float64Array.from(selfCount);
  // Children are made after their parents: one pass backwards adds each into its parent.
  for (let t = size - 1; t > 0; t--) { totalBytes[parentOf[t]] += totalBytes[t]; totalCount[parentOf[t]] += totalCount[t]; }
  return {
    frames, parentOf: Int32Array.from(parentOf), frameOf: Int32Array.from(frameOf),
    selfBytes: Float64Array.from(selfBytes), selfCount: Float64Array.from(selfCount), totalBytes, totalCount, isFolded,
  };
}

/** The call path of a tree node, innermost frame first. */
export function stackOf(tree: CallTree, node: number): StackFrame[] {
  const stack: StackFrame[] = [];
  for (let t = node; t > 0; t = tree.parentOf[t]) stack.push(tree.frames[tree.frameOf[t]]);
  return stack;
}

/** The tree's call paths by self bytes, largest first: where the memory was allocated. */
export function topSites(tree: CallTree, top: number): AllocationSite[] {
  const order: number[] = [];
  for (let t = 0; t < tree.parentOf.length; t++) if (tree.selfBytes[t] > 0) order.push(t);
  order.sort((x, y) => tree.selfBytes[y] - tree.selfBytes[x] || tree.totalBytes[y] - tree.totalBytes[x] || x - y);
  return order.slice(0, top).map((t) => ({
    stack: stackOf(tree, t), selfBytes: tree.selfBytes[t], totalBytes: tree.totalBytes[t], selfSamples: tree.selfCount[t], totalSamples: tree.totalCount[t],
  }));
}

/** The tree top-down as nested nodes, children by total bytes, largest first. */
export function topDownTree(tree: CallTree): AllocationTreeNode {
  const size = tree.parentOf.length;
  const made: AllocationTreeNode[] = new Array(size);
  for (let t = 0; t < size; t++) {
    made[t] = {
      ...(t > 0 && { frame: tree.frames[tree.frameOf[t]] }),
      selfBytes: tree.selfBytes[t], totalBytes: tree.totalBytes[t], selfSamples: tree.selfCount[t], totalSamples: tree.totalCount[t], children: [],
    };
    if (t > 0) made[tree.parentOf[t]].children.push(made[t]);
  }
  for (const node of made) node.children.sort((x, y) => y.totalBytes - x.totalBytes);
  return made[0];
}

/** A key naming a call path, equal across profiles of different processes (no script ids). */
export function pathKey(tree: CallTree, node: number): string {
  const parts: string[] = [];
  for (let t = node; t > 0; t = tree.parentOf[t]) {
    const f = tree.frames[tree.frameOf[t]];
    parts.push(`${f.functionName}\u0001${f.url}\u0001${f.line}\u0001${f.column}`);
  }
  return parts.join('\u0002');
}
