import type { ExitReason } from '../../protocol/run-events.ts';
import type { ExitInfo } from './page-state.ts';

// Moved as it was from session-store.ts; the runner's shared exit wording will replace it.
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
