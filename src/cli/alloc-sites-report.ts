import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AllocationWindow } from '../runner/headless-session.ts';
import type { AllocationSitesReport } from '../protocol/run-report.ts';
import type { Figure } from '../protocol/samples.ts';
import type { StackFrame } from '../protocol/allocation-results.ts';
import { heapProfileFromAlloc } from '../analyzer/profile/alloc-profile.ts';
import type { HeapProfile } from '../analyzer/profile/heap-profile.ts';
import { siteGrowth } from '../analyzer/profile/site-growth.ts';
import { withSourceMaps } from '../analyzer/node/read-source-maps.ts';
import { formatBytes } from '../format/units.ts';
import { formatFrame, formatStack } from './format-analyzer-cli.ts';

/** Where a lesson's files ran (its temp run folder) and where they are in the checkout. */
export interface FileRenames {
  /** The run folder, as V8 names its scripts: a file URL for ES modules, a path for CommonJS. */
  fromUrls: string[];
  /** File name in the run folder → path to show (`main.js` → `lessons/01-…/leaky.js`). */
  files: Record<string, string>;
}

/**
 * The allocation sites of a headless run for `leaklab run`: the growth between its two probe
 * profiles, with frames moved through source maps (bundled code) and a lesson's run-folder
 * files named as the lesson's own. TypeScript run with Node's type stripping needs no map: the
 * stripped types become spaces, so lines and columns stay the file's.
 */
export async function allocationSitesReport(window: AllocationWindow, figure: Figure, options: { top: number; renames?: FileRenames }): Promise<AllocationSitesReport> {
  if (window.before === null) return { missingReason: window.missingReason };
  const open = async (profile: typeof window.before): Promise<HeapProfile> => renamed(await withSourceMaps(heapProfileFromAlloc(profile)), options.renames);
  const growth = siteGrowth(await open(window.before), await open(window.after), { fromMs: window.before.atMs, toMs: window.after.atMs, requests: window.requests }, { top: options.top });
  return {
    ...growth,
    figure: 'heapUsed',
    sites: growth.sites.map((s) => ({ ...s, site: s.stack.length ? formatFrame(s.stack[0]) : '(no frame of your code)' })),
    ...(figure !== 'heapUsed' && {
      note: `The verdict is about ${figure}; V8's sampling heap profiler sees the JS heap only, so these are the JS objects that grew (for Buffers and ArrayBuffers, their small handles), not the ${figure} bytes themselves.`,
    }),
  };
}

function renamed(profile: HeapProfile, renames: FileRenames | undefined): HeapProfile {
  if (!renames) return profile;
  const frames = profile.frames.map((frame) => {
    const prefix = renames.fromUrls.find((p) => frame.url.startsWith(p));
    if (prefix === undefined) return frame;
    const name = frame.url.slice(prefix.length);
    const shown = renames.files[prefix.startsWith('file:') ? decodeURIComponent(name) : name];
    return shown === undefined ? frame : { ...frame, url: shown };
  });
  return { ...profile, frames };
}

/** The renames for a lesson run: run folder `dir`, its entry `main.js` shown as the variant's file. */
export function lessonRenames(dir: string, lessonDir: string, variantFile: string, fileNames: string[]): FileRenames {
  const show = (name: string): string => path.relative(process.cwd(), path.join(lessonDir, name)) || name;
  const files: Record<string, string> = {};
  for (const name of fileNames) files[name] = show(name === 'main.js' ? variantFile : name);
  return { fromUrls: [pathToFileURL(dir).href + '/', dir + path.sep], files };
}

/** The sites as `leaklab run` prints them: those above noise, or a line saying there are none. */
export function formatAllocationSites(report: AllocationSitesReport, maxSites = 5): string {
  if ('missingReason' in report) return `No allocation sites: ${report.missingReason}\n`;
  const seconds = (report.toMs - report.fromMs) / 1000;
  const window = `${seconds.toFixed(1)} s${report.requests !== null ? `, ${report.requests.toLocaleString('en-US')} requests` : ''}`;
  const lines = [`Allocation sites whose live memory grew (after warm-up -> end: ${window}; one sample ≈ ${formatBytes(report.intervalBytes)}):`];
  if (report.note) lines.push(report.note);
  lines.push('');
  const growing = report.sites.filter((s) => s.isAboveNoise).slice(0, maxSites);
  if (growing.length === 0) lines.push('  No allocation site grew by more than sampling noise.');
  for (const s of growing) {
    const rate = `${formatBytes(s.bytesPerSec)}/s`;
    const perRequest = s.bytesPerRequest !== null ? `${formatBytes(s.bytesPerRequest)}/request` : '';
    const samples = `+${s.samplesAfter - s.samplesBefore} samples`;
    const head = `  +${formatBytes(s.bytesGrown).padEnd(8)} ${rate.padStart(10)} ${perRequest.padStart(15)} ${samples.padStart(13)}   `;
    lines.push(head + formatStack(s.stack as StackFrame[], '', 4).join(`\n${' '.repeat(head.length)}`));
  }
  return `${lines.join('\n')}\n`;
}
