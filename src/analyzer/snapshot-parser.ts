import { SnapshotParseError } from './errors.ts';
import { readSnapshotMeta, type SnapshotMeta } from './snapshot-meta.ts';
import { StringTable } from './string-table.ts';
import { GrowableNumbers } from './growable-numbers.ts';
import { nodeFieldLayout } from './node-field-layout.ts';

/** The raw sections of a `.heapsnapshot`, in V8's flat layout. */
export interface ParsedSnapshot {
  meta: SnapshotMeta;
  /**
   * The fields `nodes` holds per node, in file order: meta.nodeFields less those the analyzer
   * never reads (detachedness, trace_node_id) when node_count was announced. Edges' to_node and
   * locations' object_index still count in meta.nodeFields.length values per node.
   */
  nodeFields: string[];
  /** nodeCount × nodeFields.length values. */
  nodes: Uint32Array;
  /** edgeCount × meta.edgeFields.length values. */
  edges: Uint32Array;
  strings: StringTable;
  /** Flat `locations` section (meta.locationFields per entry); empty when absent. */
  locations: Uint32Array;
  nodeCount: number;
  edgeCount: number;
  totalBytes: number;
  /**
   * Per node ordinal, the DOM state V8's embedder gave it (0 unknown, 1 attached, 2 detached),
   * when any node has one: browser snapshots. Undefined for Node's, which have no DOM.
   */
  detachedness?: Uint8Array;
}

export type ParsePhase = 'meta' | 'nodes' | 'edges' | 'strings' | 'other' | 'done';

/** Reported as bytes arrive; `totalBytes` only when the caller knew the size up front. */
export interface ParseProgress { phase: ParsePhase; bytesRead: number; totalBytes?: number }

export interface SnapshotParserOptions {
  /** Size of the whole input, if known: lets the strings buffer be sized once. */
  totalBytes?: number;
  onProgress?: (progress: ParseProgress) => void;
}

// Parser states. Top level: `{ "key" : value , ... }`.
const TOP_START = 0, TOP_KEY = 1, TOP_IN_KEY = 2, TOP_COLON = 3, TOP_VALUE = 4, TOP_AFTER = 5, DONE = 6;
// Value states.
const CAPTURE = 10, SKIP = 11, NUM_OPEN = 12, NUM = 13, STR_OPEN = 14, STR_ITEM = 15, STR_IN = 16, STR_AFTER = 17;

const MAX_META_BYTES = 16 * 1024 * 1024;
const MAX_KEY_BYTES = 256;

function isSpace(c: number): boolean { return c === 32 || c === 10 || c === 13 || c === 9; }

/**
 * A push parser for V8 heap snapshots: feed it byte chunks with `write`, then call `finish`.
 * Numbers go straight from bytes into typed arrays; strings are kept as raw bytes (see
 * StringTable). Nothing is JSON.parse'd except the small `snapshot` header.
 */
export class SnapshotParser {
  #state = TOP_START;
  #bytesRead = 0;
  readonly #totalBytes: number | undefined;
  readonly #onProgress: ((p: ParseProgress) => void) | undefined;
  #lastReportAt = 0;
  #phase: ParsePhase = 'meta';

  #key: number[] = [];
  #currentKey = '';
  #sectionStart = 0;
  #seen = new Set<string>();

  // Generic skip / capture of a JSON value.
  #depth = 0;
  #inString = false;
  #escaped = false;
  #captured: Uint8Array[] = [];
  #capturedBytes = 0;

  #meta: SnapshotMeta | undefined;

  // Numeric array scanning.
  #numTarget: Uint32Array | GrowableNumbers | undefined;
  #numFixed: Uint32Array | undefined;
  #numCount = 0;
  #acc = 0;
  #inNumber = false;
  #negative = false;
  /** acc, count, inNumber, closed: scanner state shared with the module-level hot loop. */
  /** acc, count, digits, closed, field: scanner state shared with the module-level hot loop. */
  #numState = new Float64Array(5);
  #nodes: Uint32Array | undefined;
  #edges: Uint32Array | undefined;
  #nodeValues = 0;
  /** Bit k set: store field k of each record (see NodeFieldLayout); one field unless nodes drop some. */
  #fieldKeepMask = 1;
  #fieldCount = 1;
  #side: SideField = NO_SIDE_FIELD;
  #detachedness: Uint8Array | undefined;
  /** Nodes' stored fields and their values' count, when unread fields are dropped. */
  #nodeFields: string[] | undefined;
  #nodeKeptValues = 0;
  #edgeValues = 0;
  #locations: Uint32Array | undefined;
  /** The current numeric section has no announced length: #numFixed doubles as needed. */
  #numGrows = false;

  // Strings.
  #strBytes: Uint8Array = new Uint8Array(0);
  #strLength = 0;
  #strStarts = new GrowableNumbers(1024);
  #strings: StringTable | undefined;

  constructor(options: SnapshotParserOptions = {}) {
    this.#totalBytes = options.totalBytes;
    this.#onProgress = options.onProgress;
  }

  /** Feeds the next chunk of the file. Throws SnapshotParseError on malformed input. */
  write(chunk: Uint8Array): void {
    const base = this.#bytesRead;
    let i = 0;
    const len = chunk.length;
    while (i < len) {
      switch (this.#state) {
        case NUM: i = this.#scanNumbers(chunk, i, base); break;
        case STR_IN: i = this.#scanString(chunk, i); break;
        default: i = this.#step(chunk[i], i, chunk, base); break;
      }
    }
    this.#bytesRead += len;
    if (this.#onProgress && this.#bytesRead - this.#lastReportAt >= 8 * 1024 * 1024) {
      this.#lastReportAt = this.#bytesRead;
      this.#onProgress({ phase: this.#phase, bytesRead: this.#bytesRead, ...(this.#totalBytes !== undefined && { totalBytes: this.#totalBytes }) });
    }
  }

  /** Ends the input: checks that the JSON closed and the sections agree, and returns them. */
  finish(): ParsedSnapshot {
    if (this.#bytesRead === 0) {
      throw new SnapshotParseError('empty', 'The snapshot is empty (0 bytes). Was it still being written when it was read?');
    }
    if (this.#state !== DONE) {
      const where = this.#state === TOP_START ? 'before any JSON' : `inside "${this.#currentKey || 'the top-level object'}"`;
      throw new SnapshotParseError('truncated',
        `The snapshot ends after ${this.#bytesRead} bytes, ${where}: the file is cut short. Write it again and wait until writeHeapSnapshot returns.`,
        this.#bytesRead);
    }
    const meta = this.#meta;
    if (!meta) throw new SnapshotParseError('missing-section', 'The snapshot has no "snapshot" header with meta field lists. Is this a V8 .heapsnapshot file?');
    for (const section of ['nodes', 'edges', 'strings']) {
      if (!this.#seen.has(section)) throw new SnapshotParseError('missing-section', `The snapshot has no "${section}" section. Is this a complete V8 .heapsnapshot file?`);
    }
    const nodeFields = this.#nodeFields ?? meta.nodeFields;
    const nodeFieldCount = nodeFields.length;
    const edgeFieldCount = meta.edgeFields.length;
    const nodes = this.#nodes!.subarray(0, this.#nodeValues);
    const edges = this.#edges!.subarray(0, this.#edgeValues);
    if (nodes.length % nodeFieldCount !== 0) {
      throw new SnapshotParseError('count-mismatch', `"nodes" holds ${nodes.length} values, not a multiple of the ${nodeFieldCount} node fields.`);
    }
    if (edges.length % edgeFieldCount !== 0) {
      throw new SnapshotParseError('count-mismatch', `"edges" holds ${edges.length} values, not a multiple of the ${edgeFieldCount} edge fields.`);
    }
    const nodeCount = nodes.length / nodeFieldCount;
    const edgeCount = edges.length / edgeFieldCount;
    if (meta.nodeCount !== undefined && meta.nodeCount !== nodeCount) {
      throw new SnapshotParseError('count-mismatch', `snapshot.node_count says ${meta.nodeCount} nodes but "nodes" holds ${nodeCount}.`);
    }
    if (meta.edgeCount !== undefined && meta.edgeCount !== edgeCount) {
      throw new SnapshotParseError('count-mismatch', `snapshot.edge_count says ${meta.edgeCount} edges but "edges" holds ${edgeCount}.`);
    }
    const locations = this.#locations ?? new Uint32Array(0);
    let detachedness = this.#detachedness;
    const stored = nodeFields.indexOf('detachedness'); // kept when node_count was not announced
    if (stored !== -1) {
      const values = new Uint8Array(nodeCount);
      for (let n = 0; n < nodeCount; n++) values[n] = nodes[n * nodeFieldCount + stored];
      if (anyNonZero(values)) detachedness = values;
    }
    this.#onProgress?.({ phase: 'done', bytesRead: this.#bytesRead, ...(this.#totalBytes !== undefined && { totalBytes: this.#totalBytes }) });
    return { meta, nodeFields, nodes, edges, strings: this.#strings!, locations, nodeCount, edgeCount, totalBytes: this.#bytesRead, ...(detachedness && { detachedness }) };
  }

  #fail(message: string, offset: number): never {
    throw new SnapshotParseError('not-a-snapshot', message, offset);
  }

  /** One byte of the slow (structural) states; returns the next position. */
  #step(c: number, i: number, chunk: Uint8Array, base: number): number {
    const offset = base + i;
    switch (this.#state) {
      case TOP_START:
        if (isSpace(c)) return i + 1;
        if (c !== 123) this.#fail(`Expected "{" to open a heap snapshot, found ${describeByte(c)}. Is this a .heapsnapshot file?`, offset);
        this.#state = TOP_KEY;
        return i + 1;
      case TOP_KEY:
        if (isSpace(c)) return i + 1;
        if (c === 34) { this.#key = []; this.#state = TOP_IN_KEY; return i + 1; }
        if (c === 125 && this.#seen.size === 0) { this.#state = DONE; return i + 1; }
        return this.#fail(`Expected a quoted key in the top-level object, found ${describeByte(c)}.`, offset);
      case TOP_IN_KEY:
        if (c === 34) { this.#currentKey = String.fromCharCode(...this.#key); this.#state = TOP_COLON; return i + 1; }
        if (this.#key.length >= MAX_KEY_BYTES) this.#fail('A top-level key is longer than 256 bytes: this is not a heap snapshot.', offset);
        this.#key.push(c);
        return i + 1;
      case TOP_COLON:
        if (isSpace(c)) return i + 1;
        if (c !== 58) this.#fail(`Expected ":" after "${this.#currentKey}", found ${describeByte(c)}.`, offset);
        this.#state = TOP_VALUE;
        return i + 1;
      case TOP_VALUE:
        if (isSpace(c)) return i + 1;
        return this.#startValue(c, i, offset);
      case TOP_AFTER:
        if (isSpace(c)) return i + 1;
        if (c === 44) { this.#state = TOP_KEY; return i + 1; }
        if (c === 125) { this.#state = DONE; return i + 1; }
        return this.#fail(`Expected "," or "}" after the "${this.#currentKey}" section, found ${describeByte(c)}.`, offset);
      case DONE:
        if (isSpace(c) || c === 0) return i + 1;
        return this.#fail(`Unexpected ${describeByte(c)} after the end of the snapshot JSON.`, offset);
      case CAPTURE:
      case SKIP:
        return this.#skipOrCapture(chunk, i, offset);
      case NUM_OPEN:
        if (isSpace(c)) return i + 1;
        if (c !== 91) throw new SnapshotParseError('bad-value', `"${this.#currentKey}" should be an array of numbers, but starts with ${describeByte(c)}.`, offset);
        this.#state = NUM; this.#acc = 0; this.#inNumber = false; this.#negative = false; this.#numCount = 0; this.#numState.fill(0);
        return i + 1;
      case STR_OPEN:
        if (isSpace(c)) return i + 1;
        if (c !== 91) throw new SnapshotParseError('bad-value', `"strings" should be an array of strings, but starts with ${describeByte(c)}.`, offset);
        this.#state = STR_ITEM;
        return i + 1;
      case STR_ITEM:
        if (isSpace(c)) return i + 1;
        if (c === 34) { this.#strStarts.push(this.#strLength); this.#state = STR_IN; return i + 1; }
        if (c === 93 && this.#strStarts.length === 0) return this.#endStrings(i);
        throw new SnapshotParseError('bad-value', `"strings" should hold only strings, found ${describeByte(c)} after ${this.#strStarts.length} strings.`, offset);
      case STR_AFTER:
        if (isSpace(c)) return i + 1;
        if (c === 44) { this.#state = STR_ITEM; return i + 1; }
        if (c === 93) return this.#endStrings(i);
        throw new SnapshotParseError('bad-value', `Expected "," or "]" after string ${this.#strStarts.length - 1} in "strings", found ${describeByte(c)}.`, offset);
      default:
        throw new Error(`parser state ${this.#state} has no byte handler`);
    }
  }

  #startValue(c: number, i: number, offset: number): number {
    const key = this.#currentKey;
    if (this.#seen.has(key)) this.#fail(`The top-level key "${key}" appears twice.`, offset);
    this.#seen.add(key);
    this.#sectionStart = offset;
    this.#depth = 0; this.#inString = false; this.#escaped = false;
    switch (key) {
      case 'snapshot':
        this.#phase = 'meta'; this.#state = CAPTURE; this.#captured = []; this.#capturedBytes = 0;
        return i;
      case 'nodes': {
        this.#phase = 'nodes';
        const meta = this.#requireMeta(offset);
        const count = meta.nodeCount !== undefined ? meta.nodeCount * meta.nodeFields.length : undefined;
        const layout = nodeFieldLayout(meta);
        if (layout && meta.nodeCount !== undefined) {
          // One spare slot: the last value of the last node is written there when it is dropped.
          this.#nodeKeptValues = meta.nodeCount * layout.keptFields.length;
          this.#numFixed = new Uint32Array(this.#nodeKeptValues + 1);
          this.#fieldKeepMask = layout.keepMask; this.#fieldCount = meta.nodeFields.length; this.#nodeFields = layout.keptFields;
          const detachedness = meta.nodeFields.indexOf('detachedness');
          if (detachedness > meta.nodeFields.findLastIndex((field) => layout.keptFields.includes(field))) {
            this.#side = { values: new Uint8Array(meta.nodeCount), field: detachedness, keptPerNode: layout.keptFields.length };
          }
        } else {
          this.#numFixed = count !== undefined ? new Uint32Array(count) : undefined;
        }
        this.#numTarget = this.#numFixed ?? new GrowableNumbers(1 << 20);
        this.#state = NUM_OPEN;
        return i;
      }
      case 'edges': {
        this.#phase = 'edges';
        const meta = this.#requireMeta(offset);
        const count = meta.edgeCount !== undefined ? meta.edgeCount * meta.edgeFields.length : undefined;
        this.#numFixed = count !== undefined ? new Uint32Array(count) : undefined;
        this.#numTarget = this.#numFixed ?? new GrowableNumbers(1 << 20);
        this.#state = NUM_OPEN;
        return i;
      }
      case 'locations': {
        this.#phase = 'other';
        // V8 writes at most one location per node (closures): with node_count known, one buffer
        // that big never grows, and the pages past the last location are never touched (so
        // never resident), where doubling left a copy and its garbage at every step.
        const fields = this.#meta?.locationFields.length ?? 0;
        const bound = this.#meta?.nodeCount !== undefined && fields > 0 ? this.#meta.nodeCount * fields + 1 : 0;
        this.#numFixed = new Uint32Array(Math.max(bound, 1 << 16)); this.#numGrows = true;
        this.#state = NUM_OPEN;
        return i;
      }
      case 'strings': {
        this.#phase = 'strings';
        // The strings are the rest of the file in every V8 version; size the buffer once when we can.
        const remaining = this.#totalBytes !== undefined ? this.#totalBytes - offset : 0;
        this.#strBytes = new Uint8Array(Math.max(remaining, 1 << 16));
        // Each string takes at least 3 bytes ("" and a comma): a start per 3 remaining bytes is
        // room for all of them, in pages that stay untouched past the last string.
        if (remaining > 0) this.#strStarts = new GrowableNumbers(Math.floor(remaining / 3) + 2);
        this.#state = STR_OPEN;
        return i;
      }
      default:
        this.#phase = 'other'; this.#state = SKIP;
        return i;
    }
  }

  #requireMeta(offset: number): SnapshotMeta {
    if (!this.#meta) this.#fail(`"${this.#currentKey}" comes before the "snapshot" header that describes its fields.`, offset);
    return this.#meta;
  }

  /** Skips (or, for the header, copies) one JSON value of any type, tracking nesting and strings. */
  #skipOrCapture(chunk: Uint8Array, start: number, startOffset: number): number {
    const capture = this.#state === CAPTURE;
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
    if (capture) {
      this.#captured.push(chunk.slice(start, i));
      this.#capturedBytes += i - start;
      if (this.#capturedBytes > MAX_META_BYTES) {
        throw new SnapshotParseError('bad-meta', `The "snapshot" header is over ${MAX_META_BYTES} bytes; it should be a few kB of field lists.`, startOffset);
      }
    }
    if (ended) {
      if (capture) this.#meta = this.#parseMeta();
      this.#state = TOP_AFTER;
    }
    return i;
  }

  #parseMeta(): SnapshotMeta {
    const all = new Uint8Array(this.#capturedBytes);
    let at = 0;
    for (const part of this.#captured) { all.set(part, at); at += part.length; }
    this.#captured = [];
    let header: unknown;
    try {
      header = JSON.parse(new TextDecoder().decode(all));
    } catch (cause) {
      throw new SnapshotParseError('bad-meta', `The "snapshot" header is not valid JSON: ${(cause as Error).message}.`, this.#sectionStart, { cause });
    }
    return readSnapshotMeta(header, this.#sectionStart);
  }

  /** Hot loop: unsigned integers separated by commas (and, in V8's output, newlines). */
  #scanNumbers(chunk: Uint8Array, start: number, base: number): number {
    const state = this.#numState;
    const len = chunk.length;
    const maybeFixed = this.#numFixed;
    if (!maybeFixed) {
      state[0] = this.#acc; state[1] = this.#numCount; state[2] = this.#inNumber ? 1 : 0;
      const i = this.#scanIntoGrowable(chunk, start, state);
      this.#acc = state[0]; this.#numCount = state[1]; this.#inNumber = state[2] === 1;
      if (state[3] === 1) { state[3] = 0; this.#acc = 0; this.#inNumber = false; this.#endNumbers(); return i; }
      if (i < len) this.#numberError(chunk[i], state[1], Infinity, state[0], base + i);
      return i;
    }
    let fixed: Uint32Array = maybeFixed;
    let i = start;
    for (;;) {
      if (state[3] === 0 && i < len) i = scanIntoFixed(chunk, i, fixed, state, this.#fieldKeepMask, this.#fieldCount, this.#side);
      if (state[3] === 1) { // the closing bracket
        state[0] = 0; state[2] = 0; state[3] = 0;
        this.#numCount = state[1];
        this.#endNumbers();
        return i;
      }
      if (i >= len) return i;
      const c = chunk[i];
      if (this.#numGrows && state[1] >= fixed.length && state[0] <= 0xffffffff && (c === 44 || c === 93)) {
        // A section of unannounced length (locations) scans like nodes into an array that doubles.
        const grown = new Uint32Array(fixed.length * 2);
        grown.set(fixed);
        this.#numFixed = fixed = grown;
        continue;
      }
      this.#numCount = state[1];
      return this.#numberError(c, state[1], fixed.length, state[0], base + i);
    }
  }

  /** The slow path for sections of unannounced length (locations); also takes a minus sign. */
  #scanIntoGrowable(chunk: Uint8Array, start: number, state: Float64Array): number {
    let acc = state[0], inNumber = state[2] === 1;
    const len = chunk.length;
    let i = start;
    for (; i < len; i++) {
      const c = chunk[i];
      if (c >= 48 && c <= 57) { acc = acc * 10 + (c - 48); inNumber = true; continue; }
      if (c === 44 || c === 93) {
        if (inNumber) { this.#pushNumber(acc); state[1]++; }
        else if (c === 44 || state[1] > 0) break;
        acc = 0; inNumber = false;
        if (c === 93) { state[3] = 1; i++; break; }
        continue;
      }
      if (isSpace(c)) continue;
      if (c === 45 && !inNumber) { this.#negative = true; continue; }
      break;
    }
    state[0] = acc; state[2] = inNumber ? 1 : 0;
    return i;
  }

  #pushNumber(value: number): void {
    const target = this.#numTarget as GrowableNumbers;
    target.push(this.#negative ? -value : value);
    this.#negative = false;
  }

  #numberError(c: number, count: number, capacity: number, acc: number, offset: number): never {
    const key = this.#currentKey;
    if (count >= capacity && (c === 44 || c === 93 || isSpace(c))) {
      const what = key === 'nodes' ? 'snapshot.node_count × node fields' : 'snapshot.edge_count × edge fields';
      throw new SnapshotParseError('count-mismatch', `"${key}" holds more than the ${capacity} values that ${what} announce.`, offset);
    }
    if (acc > 0xffffffff) throw new SnapshotParseError('bad-value', `Value ${acc} in "${key}" (item ${count}) does not fit in 32 bits.`, offset);
    throw new SnapshotParseError('bad-value', `"${key}" should hold only non-negative integers, found ${describeByte(c)} at item ${count}.`, offset);
  }

  #endNumbers(): void {
    const key = this.#currentKey;
    const count = this.#numCount;
    if (key === 'nodes' && this.#nodeFields) {
      // Dropped fields: complete nodes fill exactly the kept values, and end on a node boundary.
      const field = this.#numState[4];
      this.#numState[4] = 0; this.#fieldKeepMask = 1; this.#fieldCount = 1;
      // Node snapshots have no DOM: all zeros, and the array is left to the collector.
      if (anyNonZero(this.#side.values)) this.#detachedness = this.#side.values;
      this.#side = NO_SIDE_FIELD;
      if (count !== this.#nodeKeptValues || field !== 0) {
        throw new SnapshotParseError('count-mismatch',
          `"nodes" does not hold the ${this.#meta!.nodeCount! * this.#meta!.nodeFields.length} values that snapshot.node_count × node fields announce (it ends ${field === 0 ? `after ${count / this.#nodeFields.length} nodes` : 'inside a node'}).`, this.#sectionStart);
      }
      this.#nodes = this.#numFixed!.subarray(0, count); this.#nodeValues = count;
      this.#numFixed = undefined; this.#numTarget = undefined;
      this.#state = TOP_AFTER;
      return;
    }
    if (this.#numGrows) {
      this.#locations = this.#numFixed!.subarray(0, count); // no copy: the untouched tail costs no memory
      this.#numGrows = false;
    } else if (this.#numFixed && count !== this.#numFixed.length) {
      const what = key === 'nodes' ? 'snapshot.node_count × node fields' : 'snapshot.edge_count × edge fields';
      throw new SnapshotParseError('count-mismatch', `"${key}" holds ${count} values but ${what} announce ${this.#numFixed.length}.`, this.#sectionStart);
    }
    const values = this.#numFixed ?? Uint32Array.from((this.#numTarget as GrowableNumbers).view());
    if (key === 'nodes') { this.#nodes = values; this.#nodeValues = count; }
    else if (key === 'edges') { this.#edges = values; this.#edgeValues = count; }
    this.#numFixed = undefined; this.#numTarget = undefined;
    this.#state = TOP_AFTER;
  }

  /**
   * Hot loop for string contents: copy raw bytes up to the closing quote (escapes kept), and
   * go straight on into the next string when `,"` (or `,\n"`) follows, so a section of short
   * strings costs no state change, call or allocation per string.
   */
  #scanString(chunk: Uint8Array, start: number): number {
    const len = chunk.length;
    // Each byte read writes at most one (a closing quote becomes the separator byte).
    this.#ensureStringCapacity(len - start);
    const bytes = this.#strBytes;
    const starts = this.#strStarts;
    let length = this.#strLength;
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
      this.#state = STR_AFTER;
      break;
    }
    this.#strLength = length;
    return i;
  }

  #ensureStringCapacity(extra: number): void {
    if (this.#strLength + extra <= this.#strBytes.length) return;
    const grown = new Uint8Array(Math.max(this.#strBytes.length * 2, this.#strLength + extra));
    grown.set(this.#strBytes.subarray(0, this.#strLength));
    this.#strBytes = grown;
  }

  #endStrings(i: number): number {
    const count = this.#strStarts.length;
    this.#strStarts.push(this.#strLength);
    const starts = this.#strStarts.view(); // a view: its buffer's untouched tail costs no memory
    this.#strings = new StringTable(this.#strBytes, starts, count);
    this.#state = TOP_AFTER;
    return i + 1;
  }
}

function anyNonZero(values: Uint8Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) return true;
  return false;
}

/** count and field in and out of scanPlainValues. */
const counters = new Int32Array(2);

/**
 * A dropped node field whose values are still wanted, one byte per node (detachedness: DevTools
 * names detached DOM nodes by it). Only a field after every kept one: its node is then
 * count / keptPerNode - 1, with count already past the node's kept values. field -1: none.
 */
interface SideField { values: Uint8Array; field: number; keptPerNode: number }
const NO_SIDE_FIELD: SideField = { values: new Uint8Array(0), field: -1, keptPerNode: 1 };

/**
 * "123," and V8's "123\n," with no number carried over: the bulk of the bytes, read with one
 * bounds test per value (a value of up to 9 digits, a newline and its comma fit in the 12 bytes
 * before `safeEnd`). Returns at the first byte that is not such a value, or with `out` full,
 * for scanIntoFixed's careful loop. A function of its own so that V8 optimizes it once: the
 * careful loop's rare branches deoptimize their function as they are first taken.
 */
function scanPlainValues(chunk: Uint8Array, start: number, safeEnd: number, out: Uint32Array, capacity: number, keepMask: number, fieldCount: number, io: Int32Array): number {
  let count = io[0];
  let field = io[1];
  let i = start;
  while (i < safeEnd && count < capacity) {
    let d = (chunk[i] - 48) | 0;
    if ((d >>> 0) > 9) break;
    const runStart = i;
    const runLimit = i + 10; // ten digits at most: the reads stay inside the chunk
    let run = d;
    d = (chunk[++i] - 48) | 0;
    while ((d >>> 0) <= 9 && i < runLimit) { run = (Math.imul(run, 10) + d) | 0; d = (chunk[++i] - 48) | 0; }
    // Ten digits may not fit in Int32: those, and anything but a comma, take the careful path.
    if (i - runStart > 9) { i = runStart; break; }
    if (d === -38) d = (chunk[++i] - 48) | 0; // "\n" before the comma
    if (d !== -4) { i = runStart; break; }
    out[count] = run;
    count = (count + ((keepMask >>> field) & 1)) | 0;
    field = field + 1 === fieldCount ? 0 : field + 1;
    i++;
  }
  io[0] = count; io[1] = field;
  return i;
}
/**
 * scanPlainValues for a nodes section with a side field (see SideField): the same loop plus its
 * test, in a copy of its own so that edges, two thirds of the numbers, do not pay for it.
 */
function scanPlainNodeValues(chunk: Uint8Array, start: number, safeEnd: number, out: Uint32Array, capacity: number, keepMask: number, fieldCount: number, io: Int32Array, side: SideField): number {
  const { values: sideValues, field: sideField, keptPerNode } = side;
  let count = io[0];
  let field = io[1];
  let i = start;
  while (i < safeEnd && count < capacity) {
    let d = (chunk[i] - 48) | 0;
    if ((d >>> 0) > 9) break;
    const runStart = i;
    const runLimit = i + 10; // ten digits at most: the reads stay inside the chunk
    let run = d;
    d = (chunk[++i] - 48) | 0;
    while ((d >>> 0) <= 9 && i < runLimit) { run = (Math.imul(run, 10) + d) | 0; d = (chunk[++i] - 48) | 0; }
    // Ten digits may not fit in Int32: those, and anything but a comma, take the careful path.
    if (i - runStart > 9) { i = runStart; break; }
    if (d === -38) d = (chunk[++i] - 48) | 0; // "\n" before the comma
    if (d !== -4) { i = runStart; break; }
    out[count] = run;
    if (field === sideField) sideValues[((count / keptPerNode) | 0) - 1] = run;
    count = (count + ((keepMask >>> field) & 1)) | 0;
    field = field + 1 === fieldCount ? 0 : field + 1;
    i++;
  }
  io[0] = count; io[1] = field;
  return i;
}

/**
 * The hot loop for nodes and edges: one tight inner loop per run of digits (Int32 arithmetic,
 * so V8 keeps it in registers), then one test for the comma after it. Branches are predictable
 * except where a number ends, so it runs several times faster than a byte-at-a-time state
 * machine. A number split across chunks carries over in `state`; one of ten or more digits is
 * recomputed in double arithmetic. Stops at any unexpected byte, or at a separator when `out`
 * is full, for the caller to sort out. Each value is written at `count`, which then advances by
 * bit `field` of `keepMask` (see NodeFieldLayout: dropped node fields cost no branch, and the
 * count's dependency chain stays one add long).
 * state = [acc, count, digits, closed, field].
 */
function scanIntoFixed(chunk: Uint8Array, start: number, out: Uint32Array, state: Float64Array, keepMask: number, fieldCount: number, side: SideField): number {
  const { values: sideValues, field: sideField, keptPerNode } = side;
  // `count` and `run` stay Int32 (a double index or stored value costs a conversion per value).
  let acc = state[0];
  let count = state[1] | 0;
  let digits = state[2];
  let field = state[4] | 0;
  const capacity = out.length;
  const len = chunk.length;
  const safeEnd = len - 12; // see scanPlainValues
  let i = start;
  while (i < len) {
    if (digits === 0 && i < safeEnd) {
      counters[0] = count; counters[1] = field;
      i = sideField === -1
        ? scanPlainValues(chunk, i, safeEnd, out, capacity, keepMask, fieldCount, counters)
        : scanPlainNodeValues(chunk, i, safeEnd, out, capacity, keepMask, fieldCount, counters, side);
      count = counters[0]; field = counters[1];
      if (i >= len) break;
    }
    let c = chunk[i];
    if (((c - 48) >>> 0) <= 9) {
      const runStart = i;
      let run = (c - 48) | 0;
      i++;
      while (i < len) {
        c = chunk[i];
        const d = (c - 48) | 0;
        if ((d >>> 0) > 9) break;
        run = (Math.imul(run, 10) + d) | 0;
        i++;
      }
      if (digits === 0 && i - runStart <= 9 && i < len && c === 44 && count < capacity) { // the common case: "123,"
        out[count] = run;
        if (field === sideField) sideValues[((count / keptPerNode) | 0) - 1] = run;
        count = (count + ((keepMask >>> field) & 1)) | 0;
        field = field + 1 === fieldCount ? 0 : field + 1;
        i++;
        continue;
      }
      const total = digits + (i - runStart);
      if (total <= 9) acc = digits === 0 ? run : acc * 10 ** (i - runStart) + run;
      else acc = longNumber(chunk, runStart, i, acc);
      digits = total;
      if (i === len) break; // the number may go on in the next chunk
    }
    if (c === 44) {
      if (digits === 0 || count >= capacity || acc > 0xffffffff) break;
      out[count] = acc;
      if (field === sideField) sideValues[((count / keptPerNode) | 0) - 1] = acc;
      count = (count + ((keepMask >>> field) & 1)) | 0;
      field = field + 1 === fieldCount ? 0 : field + 1;
      acc = 0; digits = 0;
      i++;
      continue;
    }
    if (c === 10 || c === 13 || c === 32 || c === 9) { i++; continue; }
    if (c === 93) {
      if (digits !== 0) {
        if (count >= capacity || acc > 0xffffffff) break;
        out[count] = acc;
        if (field === sideField) sideValues[((count / keptPerNode) | 0) - 1] = acc;
        count = (count + ((keepMask >>> field) & 1)) | 0;
        field = field + 1 === fieldCount ? 0 : field + 1;
      } else if (count > 0) break; // "1,]"
      acc = 0; digits = 0;
      state[3] = 1;
      i++;
      break;
    }
    break;
  }
  state[0] = acc; state[1] = count; state[2] = digits; state[4] = field;
  return i;
}

/** A run of digits that made the number ten or more digits long, in double arithmetic. */
function longNumber(chunk: Uint8Array, from: number, to: number, carried: number): number {
  let value = carried;
  for (let k = from; k < to; k++) value = value * 10 + (chunk[k] - 48);
  return value;
}

/** Whether the bytes written so far end in an odd number of backslashes (the next quote is escaped). */
function endsInOddBackslashes(bytes: Uint8Array, length: number): boolean {
  let run = 0;
  for (let k = length - 1; k >= 0 && bytes[k] === 92; k--) run++;
  return (run & 1) === 1;
}

function describeByte(c: number): string {
  if (c >= 32 && c < 127) return `"${String.fromCharCode(c)}"`;
  return `byte 0x${c.toString(16).padStart(2, '0')}`;
}
