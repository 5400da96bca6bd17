import { spawn, type ChildProcess } from 'node:child_process';
import { parseLoadMessage, type LoadMessage } from '../protocol/probe-messages.ts';
import type { LoadProfile } from '../protocol/program.ts';
import type { RunEvent } from '../protocol/run-events.ts';
import { unreachable } from '../protocol/unreachable.ts';
import { LOAD_DRIVER_PATH } from '../project-paths.ts';
import { spawnCommand } from './node-args.ts';
import { LoadTarget } from './load-target.ts';
import type { RunPlan } from './run-plan.ts';
import type { ProbeEvents } from './probe-events.ts';
import { encodeLoadConfig } from '../protocol/load-config.ts';

const NOT_LISTENING_AFTER_MS = 5000;
/**
 * A program that opens several servers reports them within moments of each other; weighing them
 * together keeps PORT when it is among them, rather than moving the load away and back.
 */
const SETTLE_REPORTS_MS = 250;

/** What the load driver needs of the run it belongs to. */
export interface LoadDriverHost {
  readonly plan: RunPlan;
  /** The run's translation of load reports into events (and the program's clock origin). */
  readonly events: ProbeEvents;
  /** Passes an event on while the run is live. */
  emit(event: RunEvent): void;
  /** A notice for the terminal; the run drops it once it has ended. */
  notice(level: 'info' | 'warn' | 'error', code: string, text: string): void;
}

/**
 * One run's load: the driver process (sandbox/load.mjs, autocannon, a process of its own so its
 * allocations never show in the program's figures) and where it is aimed. The driver polls its
 * port until something accepts connections; while it is still polling, a report that the program
 * listens elsewhere (see LoadTarget) replaces it with one aimed at the new port.
 */
export class LoadDriver {
  private readonly host: LoadDriverHost;
  private readonly load: LoadProfile;
  private readonly target: LoadTarget;
  private driver: ChildProcess | null = null;
  private isReady = false;
  private isKilled = false;
  private hasSaidNotListening = false;
  private settleTimer: NodeJS.Timeout | null = null;
  /** When the load was last re-aimed (epoch ms); 0 = aimed from the start, timed from hello. */
  private aimedAtEpochMs = 0;

  constructor(host: LoadDriverHost, load: LoadProfile, envPort: number) {
    this.host = host;
    this.load = load;
    this.target = new LoadTarget(host.plan, envPort);
  }

  /** Starts the driver, aimed at the plan's port or the program's `PORT`. */
  start(): void {
    this.spawnDriver(this.target.current);
  }

  /** The probe says the program listens on `port`: soon re-aims a load that has not connected yet. */
  onListening(port: number): void {
    if (this.isKilled || !this.target.report(port)) return;
    this.settleTimer ??= setTimeout(() => {
      this.settleTimer = null;
      this.retarget();
    }, SETTLE_REPORTS_MS);
  }

  /** Called by the run's watchdog: says once when nothing has accepted the load for 5 s. */
  checkListening(): void {
    const sinceEpochMs = this.aimedAtEpochMs || this.host.events.helloEpochMs;
    if (this.isReady || this.hasSaidNotListening || !sinceEpochMs || Date.now() - sinceEpochMs <= NOT_LISTENING_AFTER_MS) return;
    this.hasSaidNotListening = true;
    const port = this.target.current;
    switch (this.target.aim) {
      case 'env-port':
        return this.host.notice('warn', 'not-listening', `The program has not started listening on process.env.PORT (${port}) after 5 s, so no load is sent. Does it call server.listen(process.env.PORT)?`);
      case 'explicit':
        return this.host.notice('warn', 'not-listening', `After 5 s nothing accepts connections on 127.0.0.1:${port} or [::1]:${port}, where the load is aimed, so no load is sent. Does the program listen on port ${port}?`);
      case 'followed':
        return this.host.notice('warn', 'not-listening', `The program listens on port ${port}, but the load could not connect to 127.0.0.1:${port} or [::1]:${port} for 5 s, so no load is sent. Does it listen only on a network interface's address?`);
      default:
        return unreachable(this.target.aim);
    }
  }

  kill(): void {
    this.isKilled = true;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.driver?.kill('SIGKILL');
  }

  private retarget(): void {
    if (this.isKilled) return;
    const moveTo = this.target.retarget(this.isReady);
    if (moveTo === null) return;
    this.driver?.kill('SIGKILL');
    this.aimedAtEpochMs = Date.now();
    this.hasSaidNotListening = false;
    const { envPort } = this.target;
    this.host.notice('info', 'load-redirected', moveTo === envPort
      ? `The program listens on process.env.PORT (${envPort}) too: the load goes there.`
      : `The program listens on port ${moveTo}, not on process.env.PORT (${envPort}): the load goes to ${moveTo}.`);
    this.spawnDriver(moveTo);
  }

  private spawnDriver(port: number): void {
    if (this.isKilled) return;
    // No Node warnings: autocannon sets a negative timeout when the program was paused (a heap
    // snapshot being written), and the TimeoutNegativeWarning says nothing about the program.
    const command = spawnCommand(['--no-warnings', LOAD_DRIVER_PATH]);
    const driver = spawn(command.command, command.args, {
      env: { PATH: process.env.PATH ?? '', LEAKLAB_LOAD: encodeLoadConfig({ port, ...this.load }) },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.driver = driver;
    // A driver replaced by a re-aimed one may still have words in flight: only the current one speaks.
    const isCurrent = (): boolean => this.driver === driver;
    driver.stderr!.setEncoding('utf8').on('data', (text: string) => { if (isCurrent()) this.host.notice('warn', 'load-error', `Load driver: ${text.trim()}`); });
    driver.on('message', (raw) => {
      if (!isCurrent()) return;
      const parsed = parseLoadMessage(raw);
      if (parsed.ok) this.onMessage(parsed.value);
      else this.host.notice('warn', 'load-error', `The load driver sent a message the runner does not understand (${parsed.problem}); ignored it.`);
    });
    driver.on('error', (err) => { if (isCurrent()) this.host.notice('warn', 'load-error', `The load driver failed: ${err.message}`); });
  }

  private onMessage(msg: LoadMessage): void {
    if (msg.type === 'load-ready') this.isReady = true;
    for (const event of this.host.events.fromLoad(msg, Date.now())) this.host.emit(event);
  }
}
