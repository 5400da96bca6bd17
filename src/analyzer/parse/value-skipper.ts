import { SnapshotParseError } from '../errors.ts';

const MAX_CAPTURED_BYTES = 16 * 1024 * 1024;

/**
 * Skips one JSON value of any type (sections the analyzer does not read), tracking nesting and
 * strings, or copies it (`capture`: the small `snapshot` header, parsed with JSON.parse). The
 * value ends at its closing bracket, or for a primitive at the parent's next "," or "}", which
 * is left for the caller.
 */
export class ValueSkipper {
  readonly #capture: boolean;
  #depth = 0;
  #inString = false;
  #escaped = false;
  #captured: Uint8Array[] = [];
  #capturedBytes = 0;
  /** The value has ended: the next byte belongs to the parent. */
  isDone = false;

  constructor(capture: boolean) {
    this.#capture = capture;
  }

  /** Reads from `start` until the chunk or the value ends; returns the next position. */
  scan(chunk: Uint8Array, start: number, startOffset: number): number {
    let i = start;
    const len = chunk.length;
    let depth = this.#depth, inString = this.#inString, escaped = this.#escaped;
    let ended = false;
    for (; i < len; i++) {
      const c = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) inString = false;
        continue;
      }
      if (c === 34) { inString = true; continue; }
      if (c === 123 || c === 91) { depth++; continue; }
      if (c === 125 || c === 93) {
        if (depth === 0) { ended = true; break; } // the parent's closing brace: a primitive value ended
        depth--;
        if (depth === 0) { i++; ended = true; break; }
        continue;
      }
      if (c === 44 && depth === 0) { ended = true; break; }
    }
    this.#depth = depth; this.#inString = inString; this.#escaped = escaped;
    if (this.#capture) {
      this.#captured.push(chunk.slice(start, i));
      this.#capturedBytes += i - start;
      if (this.#capturedBytes > MAX_CAPTURED_BYTES) {
        throw new SnapshotParseError('bad-meta', `The "snapshot" header is over ${MAX_CAPTURED_BYTES} bytes; it should be a few kB of field lists. Is this a V8 .heapsnapshot file?`, startOffset);
      }
    }
    this.isDone = ended;
    return i;
  }

  /** The captured value's text (capture mode, once done). */
  text(): string {
    const all = new Uint8Array(this.#capturedBytes);
    let at = 0;
    for (const part of this.#captured) { all.set(part, at); at += part.length; }
    this.#captured = [];
    return new TextDecoder().decode(all);
  }
}
