import type { AllocationGrowthResult, SiteGrowth } from '../../protocol/allocation-results.ts';
import type { HeapProfile } from './heap-profile.ts';
import { buildCallTree } from './call-tree.ts';
import { matchedPaths } from './matched-paths.ts';

/** A path must gain at least this many samples to be called growing: fewer is a handful of objects in flight. */
export const MIN_GROWN_SAMPLES = 4;
/** Standard deviations of the sample counts a growth must exceed. */
const NOISE_SIGMAS = 3;

/** The stretch of the run between the two profiles. */
export interface GrowthWindow {
  /** The program's clock at the first and the second profile. */
  fromMs: number;
  toMs: number;
  /** Requests answered between them; null without load. */
  requests: number | null;
}

/**
 * Whether a path's growth is more than sampling can explain: each profile's sample count on a
 * path is (about) a Poisson count, so the difference of two has a standard deviation of
 * sqrt(before + after). Conservative for a path whose old samples are the same live objects in
 * both profiles, which is what keeps a steady cache from being called growing.
 */
export function isGrowthAboveNoise(samplesBefore: number, samplesAfter: number): boolean {
  const grown = samplesAfter - samplesBefore;
  return grown >= MIN_GROWN_SAMPLES && grown > NOISE_SIGMAS * Math.sqrt(samplesBefore + samplesAfter);
}

/**
 * The call paths whose live memory grew between two sampling heap profiles of one run, with
 * bytes grown per second and per request: where a leak allocates. Frames of Node,
 * natives and node_modules are folded into their callers unless `allFrames`.
 */
export function siteGrowth(before: HeapProfile, after: HeapProfile, window: GrowthWindow, options: { top?: number; allFrames?: boolean } = {}): AllocationGrowthResult {
  const treeOptions = options.allFrames === undefined ? {} : { allFrames: options.allFrames };
  const a = buildCallTree(before.frames, before.nodes, treeOptions);
  const b = buildCallTree(after.frames, after.nodes, treeOptions);
  const seconds = Math.max(0.001, (window.toMs - window.fromMs) / 1000);
  const perRequest = (n: number): number | null => (window.requests ? n / window.requests : null);
  const sites: SiteGrowth[] = matchedPaths(a, b)
    .filter((row) => row.bytes[1] > row.bytes[0])
    .map(({ stack, bytes, samples }) => {
      const bytesGrown = bytes[1] - bytes[0];
      const samplesGrown = samples[1] - samples[0];
      return {
        stack, bytesBefore: bytes[0], bytesAfter: bytes[1], bytesGrown, samplesBefore: samples[0], samplesAfter: samples[1],
        bytesPerSec: bytesGrown / seconds, samplesPerSec: samplesGrown / seconds,
        bytesPerRequest: perRequest(bytesGrown), samplesPerRequest: perRequest(samplesGrown),
        isAboveNoise: isGrowthAboveNoise(samples[0], samples[1]),
      };
    })
    .sort((x, y) => Number(y.isAboveNoise) - Number(x.isAboveNoise) || y.bytesGrown - x.bytesGrown);
  return {
    fromMs: window.fromMs, toMs: window.toMs, requests: window.requests,
    intervalBytes: after.sampleIntervalBytes ?? before.sampleIntervalBytes ?? 0,
    totalBytesBefore: a.totalBytes[0], totalBytesAfter: b.totalBytes[0], isFolded: a.isFolded,
    sites: sites.slice(0, options.top ?? 20),
  };
}
