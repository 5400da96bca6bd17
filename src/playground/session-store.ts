import type { ExitReason, RunEvent } from '../protocol/run-events.ts';
import type { Figure } from '../protocol/samples.ts';
import { unreachable } from '../protocol/unreachable.ts';
import { TrendTracker } from '../analyzer/verdict/trend.ts';
import { FloorColumns, SampleColumns } from './sample-columns.ts';
import type { BaseVariant } from './saved-edits.ts';

export type RunState = 'idle' | 'starting' | 'running' | 'exited';
export type TrendReading = ReturnType<TrendTracker['current']>;

/** One piece of terminal text; `kind` picks its colour. */
export interface OutputChunk {
  kind: 'stdout' | 'stderr' | 'notice-info' | 'notice-warn' | 'notice-error' | 'exit';
  text: string;
}

export interface RunInfo {
  runId: string;
  pid: number;
  nodeVersion: string;
  heapLimitBytes: number;
  figuresAre: Extract<RunEvent, { type: 'started' }>['figuresAre'];
}

export interface ExitInfo {
  reason: ExitReason;
  code: number | null;
  signal: string | null;
  message: string;
}

/** Oldest output chunks are dropped past this many; the terminal keeps its own scrollback. */
const MAX_OUTPUT_CHUNKS = 5000;

/** The editor's program: which lesson file it started from and whether the learner changed it. */
export interface DraftInfo {
  base: BaseVariant;
  isEdited: boolean;
}

export type StoreListener = (store: SessionStore) => void;

/**
 * Everything the playground shows about the current run, fed only by RunEvents (plus
 * `beginRun` from the controller). Views subscribe and read; they never write.
 *
 * Invariant: while `runState` is 'starting', events still arriving from the run being replaced
 * (samples, floors, load, its `exited` with reason 'replaced') must not touch the new run's data.
 */
export class SessionStore {
  runState: RunState = 'idle';
  run: RunInfo | null = null;
  lastExit: ExitInfo | null = null;
  samples = new SampleColumns();
  floors = new FloorColumns();
  requests = 0;
  requestErrors = 0;
  verdict: TrendReading | null = null;
  /** Output chunks with absolute sequence numbers `outputBaseSeq ..`; views read from their own cursor. */
  output: OutputChunk[] = [];
  outputBaseSeq = 0;
  draft: DraftInfo = { base: 'leaky', isEdited: false };

  #figure: Figure;
  #tracker: TrendTracker;
  #listeners = new Set<StoreListener>();

  constructor(figure: Figure) {
    this.#figure = figure;
    this.#tracker = new TrendTracker(figure);
  }

  get figure(): Figure {
    return this.#figure;
  }

  /** Sequence number the next output chunk will get. */
  get outputEndSeq(): number {
    return this.outputBaseSeq + this.output.length;
  }

  subscribe(listener: StoreListener): () => void {
    this.#listeners.add(listener);
    listener(this);
    return () => this.#listeners.delete(listener);
  }

  /** The controller is about to start a run: clear the previous run's figures. */
  beginRun(): void {
    this.runState = 'starting';
    this.run = null;
    this.lastExit = null;
    this.samples = new SampleColumns();
    this.floors = new FloorColumns();
    this.requests = 0;
    this.requestErrors = 0;
    this.#tracker = new TrendTracker(this.#figure);
    this.verdict = null;
    this.#emit();
  }

  setDraft(draft: DraftInfo): void {
    if (draft.base === this.draft.base && draft.isEdited === this.draft.isEdited) return;
    this.draft = draft;
    this.#emit();
  }

  /** Adds a line the page itself wants to show in the terminal (e.g. a missing runtime). */
  note(level: 'info' | 'warn' | 'error', text: string): void {
    this.#append({ kind: `notice-${level}`, text: `${text}\n` });
    this.#emit();
  }

  apply(event: RunEvent): void {
    const isLive = this.runState === 'running';
    switch (event.type) {
      case 'started':
        this.runState = 'running';
        this.run = {
          runId: event.runId,
          pid: event.pid,
          nodeVersion: event.nodeVersion,
          heapLimitBytes: event.heapLimitBytes,
          figuresAre: event.figuresAre,
        };
        break;
      case 'output':
        this.#append({ kind: event.stream, text: event.text });
        break;
      case 'sample':
        if (!isLive) return;
        this.samples.push(event.sample, event.activeHandles);
        this.#tracker.addSample(event.sample, event.activeHandles);
        this.verdict = this.#tracker.current();
        break;
      case 'floor':
        if (!isLive) return;
        this.floors.push(event.floor);
        this.#tracker.addFloor(event.floor);
        this.verdict = this.#tracker.current();
        break;
      case 'load':
        if (!isLive) return;
        this.requests = event.requests;
        this.requestErrors = event.errors;
        this.#tracker.addRequests(event.atMs, event.requests);
        break;
      case 'notice':
        this.#append({ kind: `notice-${event.level}`, text: `${event.text}\n` });
        break;
      case 'load-ready':
        return; // the 'load-started' notice that comes with it says it in the terminal
      case 'snapshot-progress':
      case 'snapshot-ready':
      case 'snapshot-failed':
        // Snapshots have no view in the walking skeleton yet.
        return;
      case 'alloc-profile':
        return; // no view of allocation sites in this store
      case 'exited':
        this.#applyExit(event);
        break;
      default:
        return unreachable(event);
    }
    this.#emit();
  }

  #applyExit(event: Extract<RunEvent, { type: 'exited' }>): void {
    const exit: ExitInfo = { reason: event.reason, code: event.code, signal: event.signal, message: event.message };
    this.#append({ kind: 'exit', text: `${exitLine(exit)}\n` });
    // A 'replaced' exit while starting belongs to the previous run; the new one is still coming.
    if (this.runState === 'starting' && event.reason === 'replaced') return;
    // An exit for some other run than the live one is stale.
    if (this.runState === 'running' && this.run && event.runId && event.runId !== this.run.runId) return;
    this.runState = 'exited';
    this.lastExit = exit;
  }

  #append(chunk: OutputChunk): void {
    this.output.push(chunk);
    if (this.output.length > MAX_OUTPUT_CHUNKS) {
      const dropped = this.output.length - MAX_OUTPUT_CHUNKS;
      this.output.splice(0, dropped);
      this.outputBaseSeq += dropped;
    }
  }

  #emit(): void {
    for (const listener of this.#listeners) listener(this);
  }
}

const REASON_WORDS: Record<ExitReason, string> = {
  exited: 'exited',
  stopped: 'stopped',
  replaced: 'replaced by a new run',
  'wall-time': 'ran past the time limit',
  'rss-cap': 'memory outside the heap passed its limit',
  'heap-cap': 'heap limit reached',
  'output-cap': 'printed more output than allowed',
  disconnected: 'lost the connection to the runner',
  shutdown: 'the runner is shutting down',
  failed: 'could not start',
};

/**
 * The terminal's last line for a run: `[stopped]`, `[exited: code 1]`, or for the caps and
 * failures `[exited: heap limit reached] <the runtime's message>`.
 */
export function exitLine(exit: ExitInfo): string {
  switch (exit.reason) {
    case 'stopped':
    case 'replaced':
      return `[${REASON_WORDS[exit.reason]}]`;
    case 'exited':
      return exit.signal ? `[exited: killed by ${exit.signal}]` : `[exited: code ${exit.code ?? '?'}]`;
    default: {
      const message = exit.message.trim();
      return `[exited: ${REASON_WORDS[exit.reason]}]${message ? ` ${message}` : ''}`;
    }
  }
}
