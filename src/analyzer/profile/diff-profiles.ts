import type { ProfileDiffResult, ProfileDiffSite } from '../../protocol/allocation-results.ts';
import type { HeapProfile } from './heap-profile.ts';
import { buildCallTree, pathKey, stackOf, type CallTree } from './call-tree.ts';
import type { ProfileOptions } from './profile-sites.ts';

/**
 * Where live memory grew between two sampling heap profiles of one program: call paths are
 * matched by their frames (function, script, line, column; not script ids, which differ between
 * processes), and ranked by how many more live sampled bytes they hold in the second. The
 * allocation sites of a leak are the paths that keep growing.
 */
export function diffProfiles(before: HeapProfile, after: HeapProfile, options: ProfileOptions = {}): ProfileDiffResult {
  const treeOptions = options.allFrames === undefined ? {} : { allFrames: options.allFrames };
  const a = buildCallTree(before.frames, before.nodes, treeOptions);
  const b = buildCallTree(after.frames, after.nodes, treeOptions);
  const rows = new Map<string, ProfileDiffSite>();
  const add = (tree: CallTree, side: 'before' | 'after'): void => {
    for (let t = 0; t < tree.parentOf.length; t++) {
      if (tree.selfBytes[t] === 0 && tree.selfCount[t] === 0) continue;
      const key = pathKey(tree, t);
      let row = rows.get(key);
      if (!row) { row = { stack: stackOf(tree, t), bytesBefore: 0, bytesAfter: 0, bytesDelta: 0, samplesBefore: 0, samplesAfter: 0 }; rows.set(key, row); }
      if (side === 'before') { row.bytesBefore += tree.selfBytes[t]; row.samplesBefore += tree.selfCount[t]; }
      else { row.bytesAfter += tree.selfBytes[t]; row.samplesAfter += tree.selfCount[t]; }
    }
  };
  add(a, 'before');
  add(b, 'after');
  const sites = [...rows.values()]
    .map((row) => ({ ...row, bytesDelta: row.bytesAfter - row.bytesBefore }))
    .filter((row) => row.bytesDelta !== 0)
    .sort((x, y) => y.bytesDelta - x.bytesDelta || y.bytesAfter - x.bytesAfter);
  const interval = after.sampleIntervalBytes ?? before.sampleIntervalBytes;
  return {
    totalBytesBefore: a.totalBytes[0],
    totalBytesAfter: b.totalBytes[0],
    ...(interval !== undefined && { sampleIntervalBytes: interval }),
    isFolded: a.isFolded,
    sites: sites.slice(0, options.top ?? 20),
  };
}
