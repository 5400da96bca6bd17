import { SnapshotParseError } from '../errors.ts';
import { GrowableNumbers } from './growable-numbers.ts';
import { StringTable } from './string-table.ts';
import { describeByte, isSpace } from './bytes.ts';

// Where the section is: before "[", before a string, inside one, after one, done.
const OPEN = 0, ITEM = 1, IN = 2, AFTER = 3, CLOSED = 4;

/**
 * The `strings` section, fed chunk by chunk: each string's raw bytes (escapes kept) are copied
 * into one buffer, with its start offset; StringTable decodes them on first use.
 */
export class StringSection {
  #state = OPEN;
  #bytes: Uint8Array;
  #length = 0;
  #starts: GrowableNumbers;

  /** `remainingBytes`: how much of the input is left, when known: sizes the buffers once. */
  constructor(remainingBytes: number) {
    // The strings are the rest of the file in every V8 version, so this is room for all of them.
    this.#bytes = new Uint8Array(Math.max(remainingBytes, 1 << 16));
    // Each string takes at least 3 bytes ("" and a comma): a start per 3 remaining bytes is
    // room for all of them, in pages that stay untouched past the last string.
    this.#starts = new GrowableNumbers(remainingBytes > 0 ? Math.floor(remainingBytes / 3) + 2 : 1024);
  }

  get isClosed(): boolean { return this.#state === CLOSED; }

  /** Reads from `start` until the chunk ends or the section closes; returns the next position. */
  scan(chunk: Uint8Array, start: number, base: number): number {
    let i = start;
    const len = chunk.length;
    while (i < len && this.#state !== CLOSED) {
      if (this.#state === IN) { i = this.#scanString(chunk, i); continue; }
      const c = chunk[i];
      if (isSpace(c)) { i++; continue; }
      switch (this.#state) {
        case OPEN:
          if (c !== 91) throw new SnapshotParseError('bad-value', `"strings" should be an array of strings, but starts with ${describeByte(c)}. The file is damaged: take the snapshot again.`, base + i);
          this.#state = ITEM;
          break;
        case ITEM:
          if (c === 34) { this.#starts.push(this.#length); this.#state = IN; break; }
          if (c === 93 && this.#starts.length === 0) { this.#state = CLOSED; break; }
          throw new SnapshotParseError('bad-value', `"strings" should hold only strings, found ${describeByte(c)} after ${this.#starts.length} strings. The file is damaged: take the snapshot again.`, base + i);
        case AFTER:
          if (c === 44) { this.#state = ITEM; break; }
          if (c === 93) { this.#state = CLOSED; break; }
          throw new SnapshotParseError('bad-value', `Expected "," or "]" after string ${this.#starts.length - 1} in "strings", found ${describeByte(c)}. The file is damaged: take the snapshot again.`, base + i);
        default:
          throw new Error(`string section state ${this.#state} has no byte handler`);
      }
      i++;
    }
    return i;
  }

  /** The strings read, once the section is closed. */
  table(): StringTable {
    const count = this.#starts.length;
    this.#starts.push(this.#length);
    // A view: its buffer's untouched tail costs no memory.
    return new StringTable(this.#bytes, this.#starts.view(), count);
  }

  /**
   * Hot loop for string contents: copy raw bytes up to the closing quote (escapes kept), and
   * go straight on into the next string when `,"` (or `,\n"`) follows, so a section of short
   * strings costs no state change, call or allocation per string.
   */
  #scanString(chunk: Uint8Array, start: number): number {
    const len = chunk.length;
    // Each byte read writes at most one (a closing quote becomes the separator byte).
    this.#ensureCapacity(len - start);
    const bytes = this.#bytes;
    const starts = this.#starts;
    let length = this.#length;
    let i = start;
    for (;;) {
      // Find the next quote: by hand for the short strings most are, natively for long ones.
      let quote = i;
      const shortEnd = Math.min(len, i + 64);
      while (quote < shortEnd && chunk[quote] !== 34) quote++;
      if (quote === shortEnd && quote < len) quote = chunk.indexOf(34, quote);
      const end = quote === -1 ? len : quote;
      if (end - i < 64) for (let k = i; k < end; k++) bytes[length++] = chunk[k];
      else { bytes.set(chunk.subarray(i, end), length); length += end - i; }
      if (quote === -1 || quote === len) { i = len; break; }
      // The quote is escaped when the bytes before it end in an odd run of backslashes
      // (counted in the copied bytes, so a run split across chunks still counts).
      if (endsInOddBackslashes(bytes, length)) { bytes[length++] = 34; i = quote + 1; continue; }
      // Close the string: one separator byte keeps StringTable's "end = next start - 1" rule
      // and stops the backslash count of the next string at this boundary.
      bytes[length++] = 0;
      i = quote + 1;
      let next = i;
      if (next < len && chunk[next] === 44) {
        next++;
        if (next < len && chunk[next] === 10) next++;
        if (next < len && chunk[next] === 34) { starts.push(length); i = next + 1; continue; }
      }
      this.#state = AFTER;
      break;
    }
    this.#length = length;
    return i;
  }

  #ensureCapacity(extra: number): void {
    if (this.#length + extra <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(this.#bytes.length * 2, this.#length + extra));
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
  }
}

/** Whether the bytes written so far end in an odd number of backslashes (the next quote is escaped). */
function endsInOddBackslashes(bytes: Uint8Array, length: number): boolean {
  let run = 0;
  for (let k = length - 1; k >= 0 && bytes[k] === 92; k--) run++;
  return (run & 1) === 1;
}
