import type { PageStore } from './page-state/page-store.ts';
import { mountFiguresLabel } from './runtime-figures.ts';
import { mountRuntimePicker } from './runtime-picker.ts';
import { reportTerminalSize } from './runtime-terminal-size.ts';

/** The runtime's own bits of the playground: the picker, the chart's figures label, the terminal size. */
export function mountRuntimeViews(root: HTMLElement, store: PageStore): void {
  const picker = root.querySelector<HTMLSelectElement>('[data-testid="runtime-picker"]');
  if (picker) mountRuntimePicker(picker);
  const chart = root.querySelector<HTMLElement>('[data-testid="heap-chart"]');
  if (chart) mountFiguresLabel(chart, store);
  const terminal = root.querySelector<HTMLElement>('[data-testid="terminal"]');
  if (terminal) reportTerminalSize(terminal, (size) => store.dispatch({ type: 'terminal-resized', ...size }));
}
