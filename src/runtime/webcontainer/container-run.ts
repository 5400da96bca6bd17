import { parseLoadMessage, parseProbeMessage, type FramedProbeMessage } from '../../protocol/probe-messages.ts';
import type { ProgramSpec } from '../../protocol/program.ts';
import { encodeLoadConfig } from '../../protocol/load-config.ts';
import type { ExitReason, RunEvent } from '../../protocol/run-events.ts';
import { unreachable } from '../../protocol/unreachable.ts';
import { exitText } from '../../runner/exit-text.ts';
import { HeapLimitWatch } from '../../runner/heap-limit.ts';
import { notice, ProbeEvents } from '../../runner/probe-events.ts';
import { judgeCalibration, type CalibrationJudgement } from './calibration.ts';
import { FrameParser } from './frame-parser.ts';
import { RUN_DIR, SANDBOX_DIR, programArgs } from './container-files.ts';
import type { Container, ContainerProcess } from './webcontainer-api.ts';

export type { FramedProbeMessage };

/** The port the program is told to listen on; the container has its own network namespace. */
export const PROGRAM_PORT = 3000;
/** After kill(), how long to wait for the process's exit before reporting the end anyway. */
const KILL_GRACE_MS = 1500;
/** After the process exited, how long its last output may take to arrive. */
const EXIT_DRAIN_MS = 200;

export interface TerminalSize { cols: number; rows: number }

/**
 * One run of a program inside the container: the program under the probe, and the load loop.
 * Emits RunEvents: `started` once the probe says hello (with `figuresAre` from calibration),
 * `exited` last and exactly once. The runtime owns booting, mounting and installing. What the
 * probe and the load report is worded by the runner's ProbeEvents, the heap-limit crash seen by
 * its HeapLimitWatch and the end worded by its exitText, as for a local run.
 */
export class ContainerRun {
  readonly runId = crypto.randomUUID();
  readonly ended: Promise<void>;
  /** Resolves once the probe said hello or the run ended: what `start` waits for. */
  readonly underWay: Promise<void>;
  #emit: (event: RunEvent) => void;
  #program: ProgramSpec;
  #process: ContainerProcess | null = null;
  #load: ContainerProcess | null = null;
  #stopReason: ExitReason | null = null;
  #hasEnded = false;
  readonly #heapLimit = new HeapLimitWatch();
  readonly #events: ProbeEvents;
  #judgement: CalibrationJudgement | null = null;
  #wallTimeMs: number | undefined;
  #wallTimer: ReturnType<typeof setTimeout> | null = null;
  #resolveEnded!: () => void;
  #resolveUnderWay!: () => void;

  #port: number;

  constructor(program: ProgramSpec, emit: (event: RunEvent) => void, port = PROGRAM_PORT) {
    this.#program = program;
    this.#port = port;
    this.#emit = emit;
    this.#events = new ProbeEvents(this.runId, program.load, { name: 'load loop', aside: ' (an in-container node:http loop, not autocannon)' });
    this.ended = new Promise((resolve) => { this.#resolveEnded = resolve; });
    this.underWay = new Promise((resolve) => { this.#resolveUnderWay = resolve; });
  }

  get hasEnded(): boolean { return this.#hasEnded; }
  /** Stopped or ended: no further step of the launch should happen. */
  get isStopping(): boolean { return this.#stopReason !== null || this.#hasEnded; }
  get hasStarted(): boolean { return this.#events.hasStarted; }

  /** Spawns the program and, for a server, the load loop. */
  async spawn(container: Container, size: TerminalSize, wallTimeMs: number): Promise<void> {
    if (this.isStopping) return this.finish(this.#stopReason ?? 'stopped', null, '');
    const env = { PORT: this.#port, FORCE_COLOR: 1, LEAKLAB_PROBE_CHANNEL: 'frames', LEAKLAB_CALIBRATE: '1', NODE_ENV: 'development' };
    const child = await container.spawn('node', programArgs(this.#program), { cwd: RUN_DIR, env, terminal: size });
    this.#process = child;
    if (this.isStopping) return child.kill(); // stopped while spawning: finish() already reported it
    const parser = new FrameParser({
      onText: (text) => this.#onProgramText(text),
      onFrame: (value) => this.#onProbeFrame(value),
    });
    void child.output.pipeTo(this.#sink(parser, 'program')).catch((err: unknown) => this.#streamFailed('program', err));
    void child.exit.then(
      // The last output (V8's FATAL ERROR line) may still be in the stream when exit resolves.
      (code) => setTimeout(() => this.finish(this.#stopReason ?? (this.#heapLimit.hasSeen ? 'heap-cap' : 'exited'), code, ''), EXIT_DRAIN_MS),
      (err: unknown) => this.finish('failed', null, `The program's process failed: ${String(err)}`),
    );
    this.#wallTimeMs = wallTimeMs;
    this.#wallTimer = setTimeout(() => this.stop('wall-time'), wallTimeMs);
    if (this.#program.load) await this.#spawnLoad(container);
  }

  resize(size: TerminalSize): void {
    this.#process?.resize(size);
  }

  /** Ends the run for `reason`; `exited` follows once the process is gone (or after a grace period). */
  stop(reason: ExitReason): Promise<void> {
    if (this.#hasEnded || this.#stopReason) return this.ended;
    this.#stopReason = reason;
    this.#load?.kill();
    // Not spawned yet (booting, installing): end now; a process that arrives later is killed on arrival.
    if (!this.#process) { this.finish(reason, null, ''); return this.ended; }
    this.#process.kill();
    setTimeout(() => this.finish(reason, null, ''), KILL_GRACE_MS);
    return this.ended;
  }

  /** Emits `exited` (once) and releases the processes. */
  finish(reason: ExitReason, code: number | null, message: string): void {
    if (this.#hasEnded) return;
    this.#hasEnded = true;
    if (this.#wallTimer) clearTimeout(this.#wallTimer);
    this.#process?.kill();
    this.#load?.kill();
    const text = message || exitText({ reason, code, signal: null }, { wallTimeMs: this.#wallTimeMs, heapCapMiB: this.#program.heapCapMiB });
    this.#emit({ type: 'exited', runId: this.#events.hasStarted ? this.runId : '', reason, code, signal: null, message: text });
    this.#resolveEnded();
    this.#resolveUnderWay();
  }

  async #spawnLoad(container: Container): Promise<void> {
    if (!this.#program.load) return;
    const config = encodeLoadConfig({ port: this.#port, ...this.#program.load });
    const load = await container.spawn('node', [`${SANDBOX_DIR}/load-loop.mjs`], { env: { LEAKLAB_LOAD: config }, output: true });
    this.#load = load;
    if (this.#hasEnded || this.#stopReason) return load.kill();
    const parser = new FrameParser({
      onText: (text) => { if (text.trim()) this.#notice('warn', 'load-error', `Load loop: ${text.trim()}`); },
      onFrame: (value) => this.#onLoadFrame(value),
    });
    void load.output.pipeTo(this.#sink(parser, 'load loop')).catch((err: unknown) => this.#streamFailed('load loop', err));
  }

  /**
   * Where a process's terminal stream goes. It must never throw: a throwing sink ends the pipe,
   * and every later line and sample of the run would be lost without a word. A chunk that
   * cannot be handled is reported and the stream goes on.
   */
  #sink(parser: FrameParser, what: string): WritableStream<string> {
    return new WritableStream({
      write: (chunk) => {
        if (this.#hasEnded) return;
        try {
          parser.push(chunk);
        } catch (err) {
          this.#notice('error', 'stream-failed', `Part of the ${what}'s output could not be handled (${err instanceof Error ? err.message : String(err)}); the rest still comes.`);
        }
      },
    });
  }

  #streamFailed(what: string, err: unknown): void {
    this.#notice('warn', 'stream-failed', `The ${what}'s output stream broke off: ${err instanceof Error ? err.message : String(err)}.`);
  }

  #onProgramText(text: string): void {
    this.#heapLimit.feed(text);
    // One merged pseudo-terminal: stdout and stderr cannot be told apart here.
    this.#emit({ type: 'output', stream: 'stdout', text });
  }

  #onProbeFrame(value: unknown): void {
    const parsed = parseProbeMessage(value);
    // The frames share the program's output stream: the program itself can print one.
    if (!parsed.ok) return this.#notice('warn', 'bad-frame', `The program's output held a frame that is not the probe's (${value === undefined ? 'not JSON' : parsed.problem}); ignored it.`);
    const msg = parsed.value;
    switch (msg.type) {
      case 'calibration':
        this.#judgement = judgeCalibration(msg);
        return;
      case 'hello': {
        const judgement = this.#judgement ?? { figuresAre: 'unavailable' as const, reason: 'The probe did not report a calibration, so the figures cannot be trusted.' };
        const started = this.#events.started(msg, judgement.figuresAre);
        if (!started) return; // a second hello: only the program itself would print one
        this.#emit(started);
        this.#resolveUnderWay();
        return this.#announceFigures(judgement);
      }
      case 'sample':
      case 'floor':
        // Numbers that do not follow memory are not shown at all: a flat line would read as "no leak".
        if (this.#judgement?.figuresAre !== 'v8' && this.#judgement?.figuresAre !== 'approximate') return;
        return this.#emitLive(this.#events.fromProbe(msg));
      case 'failed':
        return this.#emitLive(this.#events.fromProbe(msg));
      case 'snapshot-written':
      case 'snapshot-refused':
        return; // never asked for on this channel (sandbox/probe.mjs)
      case 'listening':
        return; // never framed: a lesson's load never follows the program (sandbox/probe.mjs)
      case 'alloc-profile':
      case 'alloc-sites-unavailable':
        return; // allocation sites need the inspector, which the framed probe never opens (IPC only)
      default:
        return unreachable(msg);
    }
  }

  #announceFigures(judgement: CalibrationJudgement): void {
    if (judgement.figuresAre === 'v8') return this.#notice('info', 'calibration', `Calibration: ${judgement.reason}`);
    const offer = 'For real V8 heap figures, run Leak Lab locally (`npm start`), or pick "Recording" above to replay a run made on real Node.';
    const shown = judgement.figuresAre === 'approximate' ? 'The chart shows them, labelled approximate; treat the verdict as a rough guess.' : 'The chart stays empty and no verdict is given.';
    this.#notice('warn', 'calibration', `Calibration: ${judgement.reason} ${shown} ${offer}`);
  }

  #onLoadFrame(value: unknown): void {
    const parsed = parseLoadMessage(value);
    if (!parsed.ok) return this.#notice('warn', 'bad-frame', `The load loop wrote a frame the page does not understand (${value === undefined ? 'not JSON' : parsed.problem}); ignored it.`);
    for (const event of this.#events.fromLoad(parsed.value, Date.now())) this.#emitLive(event);
  }

  #notice(level: 'info' | 'warn' | 'error', code: string, text: string): void {
    this.#emitLive(notice(level, code, text));
  }

  /** What the probe and the load report; nothing once the run has ended, so `exited` stays last. */
  #emitLive(event: RunEvent | null): void {
    if (event && !this.#hasEnded) this.#emit(event);
  }
}
