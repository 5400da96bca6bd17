import type { StackFrame } from '../../protocol/allocation-results.ts';
import { pathKey, stackOf, type CallTree } from './call-tree.ts';

/** One call path with what it holds in each of two call trees. */
export interface MatchedPath {
  stack: StackFrame[];
  bytes: [before: number, after: number];
  samples: [before: number, after: number];
}

/**
 * The call paths of two trees of one program matched by their frames (function, script, line,
 * column; not script ids, which differ between processes), each with its self weights on both
 * sides. Paths that hold nothing on either side are left out.
 */
export function matchedPaths(before: CallTree, after: CallTree): MatchedPath[] {
  const rows = new Map<string, MatchedPath>();
  const add = (tree: CallTree, side: 0 | 1): void => {
    for (let t = 0; t < tree.parentOf.length; t++) {
      if (tree.selfBytes[t] === 0 && tree.selfCount[t] === 0) continue;
      const key = pathKey(tree, t);
      let row = rows.get(key);
      if (!row) { row = { stack: stackOf(tree, t), bytes: [0, 0], samples: [0, 0] }; rows.set(key, row); }
      row.bytes[side] += tree.selfBytes[t];
      row.samples[side] += tree.selfCount[t];
    }
  };
  add(before, 0);
  add(after, 1);
  return [...rows.values()];
}
