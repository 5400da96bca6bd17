import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FloorPoint, MemorySample } from '../protocol/samples.ts';
import type { ExitReason, ProgramFile, RunEvent } from '../protocol/run-events.ts';
import type { DiffResult } from '../protocol/query-results.ts';
import type { AllocProfile } from '../protocol/probe-messages.ts';
import { TrendTracker, type TrendVerdict } from '../analyzer/verdict/trend.ts';
import { RUNS_ROOT } from '../project-paths.ts';
import { RunProcess, type RunSnapshot } from './run-process.ts';
import { DEFAULT_CAPS, type RunCaps, type RunPlan } from './run-plan.ts';
import { SnapshotSchedule, warmupSnapshotAtMs, type ScheduleStep } from './snapshot-schedule.ts';

/** How long a program may take to start listening before its run time counts anyway. */
const LISTEN_GRACE_SEC = 5;
/** Room past `seconds` for a slow start, snapshots of a big heap (each pauses the program) and the time they add. */
const WALL_TIME_ROOM_MS = 300_000;

export interface HeadlessOptions {
  /** Seconds of run under load (from when the load is under way), or from start without load. */
  seconds: number;
  caps?: Partial<RunCaps>;
  /** Program-clock times (ms after start) at which to take heap snapshots. */
  snapshotAtMs?: number[];
  /** Take one more snapshot when the time is up, before stopping. */
  finalSnapshot?: boolean;
  /**
   * `leaklab run --until-decided`: `seconds` is then a minimum; while the verdict is still
   * `unknown` the load goes on, up to `maxSeconds` of run in all.
   */
  untilDecided?: { maxSeconds: number };
  /**
   * Compare a snapshot after the warm-up with one at the end (`leaklab run --diff`, the
   * recordings): sets the snapshot times, keeps the files past the run for the comparison and
   * removes them after it.
   */
  compare?: { top: number };
  /**
   * Copy the files the program wrote in its run folder into this folder (made if missing) before
   * the run folder goes (`leaklab run --keep-files DIR`).
   */
  keepFilesIn?: string;
  /** Every event, for printing output live. */
  onEvent?: (event: RunEvent) => void;
}

/** A file the program wrote, and where it is now: copied into `keepFilesIn`, in place (the user's own program), or gone. */
export interface WrittenFile {
  file: ProgramFile;
  /** Where the file is after the run; null when it went with the run folder. */
  at: string | null;
}
/** How long the end of a run waits for the probe's last allocation profile. */
const FINAL_ALLOC_PROFILE_WAIT_MS = 5000;

/**
 * The two allocation profiles a run's growth is measured between (after the warm-up, at the
 * end), with the requests answered in between; or why there are not two.
 */
export type AllocationWindow =
  | { before: AllocProfile; after: AllocProfile; requests: number | null }
  | { before: null; missingReason: string };

/** The snapshot comparison of a run, or why there is none. */
export type SnapshotComparison = { diff: DiffResult } | { diff: null; missingReason: string };

export interface HeadlessResult {
  verdict: TrendVerdict;
  requests: number;
  loadErrors: number;
  samples: MemorySample[];
  /** Active handles at each sample, one per entry of `samples`. */
  activeHandles: number[];
  floors: FloorPoint[];
  nodeVersion: string | null;
  heapLimitBytes: number | null;
  /** Snapshots written; their files are gone once the run ended, unless the plan keeps its snapshot folder. */
  snapshots: RunSnapshot[];
  snapshotFailures: string[];
  /** With `compare`. */
  comparison: SnapshotComparison | null;
  /** What the program wrote (see WrittenFile), and how many more were not listed. */
  files: WrittenFile[];
  moreFiles: number;
  /** With the plan's allocation sites on. */
  allocation: AllocationWindow | null;
  exit: { reason: ExitReason; code: number | null; signal: string | null; message: string };
  /** Seconds the run counted (under load, without snapshot pauses) when it was told to end or ended by itself. */
  ranSec: number;
}

/**
 * Runs a plan for `seconds` (or until the program ends) with no page, feeding the same
 * TrendTracker the page uses, and returns the verdict and the series. The CLI, the lesson truth
 * checks and the recorder all go through here. The schedule (SnapshotSchedule) decides when
 * snapshots are taken and when the run stops; this class wires it to a RunProcess and timers.
 */
export class HeadlessSession {
  readonly #plan: RunPlan;
  readonly #options: HeadlessOptions;
  readonly #tracker: TrendTracker;
  readonly #schedule: SnapshotSchedule;
  readonly #samples: MemorySample[] = [];
  readonly #activeHandles: number[] = [];
  readonly #floors: FloorPoint[] = [];
  readonly #snapshots: RunSnapshot[] = [];
  readonly #snapshotFailures: string[] = [];
  #requests = 0;
  #loadErrors = 0;
  #nodeVersion: string | null = null;
  #heapLimitBytes: number | null = null;
  #exit: HeadlessResult['exit'] | null = null;
  #run: RunProcess | null = null;
  #timer: NodeJS.Timeout | null = null;
  #isLoadUnderWay = false;
  /** The run's counted time when its end was decided (time up, decided or capped) or it exited. */
  #ranMsAtEnd: number | null = null;
  /**
   * The verdict when time was up (decided, or capped): the one reported. Rows that come after it
   * are the final snapshot's pause and its collection, the tool's doing, not more evidence; read
   * after them, a run decided flat could go back to unknown while the snapshot was written.
   */
  #verdictAtEnd: TrendVerdict | null = null;
  /** Requests answered by program time, from the load's reports, for requests per window. */
  readonly #loadPoints: { atMs: number; requests: number }[] = [];
  #allocBaselineId: string | null = null;
  #allocBaseline: AllocProfile | null = null;
  #allocFinalId: string | null = null;
  #allocFinal: AllocProfile | null = null;
  #allocLatest: AllocProfile | null = null;
  #allocUnavailable: string | null = null;
  #onFinalAllocProfile: (() => void) | null = null;

  constructor(plan: RunPlan, options: HeadlessOptions) {
    this.#plan = plan;
    this.#options = options;
    this.#tracker = new TrendTracker(plan.figure);
    const atMs = options.compare ? [warmupSnapshotAtMs(options.seconds)] : options.snapshotAtMs ?? [];
    this.#schedule = new SnapshotSchedule({
      atMs, finalSnapshot: Boolean(options.compare ?? options.finalSnapshot),
      ...(options.untilDecided && { untilDecided: { maxRunMs: Math.max(options.seconds, options.untilDecided.maxSeconds) * 1000 } }),
    });
  }

  /** Runs to the end; resolves with what was measured. Stopped by SIGINT/SIGTERM as if time were up. */
  async run(): Promise<HeadlessResult> {
    const { plan, options } = { plan: this.#plan, options: this.#options };
    if (options.compare) await keepSnapshotFolder(plan);
    const longestSec = Math.max(options.seconds, options.untilDecided?.maxSeconds ?? 0);
    const run = new RunProcess(plan, { ...DEFAULT_CAPS, wallTimeMs: longestSec * 1000 + WALL_TIME_ROOM_MS, ...options.caps }, (e) => this.#onEvent(e), { keepFiles: options.keepFilesIn !== undefined });
    this.#run = run;
    // `seconds` is time under load: on a busy machine the program takes a second or more to start
    // listening, and those seconds hold no evidence. A program that never listens still ends.
    const graceMs = plan.load ? LISTEN_GRACE_SEC * 1000 : 0;
    this.#schedule.startClock(Date.now() + graceMs);
    this.#arm(options.seconds * 1000 + graceMs);
    const onSignal = (): void => void run.stop('stopped');
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      await run.start();
      await run.exited;
    } finally {
      if (this.#timer) clearTimeout(this.#timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    const comparison = options.compare ? await this.#compare(options.compare.top) : null;
    if (!this.#exit) throw new Error('The run ended without an exited event: a bug in RunProcess.');
    const files = await writtenFiles(run, options.keepFilesIn);
    const allocation = plan.allocSites ? this.#allocationWindow() : null;
    return {
      files, moreFiles: run.keptFiles?.moreFiles ?? 0,
      verdict: this.#verdictAtEnd ?? this.#tracker.current(), requests: this.#requests, loadErrors: this.#loadErrors, samples: this.#samples, activeHandles: this.#activeHandles, floors: this.#floors,
      nodeVersion: this.#nodeVersion, heapLimitBytes: this.#heapLimitBytes, snapshots: this.#snapshots, snapshotFailures: this.#snapshotFailures,
      comparison, allocation, exit: this.#exit, ranSec: Math.round((this.#ranMsAtEnd ?? this.#schedule.ranMs(Date.now())) / 100) / 10,
    };
  }

  #allocationWindow(): AllocationWindow {
    const before = this.#allocBaseline;
    // The last profile asked for at the end; else the newest periodic one after the baseline.
    const after = this.#allocFinal ?? this.#allocLatest;
    if (!before || !after || after.atMs <= before.atMs) {
      const why = this.#allocUnavailable ?? (before ? 'the program ended before the probe sent a later allocation profile' : 'the program ended before the warm-up was over, so no allocation profile was taken after it');
      return { before: null, missingReason: why };
    }
    const requestsAt = (atMs: number): number => {
      let requests = 0;
      for (const point of this.#loadPoints) if (point.atMs <= atMs) requests = point.requests;
      return requests;
    };
    return { before, after, requests: this.#plan.load ? requestsAt(after.atMs) - requestsAt(before.atMs) : null };
  }

  /** Allocation sites: a baseline profile once the warm-up is over, like the first snapshot of a comparison. */
  #maybeAskAllocBaseline(atMs: number): void {
    const run = this.#run!;
    if (!this.#plan.allocSites || this.#allocBaselineId !== null || atMs < warmupSnapshotAtMs(this.#options.seconds)) return;
    if (this.#plan.load && !this.#isLoadUnderWay) return;
    this.#allocBaselineId = run.requestAllocProfile() ?? '';
  }

  #onAllocProfile(profile: AllocProfile): void {
    if (profile.requestId !== undefined && profile.requestId === this.#allocBaselineId) this.#allocBaseline = profile;
    else if (profile.requestId !== undefined && profile.requestId === this.#allocFinalId) {
      this.#allocFinal = profile;
      this.#onFinalAllocProfile?.();
    } else if (this.#allocBaseline) this.#allocLatest = profile;
  }

  /** Stops the run, after the probe's last allocation profile (or a wait for it) when sites are on. */
  async #stopAfterFinalAllocProfile(): Promise<void> {
    const run = this.#run!;
    if (this.#plan.allocSites && this.#allocBaseline && this.#allocFinalId === null && !run.hasExited) {
      this.#allocFinalId = run.requestAllocProfile() ?? '';
      if (this.#allocFinalId) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, FINAL_ALLOC_PROFILE_WAIT_MS);
          this.#onFinalAllocProfile = () => { clearTimeout(timer); resolve(); };
          void run.exited.then(() => { clearTimeout(timer); resolve(); });
        });
      }
    }
    await run.stop('stopped');
  }

  #onEvent(event: RunEvent): void {
    this.#options.onEvent?.(event);
    const run = this.#run!;
    switch (event.type) {
      case 'started':
        this.#nodeVersion = event.nodeVersion;
        this.#heapLimitBytes = event.heapLimitBytes;
        return;
      case 'sample':
        this.#samples.push(event.sample);
        this.#activeHandles.push(event.activeHandles);
        this.#tracker.addSample(event.sample, event.activeHandles);
        this.#maybeAskAllocBaseline(event.sample.atMs);
        return this.#apply(this.#schedule.onSample(event.sample.atMs, Date.now()));
      case 'floor':
        this.#floors.push(event.floor);
        return this.#tracker.addFloor(event.floor);
      case 'load-ready':
        // The first connection: the run's seconds count from here (a re-aimed load connects again).
        if (this.#isLoadUnderWay) return;
        this.#isLoadUnderWay = true;
        this.#schedule.startClock(Date.now());
        return this.#arm(this.#options.seconds * 1000);
      case 'load':
        this.#requests = event.requests;
        this.#loadErrors = event.errors;
        this.#loadPoints.push({ atMs: event.atMs, requests: event.requests });
        return this.#tracker.addRequests(event.atMs, event.requests);
      case 'snapshot-ready': {
        // Its collection drops the floor: the verdict must know that fall is not the program's.
        this.#tracker.addSnapshot(event.snapshot.atMs);
        const snapshot = run.snapshots.get(event.snapshot.snapshotId);
        if (snapshot) this.#snapshots.push(snapshot);
        return this.#apply(this.#schedule.onSnapshotSettled(Date.now(), run.hasExited));
      }
      case 'snapshot-failed':
        this.#snapshotFailures.push(event.reason);
        return this.#apply(this.#schedule.onSnapshotSettled(Date.now(), run.hasExited));
      case 'exited':
        this.#ranMsAtEnd ??= this.#schedule.ranMs(Date.now());
        this.#exit = { reason: event.reason, code: event.code, signal: event.signal, message: event.message };
        return;
      case 'alloc-profile':
        return this.#onAllocProfile(event.profile);
      case 'notice':
        if (event.code === 'alloc-sites-unavailable') this.#allocUnavailable = event.text;
        return;
      case 'output':
      case 'snapshot-progress':
      case 'artifacts':
        return; // for onEvent (the terminal); nothing the schedule or the verdict needs
    }
  }

  #apply(step: ScheduleStep): void {
    const run = this.#run!;
    switch (step.type) {
      case 'none': return;
      case 'take-snapshot': return run.requestSnapshot();
      case 'stop': return void this.#stopAfterFinalAllocProfile();
      case 'run-on': return this.#arm(step.ms);
    }
  }

  #arm(ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      const run = this.#run;
      if (!run) return;
      const nowMs = Date.now();
      // Under load, a program that has answered no request by now (a hung handler) gives the
      // verdict nothing to wait for: it is not kept on until the cap.
      const isDecided = this.#tracker.current().verdict !== 'unknown' || (this.#plan.load !== undefined && this.#requests === 0);
      const step = this.#schedule.onTimeUp(nowMs, run.hasExited, isDecided);
      if (step.type !== 'run-on') {
        this.#ranMsAtEnd ??= this.#schedule.ranMs(nowMs);
        this.#verdictAtEnd ??= this.#tracker.current();
      }
      this.#apply(step);
    }, ms);
  }

  async #compare(top: number): Promise<SnapshotComparison> {
    const plan = this.#plan;
    try {
      if (this.#snapshots.length < 2) {
        return { diff: null, missingReason: `${this.#snapshots.length} of 2 snapshots were written. ${this.#snapshotFailures.join(' ')}`.trim() };
      }
      // Loaded only for a comparison: opening snapshots is the analyzer's heaviest part.
      const { diffSnapshotFiles, SnapshotParseError } = await import('../analyzer/node/open-snapshot-file.ts');
      try {
        return { diff: await diffSnapshotFiles(this.#snapshots[0].file, this.#snapshots[this.#snapshots.length - 1].file, { top }) };
      } catch (err) {
        if (!(err instanceof SnapshotParseError)) throw err;
        return { diff: null, missingReason: `the snapshots could not be compared: ${err.message}` };
      }
    } finally {
      await rm(plan.snapshotDir, { recursive: true, force: true });
    }
  }
}

/** Runs a plan headless; see HeadlessSession. */
export function runHeadless(plan: RunPlan, options: HeadlessOptions): Promise<HeadlessResult> {
  return new HeadlessSession(plan, options).run();
}

/** The run's files, copied into `keepIn` when given; the runner's kept copies are removed either way. */
async function writtenFiles(run: RunProcess, keepIn: string | undefined): Promise<WrittenFile[]> {
  const kept = run.keptFiles;
  if (!kept) return [];
  try {
    const placed = keepIn === undefined ? new Map<string, string>() : await kept.copyInto(keepIn);
    return kept.entries.map(({ file }) => ({ file, at: placed.get(file.fileId) ?? file.path ?? null }));
  } finally {
    await kept.discard();
  }
}

/** Keeps the snapshots past the run, for the comparison after it (which then removes them). */
async function keepSnapshotFolder(plan: RunPlan): Promise<void> {
  // A lesson's snapshots are written inside its run folder, which goes when the run ends: they
  // need a folder of their own. A user's program already has one outside its own project.
  if (plan.ownsFolder) {
    await mkdir(RUNS_ROOT, { recursive: true });
    plan.snapshotDir = await mkdtemp(path.join(RUNS_ROOT, `run-${process.pid}-snap-`));
  }
  plan.keepSnapshotDir = true;
}
