import type { WebSocket, RawData } from 'ws';
import { MAX_CLIENT_MESSAGE_BYTES, parseClientMessage, type ClientMessage, type ServerMessage } from '../protocol/socket-messages.ts';
import type { RunEvent } from '../protocol/run-events.ts';
import { unreachable } from '../protocol/unreachable.ts';
import { RunProcess } from '../runner/run-process.ts';
import { DEFAULT_CAPS, PlanError, planForProgram, type RunCaps, type RunPlan } from '../runner/run-plan.ts';
import { RunFolderError, discardPlanFolders } from '../runner/run-folder.ts';
import type { RunRegistry } from './run-registry.ts';
import type { FileShelf } from './file-shelf.ts';
import { RunResponseChecks } from '../runner/run-response-checks.ts';

// Past this much unsent data the page is not keeping up: samples are dropped, never the rest.
const SLOW_CLIENT_BYTES = 4 * 1024 * 1024;

/**
 * One page's WebSocket: at most one run at a time, ended when the socket closes. Every
 * message is checked; a bad one gets a `rejected` answer and never throws.
 */
export class SocketSession {
  private readonly socket: WebSocket;
  private readonly token: string;
  private readonly registry: RunRegistry;
  private readonly caps: RunCaps;
  private run: RunProcess | null = null;
  /** Serialises start/stop so out-of-order messages cannot leave two runs alive. */
  private queue: Promise<void> = Promise.resolve();
  private isClosed = false;

  private readonly watchPlan: (() => Promise<RunPlan>) | null;
  private readonly shelf: FileShelf;
  private readonly checks = new RunResponseChecks((event) => this.send({ type: 'run-event', event }));

  constructor(socket: WebSocket, token: string, registry: RunRegistry, shelf: FileShelf, caps: RunCaps = DEFAULT_CAPS, watchPlan: (() => Promise<RunPlan>) | null = null) {
    this.watchPlan = watchPlan;
    this.shelf = shelf;
    this.socket = socket;
    this.token = token;
    this.registry = registry;
    this.caps = caps;
    socket.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    socket.on('close', () => {
      this.isClosed = true;
      this.shelf.releaseOwner(this);
      this.queue = this.queue.then(() => this.stopRun('disconnected'));
    });
    socket.on('error', () => socket.terminate());
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : (data as Buffer).byteLength;
    if (isBinary || size > MAX_CLIENT_MESSAGE_BYTES) {
      return this.send({ type: 'rejected', message: isBinary ? 'Binary messages are not understood.' : `Messages are limited to ${MAX_CLIENT_MESSAGE_BYTES} bytes.` });
    }
    const parsed = parseClientMessage(data.toString());
    if (!parsed.ok) return this.send({ type: 'rejected', message: parsed.problem });
    const msg = parsed.value;
    // Outside the queue: a check takes seconds, and a Stop must not wait behind it.
    if (msg.type === 'check-responses') {
      if (msg.token !== this.token) return this.send({ type: 'rejected', message: 'Wrong or missing runner token.' });
      return this.checks.check(this.run, msg.requests);
    }
    this.queue = this.queue.then(() => this.handle(msg)).catch((err: Error) => {
      this.send({ type: 'rejected', message: `The runner failed: ${err.message}` });
    });
  }

  private async handle(msg: ClientMessage): Promise<void> {
    switch (msg.type) {
      case 'start':
      case 'watch': {
        if (msg.token !== this.token) return this.send({ type: 'rejected', message: 'Wrong or missing runner token: reload the page served by npm start.' });
        const makePlan = msg.type === 'start' ? () => planForProgram(msg.program) : this.watchPlan;
        if (!makePlan) return this.send({ type: 'rejected', message: 'This server has no watched program: start it with leaklab watch -- <script.js>.' });
        await this.stopRun('replaced');
        if (!this.registry.tryReserve()) {
          return this.send({ type: 'busy', runningRuns: this.registry.size, maxRuns: this.registry.maxRuns, message: `The runner is busy: ${this.registry.size} of ${this.registry.maxRuns} runs are going. Try again when one ends.` });
        }
        let plan;
        try {
          plan = await makePlan();
        } catch (err) {
          this.registry.release();
          if (!(err instanceof PlanError) && !(err instanceof RunFolderError)) throw err;
          return this.send({ type: 'rejected', message: err.message });
        }
        if (this.isClosed) {
          // The page went away while the folder was being made. For `leaklab watch` the plan's
          // folder is the user's own: only what the plan made for the run goes.
          this.registry.release();
          return discardPlanFolders(plan);
        }
        const run: RunProcess = new RunProcess(plan, this.caps, (event) => this.forward(run, event), { keepFiles: true });
        this.run = run;
        this.registry.add(run);
        return run.start();
      }
      case 'stop':
        return this.stopRun('stopped');
      case 'check-responses':
        return; // answered in onFrame, outside the queue
      case 'snapshot':
        if (msg.token !== this.token) return this.send({ type: 'rejected', message: 'Wrong or missing runner token.' });
        if (!this.run || this.run.hasExited) return this.send({ type: 'rejected', message: 'No program is running: press Run first.' });
        return this.run.requestSnapshot();
      case 'signal':
        if (msg.token !== this.token) return this.send({ type: 'rejected', message: 'Wrong or missing runner token.' });
        if (!this.run || this.run.hasExited) return this.send({ type: 'rejected', message: `No program is running to send ${msg.signal} to: press Run first.` });
        return this.run.signal(msg.signal);
      case 'release-files':
        this.shelf.release(msg.runId, this);
        return;
      default:
        return unreachable(msg);
    }
  }

  private async stopRun(reason: 'stopped' | 'replaced' | 'disconnected'): Promise<void> {
    const run = this.run;
    this.run = null;
    if (run) await run.stop(reason);
  }

  private forward(run: RunProcess, event: RunEvent): void {
    this.checks.observe(event);
    if (event.type === 'sample' && this.socket.bufferedAmount > SLOW_CLIENT_BYTES) return;
    // Shelved before the page hears of them, so a download asked for at once finds them; a page
    // that has gone away has let go of them already.
    if (event.type === 'artifacts' && run.keptFiles) {
      this.shelf.add(run.keptFiles, this);
      if (this.isClosed) this.shelf.releaseOwner(this);
    }
    this.send({ type: 'run-event', event });
  }

  private send(message: ServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }
}
