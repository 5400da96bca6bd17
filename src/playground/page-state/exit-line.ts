import { EXIT_TAG, exitText } from '../../runner/exit-text.ts';
import type { ExitInfo } from './page-state.ts';

/**
 * The terminal's last line for a run: `[stopped]` (and how, after a graceful Stop), `[exited: code 1]`, or for the caps and
 * failures `[exited: heap limit reached] <why>`. The words come from the runner's exit-text
 * module, which also words every runtime's `exited` message, so the page and the CLI agree.
 */
export function exitLine(exit: ExitInfo): string {
  switch (exit.reason) {
    case 'stopped': {
      // A graceful Stop says which way it went: ended on SIGTERM, or killed when the grace was up.
      const detail = exit.message.trim().replace(/^Stopped[.:]?\s*/, '');
      return detail ? `[${EXIT_TAG.stopped}] ${detail}` : `[${EXIT_TAG.stopped}]`;
    }
    case 'replaced':
      return `[${EXIT_TAG[exit.reason]}]`;
    case 'exited':
      return exit.signal ? `[exited: killed by ${exit.signal}]` : `[exited: code ${exit.code ?? '?'}]`;
    default: {
      const message = exit.message.trim() || exitText(exit);
      return `[exited: ${EXIT_TAG[exit.reason]}] ${message}`;
    }
  }
}
