import type { AllocationTreeNode } from '../../protocol/allocation-results.ts';
import type { HeapProfile } from './heap-profile.ts';
import { buildCallTree, pathKey, type CallTree } from './call-tree.ts';

/**
 * The top-down tree of what grew between two sampling heap profiles of one program: each call
 * path of the second profile with the live bytes (and samples) it and its callees hold more
 * than the same path (matched by frames, as matchedPaths does) held in the first. Paths that did
 * not grow are left out, and children are ordered by growth, largest first: the shape a flame
 * graph of the leak draws. The root holds the growth of the whole profile.
 */
export function growthTree(before: HeapProfile, after: HeapProfile, options: { allFrames?: boolean } = {}): AllocationTreeNode {
  const treeOptions = options.allFrames === undefined ? {} : { allFrames: options.allFrames };
  const a = buildCallTree(before.frames, before.nodes, treeOptions);
  const b = buildCallTree(after.frames, after.nodes, treeOptions);
  const earlier = new Map<string, number>();
  for (let t = 1; t < a.parentOf.length; t++) earlier.set(pathKey(a, t), t);
  const size = b.parentOf.length;
  const made: (AllocationTreeNode | null)[] = new Array(size).fill(null);
  const delta = (tree: CallTree, t: number, other: number | undefined, field: 'selfBytes' | 'totalBytes' | 'selfCount' | 'totalCount'): number =>
    tree[field][t] - (other === undefined ? 0 : a[field][other]);
  for (let t = 0; t < size; t++) {
    const other = t === 0 ? 0 : earlier.get(pathKey(b, t));
    const totalBytes = delta(b, t, other, 'totalBytes');
    // A parent holds at least its children's growth only when it grew: a shrinking path is cut
    // with everything under it, since the view ranks growth and has no place for a negative width.
    if (t > 0 && (totalBytes <= 0 || made[b.parentOf[t]] === null)) continue;
    made[t] = {
      ...(t > 0 && { frame: b.frames[b.frameOf[t]] }),
      selfBytes: Math.max(0, delta(b, t, other, 'selfBytes')),
      totalBytes: Math.max(0, totalBytes),
      selfSamples: Math.max(0, delta(b, t, other, 'selfCount')),
      totalSamples: Math.max(0, delta(b, t, other, 'totalCount')),
      children: [],
    };
    if (t > 0) made[b.parentOf[t]]!.children.push(made[t]!);
  }
  for (const node of made) node?.children.sort((x, y) => y.totalBytes - x.totalBytes);
  return made[0]!;
}
