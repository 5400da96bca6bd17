/** Columns and rows the terminal element shows, read from xterm.js's own rendering. */
function terminalSize(terminal: HTMLElement): { cols: number; rows: number } | null {
  const rows = terminal.querySelector('.xterm-rows')?.childElementCount ?? 0;
  const measure = terminal.querySelector<HTMLElement>('.xterm-char-measure-element');
  const screen = terminal.querySelector<HTMLElement>('.xterm-screen');
  const charWidth = measure && measure.textContent ? measure.getBoundingClientRect().width / measure.textContent.length : 0;
  if (!rows || !screen || !charWidth) return null;
  return { cols: Math.max(20, Math.floor(screen.clientWidth / charWidth)), rows };
}

/**
 * Reports the terminal's size whenever it changes; the page dispatches it as `terminal-resized`
 * and a controller hands it to the runtime (WebContainer gives it to the program's pseudo-terminal).
 */
export function reportTerminalSize(terminal: HTMLElement, onSize: (size: { cols: number; rows: number }) => void): void {
  let last = '';
  const send = (): void => {
    const size = terminalSize(terminal);
    if (!size || `${size.cols}x${size.rows}` === last) return;
    last = `${size.cols}x${size.rows}`;
    onSize(size);
  };
  new ResizeObserver(send).observe(terminal);
  send();
}
