import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { ExitReason, RunEvent } from '../protocol/run-events.ts';
import { PROBE_PATH } from '../project-paths.ts';
import { allocSitesPermissionArgs, permissionArgs, spawnCommand } from './node-args.ts';
import { OutputLimiter } from './output-limiter.ts';
import { ProbeChannel, type RunSnapshot } from './probe-channel.ts';
import { LoadDriver } from './load-driver.ts';
import { discardPlanFolders } from './run-folder.ts';
import { exitText } from './exit-text.ts';
import { HeapLimitWatch } from './heap-limit.ts';
import { notice, ProbeEvents } from './probe-events.ts';
import { freePort, type RunCaps, type RunPlan } from './run-plan.ts';
import { findProgramFiles, folderBaseline, type FolderBaseline, type WalkOptions } from './program-files.ts';
import { KeptFiles } from './kept-files.ts';
import { needsInspector } from '../protocol/node-flags.ts';
import { PROBE_GC_NOTICE, ProbeGcMarks, tracesGc } from './probe-gc-marks.ts';
import path from 'node:path';

// Callers (the headless session) take the snapshot type from the run that holds them.
export type { RunSnapshot };

export interface RunProcessOptions {
  /**
   * Keep the files the program wrote in its run folder past the run (KeptFiles), for the page to
   * download or the CLI to copy; whoever asks for them discards them. Without it they are listed
   * and removed with the folder. A program of the user's own leaves its files where it wrote them.
   */
  keepFiles?: boolean;
}

const PERMISSION_DENIED_TEXT = /ERR_ACCESS_DENIED[\s\S]{0,300}?permission: '(\w+)'/;
const ANSI_COLOUR = /\x1b\[[0-9;]*m/g;

/**
 * One run of a program under the probe, as a process on this machine, with its load process.
 * Emits RunEvents: `started` first, `exited` last and exactly once. Kills both processes and
 * removes its folder on any end. This file is the processes' lifecycle and caps; what the probe
 * says is `ProbeChannel`'s, where the load goes and how it is doing is `LoadDriver`'s, and the
 * words for both are `ProbeEvents`' (shared with the WebContainer run).
 */
export class RunProcess {
  readonly runId = randomUUID();
  readonly plan: RunPlan;
  readonly caps: RunCaps;
  readonly exited: Promise<void>;
  private readonly emit: (event: RunEvent) => void;
  private child: ChildProcess | null = null;
  private load: LoadDriver | null = null;
  private stopReason: ExitReason | null = null;
  private readonly heapLimit = new HeapLimitWatch();
  private stderrTail = '';
  private hasEnded = false;
  private sawPermissionDenied = false;
  private watchdog: NodeJS.Timeout | null = null;
  private wallTimer: NodeJS.Timeout | null = null;
  private readonly output: OutputLimiter;
  private readonly probe: ProbeChannel;
  private readonly events: ProbeEvents;
  private readonly options: RunProcessOptions;
  /** The run folder's files before the program ran, to tell its own files from ours. */
  private baseline: FolderBaseline | null = null;
  private kept: KeptFiles | null = null;
  /** Set while a graceful Stop waits for the program to end after SIGTERM. */
  private graceTimer: NodeJS.Timeout | null = null;
  private readonly gcMarks: ProbeGcMarks | null;
  private resolveExited!: () => void;
  /** The profiler flag that turned the plan's allocation sites off, if one did. */
  private readonly allocSitesOffFor: string | null;

  constructor(plan: RunPlan, caps: RunCaps, emit: (event: RunEvent) => void, options: RunProcessOptions = {}) {
    this.plan = plan;
    this.caps = caps;
    this.emit = emit;
    this.options = options;
    this.gcMarks = tracesGc(plan.nodeFlags) ? new ProbeGcMarks() : null;
    // A profiler flag (--heap-prof, --cpu-prof) needs the inspector to the end, where the probe's
    // allocation sites give it back before the program runs, and --heap-prof needs the one
    // sampling heap profiler the probe would use: the learner asked for the flag, so it wins.
    this.allocSitesOffFor = plan.allocSites ? plan.nodeFlags.find((f) => needsInspector([f])) ?? null : null;
    this.output = new OutputLimiter(caps.outputBytesPerSec, caps.outputTotalBytes);
    this.events = new ProbeEvents(this.runId, plan.load, { name: 'load driver' });
    this.probe = new ProbeChannel({
      plan,
      caps,
      events: this.events,
      emit: (event) => {
        this.emitLive(event);
        if (event.type === 'started' && this.gcMarks) this.notice('info', 'trace-gc-probe', PROBE_GC_NOTICE);
        if (event.type === 'started' && this.allocSitesOffFor) {
          this.notice('warn', 'alloc-sites-unavailable', `No allocation sites in this run: ${this.allocSitesOffFor} runs through Node's inspector for the whole run, and V8 has one sampling heap profiler per process, which the probe's allocation sites would take from it (its file would come out empty or not at all). The file it writes holds the call paths instead: open it from the Files tab or on the analyze page.`);
        }
      },
      notice: (level, code, text) => this.notice(level, code, text),
      stop: (reason) => void this.stop(reason),
      listening: (port) => this.load?.onListening(port),
    });
    this.exited = new Promise((resolve) => { this.resolveExited = resolve; });
  }

  get hasExited(): boolean { return this.hasEnded; }
  get pid(): number | undefined { return this.child?.pid; }
  /** Snapshots the probe wrote for this run, by snapshot id. */
  get snapshots(): Map<string, RunSnapshot> { return this.probe.snapshots; }
  /** The files the program wrote, once it has ended; kept past the run only with `keepFiles`. */
  get keptFiles(): KeptFiles | null { return this.kept; }

  /** Spawns the program (and, once it listens, the load). Failures end the run with reason `failed`. */
  async start(): Promise<void> {
    const { plan } = this;
    let port: number;
    try {
      port = await freePort();
    } catch (err) {
      return this.finish('failed', null, null, `Could not find a free port: ${(err as Error).message}`);
    }
    if (this.hasEnded || this.stopReason) return; // stopped while the port was being found
    try {
      this.baseline = await folderBaseline(plan.dir, this.walkOptions());
    } catch (err) {
      return this.finish('failed', null, null, `Could not read the run folder ${plan.dir}: ${(err as Error).message}`);
    }
    if (this.hasEnded || this.stopReason) return;
    const allocSites = this.allocSitesArgs();
    const nodeArgs = [
      '--expose-gc',
      `--max-old-space-size=${plan.heapCapMiB}`,
      ...(plan.permissions ? [...permissionArgs(plan.dir, plan.permissions, plan.nodeFlags), `--allow-fs-write=${plan.snapshotDir}`, `--allow-fs-read=${plan.snapshotDir}`] : []),
      ...allocSites.args,
      ...plan.nodeFlags,
      '--import', PROBE_PATH,
      plan.entryPath,
      ...plan.args,
    ];
    const { command, args } = spawnCommand(nodeArgs);
    // Lesson code gets a small, known environment; the user's own program keeps theirs.
    const baseEnv = plan.permissions ? { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: plan.dir, NODE_ENV: 'development' } : { ...process.env };
    delete (baseEnv as Record<string, string | undefined>).NODE_OPTIONS;
    const child = spawn(command, args, {
      cwd: plan.dir,
      env: { ...baseEnv, ...allocSites.env, PORT: String(port), FORCE_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child = child;
    child.stdout!.setEncoding('utf8').on('data', (text: string) => this.onOutput('stdout', text));
    child.stderr!.setEncoding('utf8').on('data', (text: string) => this.onStderr(text));
    child.on('message', (msg) => this.probe.receive(msg));
    child.on('error', (err) => this.finish('failed', null, null, `Could not start node: ${err.message}`));
    // 'close' comes after the last output (V8's FATAL ERROR is printed right before the abort);
    // a grandchild holding the pipes open must not delay the end for long, hence the timer.
    const onEnd = (code: number | null, signal: NodeJS.Signals | null): void => {
      void this.finish(this.stopReason ?? (this.heapLimit.hasSeen ? 'heap-cap' : 'exited'), code, signal);
    };
    child.on('exit', (code, signal) => setTimeout(() => onEnd(code, signal), 500).unref());
    child.on('close', onEnd);
    this.wallTimer = setTimeout(() => this.stop('wall-time'), this.caps.wallTimeMs);
    this.watchdog = setInterval(() => this.checkHealth(), 500);
    if (plan.load) {
      this.load = new LoadDriver({
        plan,
        events: this.events,
        emit: (event) => this.emitLive(event),
        notice: (level, code, text) => this.notice(level, code, text),
      }, plan.load, port);
      this.load.start();
    }
  }

  /**
   * Ends the run for `reason`; resolves once `exited` has been emitted. Stop (`stopped`, the
   * page's button and the CLI's end of run) is graceful: the load goes first, then SIGTERM, and
   * SIGKILL only when the program is still there after `caps.stopGraceMs`. Every other end (a
   * cap, a new run, the page or the server going away) kills at once, as does any of them
   * arriving while a graceful Stop waits.
   */
  stop(reason: ExitReason): Promise<void> {
    if (this.hasEnded) return this.exited;
    if (this.stopReason) {
      if (this.graceTimer && reason !== 'stopped') this.kill();
      return this.exited;
    }
    this.stopReason = reason;
    const child = this.child;
    if (!child) void this.finish(reason, null, null);
    else if (reason === 'stopped' && child.exitCode === null && child.signalCode === null) this.stopGracefully(child);
    else this.kill();
    return this.exited;
  }

  /** Sends the program a signal it asked to handle (a snapshot on SIGUSR2, its own SIGTERM shutdown under load). */
  signal(signal: NodeJS.Signals): void {
    const child = this.child;
    if (this.hasEnded || this.stopReason || !child || !this.events.hasStarted) {
      return this.notice('warn', 'signal-not-sent', `${signal} was not sent: the program is not running.`);
    }
    child.kill(signal);
    this.notice('info', 'signal-sent', `Sent ${signal} to the program (pid ${child.pid}).`);
  }

  /**
   * Stop's grace: the program's own SIGTERM handler, or the probe's (which ends a program that
   * has none through process.exit, so --heap-prof and --cpu-prof write their files), gets
   * `caps.stopGraceMs` to finish. The load is killed first: a handler that closes the server
   * waits for its connections, and new requests would keep it waiting.
   */
  private stopGracefully(child: ChildProcess): void {
    this.load?.kill();
    child.kill('SIGTERM');
    const graceSec = Number((this.caps.stopGraceMs / 1000).toFixed(1));
    this.notice('info', 'stopping', `Stop: sent SIGTERM to the program (pid ${child.pid}); it has ${graceSec} s to end before SIGKILL.`);
    this.graceTimer = setTimeout(() => this.kill(), this.caps.stopGraceMs);
  }

  /** Asks the probe for a heap snapshot; answered by `snapshot-ready` or `snapshot-failed`. */
  requestSnapshot(): void {
    this.probe.requestSnapshot(this.hasEnded ? null : this.child);
  }

  /**
   * Asks the probe for its sampling heap profile now; null when the run has no allocation sites
   * or no live probe. The answer is an `alloc-profile` event whose profile has this request id.
   */
  requestAllocProfile(): string | null {
    return this.probe.requestAllocProfile(this.hasEnded ? null : this.child);
  }

  /** The probe's allocation sites: its environment, and the inspector for a permission-model run. */
  private allocSitesArgs(): { args: string[]; env: Record<string, string> } {
    const sites = this.plan.allocSites;
    if (!sites || this.allocSitesOffFor) return { args: [], env: {} };
    const env = { LEAKLAB_ALLOC_SITES: String(sites.intervalBytes), LEAKLAB_ALLOC_PROFILE_MS: String(sites.profileEveryMs) };
    if (!this.plan.permissions) return { args: [], env };
    const args = allocSitesPermissionArgs();
    // Without the flags the probe finds the inspector denied and says so (alloc-sites-unavailable).
    return { args: args ?? [], env };
  }

  private onStderr(text: string): void {
    this.heapLimit.feed(text);
    // The tail carries a match across chunk boundaries; the chunk itself may be long.
    const window = this.stderrTail + text;
    const denied = PERMISSION_DENIED_TEXT.exec(window.replace(ANSI_COLOUR, ''));
    if (denied && !this.sawPermissionDenied && this.plan.permissions) {
      this.sawPermissionDenied = true;
      this.notice('error', 'permission-denied', `The program tried something this lesson does not allow (${denied[1]}). Lesson code runs under Node's permission model: it may read and write only its own folder, and start no child processes or workers unless the lesson declares it.`);
    }
    this.stderrTail = window.slice(-300);
    this.onOutput('stderr', text);
  }

  private onOutput(stream: 'stdout' | 'stderr', text: string): void {
    // V8 prints --trace-gc lines on stdout; marked before the cap counts them, so a mark is never cut off its line.
    const passed = this.output.admit(this.gcMarks && stream === 'stdout' ? this.gcMarks.mark(text) : text, Date.now());
    if (passed) this.emit({ type: 'output', stream, text: passed });
    if (this.output.isTotalExhausted && !this.hasEnded && !this.stopReason) void this.stop('output-cap');
  }

  private checkHealth(): void {
    if (this.hasEnded || !this.child) return;
    if (this.output.droppedSinceReport > 0) {
      this.notice('warn', 'output-dropped', `Output is coming faster than ${this.caps.outputBytesPerSec / 1024} kB/s: dropped ${this.output.droppedSinceReport} bytes (${this.output.droppedBytes} in all).`);
      this.output.droppedSinceReport = 0;
    }
    this.probe.checkSilence();
    this.load?.checkListening();
  }

  private notice(level: 'info' | 'warn' | 'error', code: string, text: string): void {
    this.emitLive(notice(level, code, text));
  }

  /** What the probe and the load report; nothing once the run has ended, so `exited` stays last. */
  private emitLive(event: RunEvent): void {
    if (!this.hasEnded) this.emit(event);
  }

  private kill(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
    this.child?.kill('SIGKILL');
    this.load?.kill();
  }

  private async finish(reason: ExitReason, code: number | null, signal: NodeJS.Signals | null, detail?: string): Promise<void> {
    if (this.hasEnded) return;
    this.hasEnded = true;
    if (this.wallTimer) clearTimeout(this.wallTimer);
    if (this.watchdog) clearInterval(this.watchdog);
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.kill();
    // Drain what the program printed last (the FATAL ERROR line comes right before the exit).
    await new Promise((r) => setImmediate(r));
    if (this.output.droppedSinceReport > 0) this.emit({ type: 'notice', level: 'warn', code: 'output-dropped', text: `Dropped ${this.output.droppedBytes} bytes of output in all.` });
    await this.collectFiles().catch((err: Error) => this.emit({ type: 'notice', level: 'warn', code: 'files-failed', text: `Could not list the files the program wrote: ${err.message}` }));
    await discardPlanFolders(this.plan).catch((err: Error) => this.emit({ type: 'notice', level: 'warn', code: 'cleanup-failed', text: err.message }));
    const limits = { ...this.caps, heapCapMiB: this.plan.heapCapMiB };
    this.emit({ type: 'exited', runId: this.runId, reason, code, signal, message: detail ?? exitText({ reason, code, signal }, limits) });
    this.resolveExited();
  }

  /** The runner's own parts of the folder: the probe's snapshots (served as snapshots) and node_modules. */
  private walkOptions(): WalkOptions {
    const { plan } = this;
    if (!plan.ownsFolder) return { maxDepth: 0 }; // the user's project: its top level only, never its node_modules
    const snapshots = path.relative(plan.dir, plan.snapshotDir).split(path.sep).join('/');
    return { skip: ['node_modules', ...(snapshots.startsWith('..') ? [] : [snapshots])] };
  }

  /**
   * Lists (and with `keepFiles`, keeps) what the program wrote, once no process of the run is
   * left to change it, and says so in an `artifacts` event when there is anything.
   */
  private async collectFiles(): Promise<void> {
    const { plan } = this;
    if (!this.baseline || !this.child) return;
    const { files, moreFiles } = await findProgramFiles(plan.dir, this.baseline, this.walkOptions());
    if (files.length === 0 && moreFiles === 0) return;
    const urlOf = (fileId: string): string => `/files/${this.runId}/${fileId}`;
    this.kept = !plan.ownsFolder
      ? KeptFiles.listed(this.runId, files, moreFiles, (f) => ({ path: f.absPath }))
      : this.options.keepFiles
        ? await KeptFiles.keep(this.runId, files, moreFiles, { maxFileBytes: this.caps.maxKeptFileBytes, maxTotalBytes: this.caps.maxKeptBytes }, urlOf)
        : KeptFiles.listed(this.runId, files, moreFiles, () => ({ note: 'removed with the run folder' }));
    const isKept = this.kept.dir !== null;
    this.emit({ type: 'artifacts', runId: this.runId, files: this.kept.files, moreFiles, keptForMs: isKept ? this.caps.keepFilesMs : null });
  }
}
