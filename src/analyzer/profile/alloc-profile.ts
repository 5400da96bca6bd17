import { ALLOC_NODE_FIELDS, type AllocProfile } from '../../protocol/probe-messages.ts';
import type { HeapProfile } from './heap-profile.ts';

/**
 * The probe's compact profile (AllocProfile, checked by its schema: parents before children,
 * frames in the table) as the analyzer's HeapProfile. No script ids travel
 * on the channel: frames are told apart by function, URL, line and column, which is also how
 * two profiles are matched.
 */
export function heapProfileFromAlloc(profile: AllocProfile): HeapProfile {
  const count = profile.nodes.length / ALLOC_NODE_FIELDS;
  const parentOf = new Int32Array(count), frameOf = new Uint32Array(count);
  const selfBytes = new Float64Array(count), selfCount = new Float64Array(count);
  for (let n = 0; n < count; n++) {
    const at = n * ALLOC_NODE_FIELDS;
    parentOf[n] = profile.nodes[at];
    frameOf[n] = profile.nodes[at + 1];
    selfBytes[n] = profile.nodes[at + 2];
    selfCount[n] = profile.nodes[at + 3];
  }
  return {
    // scriptId 1 for a frame with a URL (the user's or Node's code), 0 for natives: what frameOrigin reads.
    frames: profile.frames.map(([functionName, url, line, column]) => ({ functionName, url, scriptId: url === '' && line === 0 ? 0 : 1, line, column })),
    nodes: { parentOf, frameOf, selfBytes, selfCount },
    hasSamples: true,
    sampleIntervalBytes: profile.intervalBytes,
  };
}
