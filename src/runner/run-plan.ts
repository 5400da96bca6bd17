import net from 'node:net';
import path from 'node:path';
import type { LoadProfile, Permissions, ProgramSpec } from '../protocol/program.ts';
import type { Figure } from '../protocol/samples.ts';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { createRunFolder } from './run-folder.ts';
import { RUNS_ROOT } from '../project-paths.ts';
import { canAllowInspector } from './node-args.ts';
import { allowedNodeFlag, nodeFlagProblem } from '../protocol/node-flags.ts';

/** Everything needed to spawn one run, whether from a page's program or a user's own file. */
export interface RunPlan {
  /** Working directory of the program: the run folder of a lesson, the user's own for their program. */
  dir: string;
  entryPath: string;
  args: string[];
  /** True for a temp folder the run made and must remove. */
  ownsFolder: boolean;
  /** Where the probe writes heap snapshots; removed with the run unless the caller keeps it. */
  snapshotDir: string;
  keepSnapshotDir: boolean;
  heapCapMiB: number;
  nodeFlags: string[];
  /** Node's permission model confines lesson code; null runs with the user's own rights. */
  permissions: Permissions | null;
  load?: LoadProfile;
  /** Where the load goes when the program listens on a port of its own rather than PORT. */
  loadPort?: number;
  figure: Figure;
  /** V8's sampling heap profiler in the program (the probe's allocation sites), or null for none. */
  allocSites: AllocSitesPlan | null;
}

/** How the probe samples allocations: one sample per `intervalBytes` allocated, on average. */
export interface AllocSitesPlan {
  intervalBytes: number;
  /** How often the probe sends a profile by itself (it also answers when asked). */
  profileEveryMs: number;
}

/**
 * The default sampling: V8's own default interval for HeapProfiler.startSampling (32 KiB, 16
 * times finer than `node --heap-prof`), a profile every 5 s. Its cost on a lesson server is in
 * the README (`npm run bench -- --probe-cost`).
 */
export const DEFAULT_ALLOC_SITES: AllocSitesPlan = { intervalBytes: 32 * 1024, profileEveryMs: 5000 };

/** Limits that end a run; see README "Security". */
export interface RunCaps {
  wallTimeMs: number;
  /** rss above the heap cap by more than this ends the run (Buffers are not bounded by the heap cap). */
  offHeapBytes: number;
  outputBytesPerSec: number;
  outputTotalBytes: number;
  maxSnapshotBytes: number;
  /**
   * How long Stop waits after SIGTERM before SIGKILL. Three seconds: enough for what a program
   * does on its way out here (a --heap-prof or --cpu-prof profile is written in well under a
   * second, a diagnostic report in less, a SIGTERM handler closes a server whose load is already
   * gone), and short enough that Stop still feels like Stop. A heap snapshot the program starts
   * writing on SIGTERM may not fit: V8 writes some 50 MB a second here.
   */
  stopGraceMs: number;
  /** How long the runner keeps the files a run wrote for the page to download. */
  keepFilesMs: number;
  /** The largest file kept from a run, and all of one run's files together. */
  maxKeptFileBytes: number;
  maxKeptBytes: number;
}

export const DEFAULT_CAPS: RunCaps = {
  wallTimeMs: 5 * 60_000,
  offHeapBytes: 512 * 1024 * 1024,
  outputBytesPerSec: 64 * 1024,
  outputTotalBytes: 4 * 1024 * 1024,
  maxSnapshotBytes: 1024 * 1024 * 1024,
  stopGraceMs: 3000,
  keepFilesMs: 10 * 60_000,
  maxKeptFileBytes: 1024 * 1024 * 1024,
  maxKeptBytes: 1024 * 1024 * 1024,
};

export class PlanError extends Error {
  readonly code = 'bad-flag';
  constructor(message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

/**
 * A plan for a page's or lesson's program: a fresh folder and the permission model. Allocation
 * sites are on unless `allocSites` is null: a lesson is small, and its cost there is small.
 */
export async function planForProgram(spec: ProgramSpec, options: { allocSites?: AllocSitesPlan | null } = {}): Promise<RunPlan> {
  checkNodeFlags(spec.nodeFlags, true);
  const dir = await createRunFolder(spec);
  return {
    dir,
    entryPath: path.join(dir, spec.entry),
    args: [],
    ownsFolder: true,
    snapshotDir: path.join(dir, '.snapshots'),
    keepSnapshotDir: false,
    heapCapMiB: spec.heapCapMiB,
    nodeFlags: spec.nodeFlags,
    permissions: spec.permissions,
    load: spec.load,
    figure: spec.figure,
    allocSites: options.allocSites === undefined ? DEFAULT_ALLOC_SITES : options.allocSites,
  };
}

/**
 * Refuses a flag off the allow-list (the socket and the CLI have parsed the spec already; a
 * caller that built one by hand has not), and a profiler flag where the permission model would
 * silently keep it from writing its file.
 */
function checkNodeFlags(flags: readonly string[], isConfined: boolean): void {
  for (const flag of flags) {
    const entry = allowedNodeFlag(flag);
    if (!entry) throw new PlanError(`The node flag ${nodeFlagProblem(flag)}.`);
    if (isConfined && entry.needsInspector && !canAllowInspector) {
      throw new PlanError(`${flag} cannot run in a lesson on Node ${process.version}: its permission model closes the inspector the profilers run through, and only Node 24 and later can open it (--allow-inspector). Run Leak Lab on Node 24, or run your own copy of the program with leaklab run app.js --node-flag ${flag}.`);
    }
  }
}

/** A plan for the user's own program, run in place with the user's own rights. */
export async function planForFile(file: string, options: { args?: string[]; cwd?: string; heapCapMiB?: number; nodeFlags?: string[]; load?: LoadProfile; loadPort?: number; figure?: Figure; allocSites?: AllocSitesPlan | null }): Promise<RunPlan> {
  const entryPath = path.resolve(file);
  checkNodeFlags(options.nodeFlags ?? [], false);
  await mkdir(RUNS_ROOT, { recursive: true });
  // Snapshots of the user's program go to a temp folder, never into their project.
  const snapshotDir = await mkdtemp(path.join(RUNS_ROOT, `run-${process.pid}-snap-`));
  return {
    snapshotDir,
    keepSnapshotDir: false,
    // Where the user typed the command, as `node src/server.js` would run: a program that reads
    // config.json relative to its working directory finds it.
    dir: options.cwd ?? process.cwd(),
    entryPath,
    args: options.args ?? [],
    ownsFolder: false,
    heapCapMiB: options.heapCapMiB ?? 4096,
    nodeFlags: options.nodeFlags ?? [],
    permissions: null,
    load: options.load,
    loadPort: options.loadPort,
    figure: options.figure ?? 'heapUsed',
    // Off unless asked for (leaklab run --alloc-sites): the user's own program may be large.
    allocSites: options.allocSites ?? null,
  };
}

/** A port nothing listens on right now, for the program's `PORT`. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
