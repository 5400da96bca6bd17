import type { PageStore } from './page-state/page-store.ts';
import type { TerminalSizeSink } from './runtime-port.ts';

/**
 * Hands the terminal's size to the runtime: each `terminal-resized`, and the last size again
 * once a runtime is chosen (the size is usually measured before the choice settles).
 */
export function forwardTerminalSize(store: PageStore, runtime: TerminalSizeSink): void {
  store.onAction((action) => {
    const size = store.state.terminalSize;
    if ((action.type === 'terminal-resized' || action.type === 'runtime-chosen') && size) runtime.resizeTerminal(size);
  });
}
