import type { ProfileDiffResult } from '../../protocol/allocation-results.ts';
import type { HeapProfile } from './heap-profile.ts';
import { buildCallTree } from './call-tree.ts';
import { matchedPaths } from './matched-paths.ts';
import type { ProfileOptions } from './profile-sites.ts';

/**
 * Where live memory grew between two sampling heap profiles of one program: call paths are
 * matched by their frames (matchedPaths), and ranked by how many more live sampled bytes they
 * hold in the second. The allocation sites of a leak are the paths that keep growing.
 */
export function diffProfiles(before: HeapProfile, after: HeapProfile, options: ProfileOptions = {}): ProfileDiffResult {
  const treeOptions = options.allFrames === undefined ? {} : { allFrames: options.allFrames };
  const a = buildCallTree(before.frames, before.nodes, treeOptions);
  const b = buildCallTree(after.frames, after.nodes, treeOptions);
  const sites = matchedPaths(a, b)
    .map(({ stack, bytes, samples }) => ({ stack, bytesBefore: bytes[0], bytesAfter: bytes[1], bytesDelta: bytes[1] - bytes[0], samplesBefore: samples[0], samplesAfter: samples[1] }))
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
