/** JSON whitespace: space, newline, carriage return, tab. */
export function isSpace(c: number): boolean { return c === 32 || c === 10 || c === 13 || c === 9; }

/** A byte as a message names it: `"x"` when printable, `byte 0x1f` otherwise. */
export function describeByte(c: number): string {
  if (c >= 32 && c < 127) return `"${String.fromCharCode(c)}"`;
  return `byte 0x${c.toString(16).padStart(2, '0')}`;
}
