/**
 * The snapshot's `strings` section, kept as the raw JSON bytes between the quotes plus one
 * start offset per string. Strings are decoded on first use and cached: most of a large
 * snapshot's string bytes (source text, payloads) are never looked at, and decoding them all
 * would cost as much as the rest of the parse.
 */
export class StringTable {
  readonly count: number;
  readonly #bytes: Uint8Array;
  /** One entry per string plus an end sentinel: string i is bytes[starts[i], starts[i + 1] - 1). */
  readonly #starts: Float64Array;
  readonly #cache: (string | undefined)[];
  readonly #decoder = new TextDecoder('utf-8');

  constructor(bytes: Uint8Array, starts: Float64Array, count: number) {
    this.#bytes = bytes;
    this.#starts = starts;
    this.count = count;
    this.#cache = new Array(count);
  }

  /** The decoded string at `stringIndex` (JSON escapes resolved). */
  get(stringIndex: number): string {
    const cached = this.#cache[stringIndex];
    if (cached !== undefined) return cached;
    // The stored range excludes the closing quote; the separator byte after it is skipped by -1.
    const from = this.#starts[stringIndex];
    const to = this.#starts[stringIndex + 1] - 1;
    const raw = this.#bytes.subarray(from, to);
    let text = this.#decoder.decode(raw);
    if (raw.indexOf(92) !== -1) text = JSON.parse(`"${text}"`) as string;
    this.#cache[stringIndex] = text;
    return text;
  }

  /** Byte length of the raw (still escaped) string: cheap, no decoding. */
  rawLength(stringIndex: number): number {
    return this.#starts[stringIndex + 1] - 1 - this.#starts[stringIndex];
  }

  /** First byte of the raw string, or -1 for an empty one. Lets hot loops test a prefix without decoding. */
  firstByte(stringIndex: number): number {
    return this.rawLength(stringIndex) > 0 ? this.#bytes[this.#starts[stringIndex]] : -1;
  }

  /** Byte `offset` of the raw (still escaped) string, or -1 past its end. No decoding. */
  byteAt(stringIndex: number, offset: number): number {
    return offset < this.rawLength(stringIndex) ? this.#bytes[this.#starts[stringIndex] + offset] : -1;
  }

  /** Whether the raw string holds `bytes` at `offset`: a prefilter before decoding. */
  hasBytesAt(stringIndex: number, offset: number, bytes: Uint8Array): boolean {
    if (offset + bytes.length > this.rawLength(stringIndex)) return false;
    const from = this.#starts[stringIndex] + offset;
    for (let k = 0; k < bytes.length; k++) if (this.#bytes[from + k] !== bytes[k]) return false;
    return true;
  }

  /**
   * The index of the first string equal to `text`, or -1. Compares raw bytes of same-length
   * strings, so nothing is decoded (a big snapshot holds millions of strings).
   */
  indexOf(text: string): number {
    const target = new TextEncoder().encode(JSON.stringify(text).slice(1, -1));
    const bytes = this.#bytes;
    const starts = this.#starts;
    const length = target.length;
    outer: for (let i = 0; i < this.count; i++) {
      const from = starts[i];
      if (starts[i + 1] - 1 - from !== length) continue;
      for (let k = 0; k < length; k++) if (bytes[from + k] !== target[k]) continue outer;
      return i;
    }
    return -1;
  }
}
