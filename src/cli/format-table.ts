/** Aligned text table: first column left-aligned, the rest right-aligned (numbers). */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, col) => Math.max(h.length, ...rows.map((r) => r[col].length)));
  const line = (cells: string[]) => cells.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

/** A count with thousands separators and an explicit sign, for deltas: +9,900, -12, 0. */
export function formatDelta(n: number): string {
  return n > 0 ? `+${n.toLocaleString('en-US')}` : n.toLocaleString('en-US');
}

/** Cuts long class names (plain-object interfaces can be 120 characters) for a table cell. */
export function clip(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Shortens a retainer path from its root end: the holder nearest the objects is what matters. */
export function clipPath(text: string, max = 80): string {
  return text.length <= max ? text : `…${text.slice(text.length - max + 1)}`;
}
