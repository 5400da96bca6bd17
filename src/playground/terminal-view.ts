import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import type { OutputChunk } from './page-state/page-state.ts';
import type { PageView } from './page-state/page-store.ts';

const COLOURS: Record<OutputChunk['kind'], string> = {
  stdout: '',
  stderr: '\x1b[31m',        // red
  'notice-info': '\x1b[36m', // cyan
  'notice-warn': '\x1b[33m', // yellow
  'notice-error': '\x1b[1;31m',
  exit: '\x1b[33m',
};
const RESET = '\x1b[0m';

/**
 * The xterm.js terminal: writes the state's output chunks as they arrive (each chunk once,
 * tracked by sequence number), stderr and runtime notices in their own colours.
 */
export function mountTerminal(parent: HTMLElement, view: PageView): void {
  const terminal = new Terminal({
    convertEol: false,
    disableStdin: true,
    cursorBlink: false,
    cursorStyle: 'bar',
    cursorInactiveStyle: 'none',
    fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace',
    fontSize: 13,
    scrollback: 5000,
    theme: { background: '#111827', foreground: '#e5e7eb' },
  });
  const fit = new FitAddon();
  terminal.loadAddon(fit);
  terminal.open(parent);
  fitSafely(fit);
  terminal.write('\x1b[?25l'); // hide the cursor: the terminal only shows output, it takes no input
  new ResizeObserver(() => fitSafely(fit)).observe(parent);

  let nextSeq = 0;
  view.subscribe(({ output }) => {
    if (nextSeq >= output.endSeq) return;
    let text = '';
    output.forEachSince(nextSeq, (chunk) => {
      const body = chunk.text.replace(/\r?\n/g, '\r\n');
      const colour = COLOURS[chunk.kind];
      text += colour ? `${colour}${body}${RESET}` : body;
    });
    nextSeq = output.endSeq;
    terminal.write(text);
  });
}

/** Fitting a hidden (zero-size) terminal throws inside xterm; skip until it has a size. */
function fitSafely(fit: FitAddon): void {
  const size = fit.proposeDimensions();
  if (size && Number.isFinite(size.cols) && Number.isFinite(size.rows) && size.cols > 0 && size.rows > 0) fit.fit();
}
