import type { ExitReason } from '../protocol/run-events.ts';

/**
 * The caps a run ended against, where the runtime knows them; without one the sentence is
 * worded without the number. Plain numbers, no Node imports: the page bundles this module.
 */
export interface ExitLimits {
  wallTimeMs?: number;
  offHeapBytes?: number;
  outputTotalBytes?: number;
  /** The V8 old-space cap the program ran under (`--max-old-space-size`). */
  heapCapMiB?: number;
  /**
   * Stop sends SIGTERM and waits this long before SIGKILL (the local runner); where it is not
   * given, Stop ends the program at once and the sentence says only that it stopped.
   */
  stopGraceMs?: number;
}

/** What ended a run, as the `exited` event says it. */
export interface ExitFacts {
  reason: ExitReason;
  code: number | null;
  signal: string | null;
}

/** The short tag the page's terminal puts before a run's last line: `[exited: heap limit reached]`. */
export const EXIT_TAG: Readonly<Record<ExitReason, string>> = {
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

const MIB = 1048576;
const mib = (bytes: number): string => `${Number((bytes / MIB).toFixed(1))} MiB`;

/**
 * How a run ended, in the learner's words: the `message` of every runtime's `exited` event,
 * the CLI's first line, and what the page prints after its own `[exited: ...]` tag.
 */
export function exitText(exit: ExitFacts, limits: ExitLimits = {}): string {
  switch (exit.reason) {
    case 'exited':
      if (exit.signal) return `The program was killed by ${exit.signal}.`;
      if (exit.code === null) return 'The program ended.';
      return exit.code === 0 ? 'The program ended (exit code 0).' : `The program exited with code ${exit.code}.`;
    case 'stopped': return stoppedText(exit, limits.stopGraceMs);
    case 'replaced': return 'Stopped for a new run.';
    case 'wall-time':
      return limits.wallTimeMs === undefined ? 'Stopped: the run reached its time limit.' : `Stopped: the run reached its wall-time cap of ${limits.wallTimeMs / 1000} s.`;
    case 'rss-cap':
      return `Stopped: memory outside the V8 heap passed ${limits.offHeapBytes === undefined ? 'its limit' : mib(limits.offHeapBytes)} (Buffers and other external memory are not bounded by the heap cap).`;
    case 'heap-cap':
      return `The program crashed: V8 reached its heap limit${limits.heapCapMiB === undefined ? '' : ` of ${limits.heapCapMiB} MiB`} (FATAL ERROR: Reached heap limit). The heap cap is set by --max-old-space-size.`;
    case 'output-cap':
      return `Stopped: the program printed more than ${limits.outputTotalBytes === undefined ? 'its limit' : mib(limits.outputTotalBytes)} of output.`;
    case 'disconnected': return 'Stopped: the page closed.';
    case 'shutdown': return 'Stopped: the server is shutting down.';
    case 'failed': return 'The run could not start.';
  }
}

/**
 * Which way a graceful Stop went: the program ended by itself after SIGTERM (its handlers and
 * exit-time writers such as --heap-prof ran), SIGTERM's default action ended it (it was still
 * starting), or it was still running when the grace was up and SIGKILL ended it.
 */
function stoppedText(exit: ExitFacts, stopGraceMs: number | undefined): string {
  if (stopGraceMs === undefined) return 'Stopped.';
  const grace = `${Number((stopGraceMs / 1000).toFixed(1))} s`;
  if (exit.signal === 'SIGKILL') return `Stopped: the program did not end within ${grace} of SIGTERM, so it was killed with SIGKILL.`;
  if (exit.signal === 'SIGTERM') return 'Stopped: SIGTERM ended the program.';
  if (exit.signal) return `Stopped: the program was ended by ${exit.signal}.`;
  if (exit.code === null) return 'Stopped.';
  return `Stopped: the program ended on SIGTERM (exit code ${exit.code}).`;
}
