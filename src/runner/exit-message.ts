import type { ExitReason } from '../protocol/run-events.ts';
import type { RunCaps } from './run-plan.ts';

/** The line the terminal prints when a run ends: what happened, in the learner's words. */
export function exitMessage(reason: ExitReason, code: number | null, signal: string | null, caps: RunCaps): string {
  switch (reason) {
    case 'exited':
      if (signal) return `The program was killed by ${signal}.`;
      return code === 0 ? 'The program ended (exit code 0).' : `The program exited with code ${code}.`;
    case 'stopped': return 'Stopped.';
    case 'replaced': return 'Stopped for a new run.';
    case 'wall-time': return `Stopped: the run reached its wall-time cap of ${caps.wallTimeMs / 1000} s.`;
    case 'rss-cap': return `Stopped: memory outside the V8 heap passed ${caps.offHeapBytes / 1048576} MB (Buffers and other external memory are not bounded by the heap cap).`;
    case 'heap-cap': return 'The program crashed: V8 reached its heap limit (FATAL ERROR: Reached heap limit). The heap cap is set by --max-old-space-size.';
    case 'output-cap': return `Stopped: the program printed more than ${caps.outputTotalBytes / 1048576} MB of output.`;
    case 'disconnected': return 'Stopped: the page closed.';
    case 'shutdown': return 'Stopped: the server is shutting down.';
    case 'failed': return 'The run could not start.';
  }
}
