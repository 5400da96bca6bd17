import type { CliIo } from '../cli-io.ts';
import { UsageError } from '../cli-io.ts';
import { readProfileFile } from '../../analyzer/node/read-profile-file.ts';
import { profileSites } from '../../analyzer/profile/profile-sites.ts';
import { diffProfiles } from '../../analyzer/profile/diff-profiles.ts';
import type { HeapProfile } from '../../analyzer/profile/heap-profile.ts';
import { withSourceMaps } from '../../analyzer/node/read-source-maps.ts';
import { ProfileParseError } from '../../analyzer/errors.ts';
import type { ProfileDiffResult, ProfileSitesResult } from '../../protocol/allocation-results.ts';
import { parseSnapshotArgs, countOption, reportFailure, UnreadableFileError, formatStack } from '../format-analyzer-cli.ts';
import { formatBytes } from '../../format/units.ts';

const USAGE = `usage: leaklab profile <file.heapprofile> [--top N] [--all-frames] [--json]
       leaklab profile <before.heapprofile> <after.heapprofile> [--top N] [--all-frames] [--json]

  A sampling heap profile (node --heap-prof, DevTools' Allocation sampling, or the inspector's
  HeapProfiler.getSamplingProfile) counts the memory that is still alive by the stack that
  allocated it. One file: the call paths holding the most. Two files (of one program, taken
  some time apart): the paths whose live memory grew most, which is where a leak allocates.
  Frames are functions, at the line where each function starts. Source maps next to the
  scripts (//# sourceMappingURL) are followed when the scripts are on this machine.
  --top N        call paths to show (default 20)
  --all-frames   keep the frames of Node, natives and node_modules (folded into their callers by default)
  --json         one file: { totalBytes, totalSamples, sampleIntervalBytes, isFolded, sites: [{ stack, selfBytes, totalBytes, selfSamples, totalSamples }] }
                 two files: { totalBytesBefore, totalBytesAfter, sampleIntervalBytes, isFolded, sites: [{ stack, bytesBefore, bytesAfter, bytesDelta, samplesBefore, samplesAfter }] }`;

/** `leaklab profile`: allocation sites from one sampling heap profile, or their growth between two. */
export async function run(args: string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseSnapshotArgs(args, ['top'], ['all-frames']);
    if (parsed.help) { io.stdout.write(`${USAGE}\n`); return 0; }
    if (parsed.files.length !== 1 && parsed.files.length !== 2) throw new UsageError(`profile takes one or two .heapprofile files, got ${parsed.files.length}.`);
    const options = { top: countOption(parsed, 'top', 20), allFrames: parsed.flags.has('all-frames') };
    const profiles: HeapProfile[] = [];
    for (const file of parsed.files) profiles.push(await openProfile(file));
    if (profiles.length === 1) {
      const result = profileSites(profiles[0], options);
      io.stdout.write(parsed.json ? `${JSON.stringify(result, null, 2)}\n` : formatSites(parsed.files[0], result));
      return 0;
    }
    const result = diffProfiles(profiles[0], profiles[1], options);
    io.stdout.write(parsed.json ? `${JSON.stringify(result, null, 2)}\n` : formatProfileDiff(result));
    return 0;
  } catch (error) {
    return reportFailure(io, error, USAGE);
  }
}

async function openProfile(file: string): Promise<HeapProfile> {
  try {
    return await withSourceMaps(await readProfileFile(file));
  } catch (error) {
    if (error instanceof ProfileParseError) throw new UnreadableFileError(file, error);
    throw error;
  }
}

function sampleNote(interval: number | undefined): string {
  return interval === undefined ? '' : ` One sample stands for about ${formatBytes(interval)}: a difference of a few samples is noise.`;
}

const FOLDED = 'Frames of Node, natives and node_modules are folded into their callers (--all-frames shows them).';

/** One profile's top call paths as text. */
export function formatSites(file: string, result: ProfileSitesResult): string {
  const lines = [`${file}: ${formatBytes(result.totalBytes)} live in ${result.totalSamples.toLocaleString('en-US')} samples.${sampleNote(result.sampleIntervalBytes)}`];
  if (result.isFolded) lines.push(FOLDED);
  lines.push('');
  if (result.sites.length === 0) lines.push('The profile holds no sampled allocations.');
  for (const site of result.sites) {
    lines.push(`${formatBytes(site.selfBytes).padStart(8)} self  ${formatBytes(site.totalBytes).padStart(8)} total  ${String(site.selfSamples).padStart(5)} samples   ${formatStack(site.stack, '').join(`\n${' '.repeat(48)}`)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The growth between two profiles as text. */
export function formatProfileDiff(result: ProfileDiffResult): string {
  const delta = result.totalBytesAfter - result.totalBytesBefore;
  const lines = [`Live sampled memory: ${formatBytes(result.totalBytesBefore)} → ${formatBytes(result.totalBytesAfter)} (${delta >= 0 ? '+' : ''}${formatBytes(delta)}).${sampleNote(result.sampleIntervalBytes)}`];
  if (result.isFolded) lines.push(FOLDED);
  lines.push('');
  const growing = result.sites.filter((site) => site.bytesDelta > 0);
  if (growing.length === 0) lines.push('No call path holds more live memory in the second profile.');
  for (const site of growing) {
    const change = `${formatBytes(site.bytesBefore)} → ${formatBytes(site.bytesAfter)}`;
    lines.push(`${`+${formatBytes(site.bytesDelta)}`.padStart(9)}  ${change.padStart(19)}  ${formatStack(site.stack, '').join(`\n${' '.repeat(32)}`)}`);
  }
  return `${lines.join('\n')}\n`;
}
