import type { LoadProfile } from '../../protocol/program.ts';

/**
 * The load a demo runs under, in words for the presenter's screen. The profile is the lesson's
 * own: a fixed rate and connection count, its paths requested in turn (never at random), so two
 * runs of one program get the same requests in the same order. Said beside it: what can still
 * differ between two runs.
 */
export function describeDemoLoad(load: Pick<LoadProfile, 'paths' | 'ratePerSec' | 'connections' | 'method'> | undefined): string {
  if (!load) return 'No load: this program is not a server, so every run does the same work by itself.';
  const paths = load.paths.length === 1 ? load.paths[0] : `${load.paths.join(', ')} in turn`;
  return `Load: ${load.ratePerSec} requests/s over ${load.connections} ${load.connections === 1 ? 'connection' : 'connections'}, ${load.method} ${paths}; the same every run.`;
}

/** What a fixed load cannot fix; shown beside the load, so nobody on stage is surprised. */
export const WHAT_STILL_DIFFERS =
  'What can still differ between runs: when V8 collects garbage (the sawtooth and the exact floor points), how fast this machine is, and the random bytes a program makes (not their sizes).';
