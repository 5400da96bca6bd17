import type { HelloMessage, LoadMessage, ProbeMessage } from '../protocol/probe-messages.ts';
import type { LoadProfile } from '../protocol/program.ts';
import type { FiguresAre, NoticeLevel, RunEvent, RunEventOf } from '../protocol/run-events.ts';

/** A notice for the terminal. */
export function notice(level: NoticeLevel, code: string, text: string): RunEventOf<'notice'> {
  return { type: 'notice', level, code, text };
}

/** How the load is sent, for the load's words: the local driver or the in-container loop. */
export interface LoadWords {
  /** What the load is called in a failure: `load driver`, `load loop`. */
  name: string;
  /** Said after the rate and paths when the load starts, e.g. ` (an in-container node:http loop)`. */
  aside?: string;
}

/**
 * The translation of what the probe and the load driver report into run events, written once
 * for the local run (src/runner/run-process.ts, over IPC) and the WebContainer run
 * (src/runtime/webcontainer/container-run.ts, over frames). It keeps the one piece of state they
 * share: the program's clock origin from the probe's first `hello`, on which load progress is
 * re-stamped so requests line up with samples. No Node imports: the page bundles it.
 */
export class ProbeEvents {
  readonly runId: string;
  readonly #load: LoadProfile | undefined;
  readonly #loadWords: LoadWords;
  #helloEpochMs = 0;

  constructor(runId: string, load: LoadProfile | undefined, loadWords: LoadWords) {
    this.runId = runId;
    this.#load = load;
    this.#loadWords = loadWords;
  }

  /** The program's clock origin (epoch ms) from the probe's hello; 0 until it has said hello. */
  get helloEpochMs(): number { return this.#helloEpochMs; }
  get hasStarted(): boolean { return this.#helloEpochMs !== 0; }

  /**
   * The run's `started` for the probe's first hello; null for any later one (only the program,
   * posing as the probe, would send it) so a run starts once.
   */
  started(hello: HelloMessage, figuresAre: FiguresAre): RunEventOf<'started'> | null {
    if (this.#helloEpochMs) return null;
    this.#helloEpochMs = hello.startedAtEpochMs;
    return { type: 'started', runId: this.runId, pid: hello.pid, nodeVersion: hello.nodeVersion, heapLimitBytes: hello.heapLimitBytes, figuresAre };
  }

  /**
   * The run event for a report both runs pass on alike (sample, floor, failed, allocation
   * profiles); null for the
   * messages each run handles its own way (hello, snapshots, listening, calibration).
   */
  fromProbe(msg: ProbeMessage): RunEvent | null {
    switch (msg.type) {
      case 'sample': return { type: 'sample', sample: msg.sample, activeHandles: msg.activeHandles };
      case 'floor': return { type: 'floor', floor: msg.floor };
      case 'failed': return notice('error', 'probe-failed', `The probe failed: ${msg.message}`);
      case 'alloc-profile': {
        const { type: _type, ...profile } = msg;
        return { type: 'alloc-profile', profile };
      }
      case 'alloc-sites-unavailable': return notice('warn', 'alloc-sites-unavailable', `No allocation sites: ${msg.reason}`);
      case 'hello':
      case 'snapshot-written':
      case 'snapshot-refused':
      case 'listening':
      case 'calibration':
        return null;
    }
  }

  /**
   * The run events a load message stands for. `load-ready` is both the typed event (what a
   * headless run times its seconds from) and the terminal's words for it.
   */
  fromLoad(msg: LoadMessage, nowEpochMs: number): RunEvent[] {
    switch (msg.type) {
      case 'load-ready': {
        const { ratePerSec = 0, paths = [] } = this.#load ?? {};
        return [
          { type: 'load-ready', target: msg.target, ratePerSec, paths },
          notice('info', 'load-started', `Load: ${ratePerSec} requests/s to ${paths.join(', ')}${this.#loadWords.aside ?? ''}`),
        ];
      }
      case 'load-progress':
        return [{ type: 'load', requests: msg.requests, errors: msg.errors, atMs: this.#helloEpochMs ? nowEpochMs - this.#helloEpochMs : msg.atMs }];
      case 'load-failed':
        return [notice('warn', 'load-error', `The ${this.#loadWords.name} failed: ${msg.message}`)];
    }
  }
}
