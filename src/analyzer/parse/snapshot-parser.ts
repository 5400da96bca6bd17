import { SnapshotParseError } from '../errors.ts';
import { readSnapshotMeta, type SnapshotMeta } from './snapshot-meta.ts';
import type { StringTable } from './string-table.ts';
import { nodeFieldLayout } from './node-field-layout.ts';
import { NumberSection, type NumberSectionOptions } from './number-section.ts';
import { NO_SIDE_FIELD, type SideField } from './number-scanner.ts';
import { StringSection } from './string-section.ts';
import { ValueSkipper } from './value-skipper.ts';
import { TraceTreeSection, type RawTraceTree } from './trace-tree-section.ts';
import { assembleSnapshot, anyNonZero, type ParsedSnapshot } from './parsed-snapshot.ts';
import { describeByte, isSpace } from './bytes.ts';

export type { ParsedSnapshot, RawTraces } from './parsed-snapshot.ts';

export type ParsePhase = 'meta' | 'nodes' | 'edges' | 'strings' | 'other' | 'done';

/** Reported as bytes arrive; `totalBytes` only when the caller knew the size up front. */
export interface ParseProgress { phase: ParsePhase; bytesRead: number; totalBytes?: number }

export interface SnapshotParserOptions {
  /** Size of the whole input, if known: lets the strings buffer be sized once. */
  totalBytes?: number;
  onProgress?: (progress: ParseProgress) => void;
}

// Where the parser is. The top level, `{ "key" : value , ... }`, goes byte by byte; each
// section's value is read by its own reader, which the parser hands whole chunks to.
const TOP_START = 0, TOP_KEY = 1, TOP_IN_KEY = 2, TOP_COLON = 3, TOP_VALUE = 4, TOP_AFTER = 5, DONE = 6;
const IN_NUMBERS = 10, IN_STRINGS = 11, IN_VALUE = 12, IN_TRACE_TREE = 13;

const MAX_KEY_BYTES = 256;

/** Top-level keys V8 writes; before the header, anything else means another kind of JSON. */
const SNAPSHOT_KEYS = new Set(['snapshot', 'nodes', 'edges', 'trace_function_infos', 'trace_tree', 'samples', 'locations', 'strings']);

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
  #meta: SnapshotMeta | undefined;

  // The reader of the section being read: one of these is set while its state is.
  #numbers: NumberSection | undefined;
  #strings: StringSection | undefined;
  #skipper: ValueSkipper | undefined;
  #traceTree: TraceTreeSection | undefined;

  #nodes: Uint32Array | undefined;
  #edges: Uint32Array | undefined;
  #locations: Uint32Array | undefined;
  #functionInfos: Uint32Array | undefined;
  #rawTraceTree: RawTraceTree | undefined;
  #stringTable: StringTable | undefined;
  /** Nodes' stored fields, when unread fields are dropped. */
  #nodeFields: string[] | undefined;
  #side: SideField = NO_SIDE_FIELD;
  #detachedness: Uint8Array | undefined;

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
        case IN_NUMBERS:
          i = this.#numbers!.scan(chunk, i, base);
          if (this.#numbers!.isClosed) this.#endNumbers();
          break;
        case IN_STRINGS:
          i = this.#strings!.scan(chunk, i, base);
          if (this.#strings!.isClosed) this.#endStrings();
          break;
        case IN_TRACE_TREE:
          i = this.#traceTree!.scan(chunk, i, base);
          if (this.#traceTree!.isClosed) { this.#rawTraceTree = this.#traceTree!.tree(); this.#traceTree = undefined; this.#state = TOP_AFTER; }
          break;
        case IN_VALUE:
          i = this.#skipper!.scan(chunk, i, base + i);
          if (this.#skipper!.isDone) this.#endValue();
          break;
        default:
          i = this.#step(chunk[i], i, base);
          break;
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
      const where = this.#state === TOP_START ? 'before any JSON'
        : this.#state === TOP_KEY || this.#state === TOP_IN_KEY || this.#state === TOP_AFTER
          ? (this.#seen.size === 0 ? 'inside the top-level object' : `after the "${[...this.#seen].at(-1)}" section`)
          : `inside "${this.#currentKey}"`;
      throw new SnapshotParseError('truncated',
        `The snapshot ends after ${this.#bytesRead} bytes, ${where}: the file is cut short. Copy it again in full, or take the snapshot again (and wait until writeHeapSnapshot returns).`,
        this.#bytesRead);
    }
    const meta = this.#meta;
    if (!meta) throw new SnapshotParseError('missing-section', 'The snapshot has no "snapshot" header with meta field lists. Is this a V8 .heapsnapshot file?');
    for (const section of ['nodes', 'edges', 'strings']) {
      if (!this.#seen.has(section)) throw new SnapshotParseError('missing-section', `The snapshot has no "${section}" section. Is this a complete V8 .heapsnapshot file?`);
    }
    const snapshot = assembleSnapshot({
      meta, nodes: this.#nodes!, edges: this.#edges!, strings: this.#stringTable!, totalBytes: this.#bytesRead,
      ...(this.#nodeFields && { nodeFields: this.#nodeFields }), ...(this.#locations && { locations: this.#locations }),
      ...(this.#detachedness && { detachedness: this.#detachedness }), ...(this.#functionInfos && { functionInfos: this.#functionInfos }),
      ...(this.#rawTraceTree && { traceTree: this.#rawTraceTree }),
    });
    this.#onProgress?.({ phase: 'done', bytesRead: this.#bytesRead, ...(this.#totalBytes !== undefined && { totalBytes: this.#totalBytes }) });
    return snapshot;
  }

  #fail(message: string, offset: number): never {
    throw new SnapshotParseError('not-a-snapshot', message, offset);
  }

  /** One byte of the top level; returns the next position. */
  #step(c: number, i: number, base: number): number {
    const offset = base + i;
    switch (this.#state) {
      case TOP_START:
        if (isSpace(c)) return i + 1;
        if (c !== 123) this.#fail(`Expected "{" to open a heap snapshot, found ${describeByte(c)}. Is this a .heapsnapshot file?`, offset);
        this.#state = TOP_KEY;
        return i + 1;
      case TOP_KEY:
        if (isSpace(c)) return i + 1;
        if (c === 34) { this.#key = []; this.#sectionStart = offset; this.#state = TOP_IN_KEY; return i + 1; }
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
        return this.#startValue(i, offset);
      case TOP_AFTER:
        if (isSpace(c)) return i + 1;
        if (c === 44) { this.#state = TOP_KEY; return i + 1; }
        if (c === 125) { this.#state = DONE; return i + 1; }
        return this.#fail(`Expected "," or "}" after the "${this.#currentKey}" section, found ${describeByte(c)}.`, offset);
      case DONE:
        if (isSpace(c) || c === 0) return i + 1;
        return this.#fail(`Unexpected ${describeByte(c)} after the end of the snapshot JSON.`, offset);
      default:
        throw new Error(`parser state ${this.#state} has no byte handler`);
    }
  }

  /** Picks the reader for the section whose value starts at `offset`. */
  #startValue(i: number, offset: number): number {
    const key = this.#currentKey;
    if (this.#seen.has(key)) this.#fail(`The top-level key "${key}" appears twice.`, offset);
    if (!this.#meta && key !== 'snapshot') this.#requireHeaderFirst(key);
    this.#seen.add(key);
    const meta = this.#meta;
    switch (key) {
      case 'snapshot':
        this.#phase = 'meta';
        return this.#readValue(true, i);
      case 'nodes': {
        this.#phase = 'nodes';
        const layout = nodeFieldLayout(meta!);
        const announcedValues = meta!.nodeCount !== undefined ? meta!.nodeCount * meta!.nodeFields.length : undefined;
        if (layout) {
          this.#nodeFields = layout.keptFields;
          const detachedness = meta!.nodeFields.indexOf('detachedness');
          if (detachedness > meta!.nodeFields.findLastIndex((field) => layout.keptFields.includes(field))) {
            this.#side = { values: new Uint8Array(meta!.nodeCount!), field: detachedness, keptPerNode: layout.keptFields.length };
          }
        }
        return this.#readNumbers(i, {
          announcedBy: 'snapshot.node_count × node fields', recordName: 'nodes',
          ...(announcedValues !== undefined && { announcedValues }),
          ...(layout && { fieldCount: meta!.nodeFields.length, keepMask: layout.keepMask, side: this.#side }),
        });
      }
      case 'edges': {
        this.#phase = 'edges';
        const announcedValues = meta!.edgeCount !== undefined ? meta!.edgeCount * meta!.edgeFields.length : undefined;
        return this.#readNumbers(i, { announcedBy: 'snapshot.edge_count × edge fields', ...(announcedValues !== undefined && { announcedValues }) });
      }
      case 'locations': {
        this.#phase = 'other';
        // V8 writes at most one location per node (closures): with node_count known, one buffer
        // that big never grows, and the pages past the last location are never touched (so
        // never resident), where doubling left a copy and its garbage at every step.
        const fields = meta!.locationFields.length;
        const bound = meta!.nodeCount !== undefined && fields > 0 ? meta!.nodeCount * fields + 1 : 0;
        return this.#readNumbers(i, { initialCapacity: Math.max(bound, 1 << 16) });
      }
      case 'trace_function_infos': {
        this.#phase = 'other';
        if (meta!.traceFunctionCount === 0) return this.#readValue(false, i);
        // No announced length: V8 writes trace_function_count before the infos, and functions
        // seen while it writes them are listed too (36 announced, 39 written, in one Node 24 file).
        return this.#readNumbers(i, { initialCapacity: (meta!.traceFunctionCount + 64) * meta!.traceFunctionInfoFields.length });
      }
      case 'trace_tree':
        this.#phase = 'other';
        if (meta!.traceFunctionCount === 0) return this.#readValue(false, i);
        this.#traceTree = new TraceTreeSection(meta!.traceNodeFields.length - 1);
        this.#state = IN_TRACE_TREE;
        return i;
      case 'strings': {
        this.#phase = 'strings';
        this.#strings = new StringSection(this.#totalBytes !== undefined ? this.#totalBytes - offset : 0);
        this.#state = IN_STRINGS;
        return i;
      }
      default:
        this.#phase = 'other';
        return this.#readValue(false, i);
    }
  }

  /**
   * Before the header only sections V8 writes may come (and those need the header first): a
   * first key of anything else is JSON of another kind, said at once rather than after reading
   * the whole file.
   */
  #requireHeaderFirst(key: string): never {
    const offset = this.#sectionStart;
    if (SNAPSHOT_KEYS.has(key)) this.#fail(`"${key}" comes before the "snapshot" header that describes its fields. Was the file re-written by another tool?`, offset);
    const hint = key === 'head' ? ' It looks like a sampling heap profile (.heapprofile): open it with `leaklab profile`.'
      : key === 'nodes' || key === 'startTime' ? ' It looks like a CPU profile (.cpuprofile), which holds no heap.'
        : ' Is it the right file?';
    this.#fail(`The file is JSON but not a V8 heap snapshot: its first key is "${key}", where a snapshot starts with "snapshot".${hint}`, offset);
  }

  #readNumbers(i: number, options: Omit<NumberSectionOptions, 'key' | 'sectionStart'>): number {
    this.#numbers = new NumberSection({ key: this.#currentKey, sectionStart: this.#sectionStart, ...options });
    this.#state = IN_NUMBERS;
    return i;
  }

  #readValue(capture: boolean, i: number): number {
    this.#skipper = new ValueSkipper(capture);
    this.#state = IN_VALUE;
    return i;
  }

  #endNumbers(): void {
    const section = this.#numbers!;
    const values = section.values();
    switch (section.key) {
      case 'nodes':
        this.#nodes = values;
        // Node snapshots have no DOM: all zeros, and the array is left to the collector.
        if (anyNonZero(this.#side.values)) this.#detachedness = this.#side.values;
        this.#side = NO_SIDE_FIELD;
        break;
      case 'edges': this.#edges = values; break;
      case 'locations': this.#locations = values; break;
      case 'trace_function_infos': this.#functionInfos = values; break;
      default: throw new Error(`no destination for the numbers of "${section.key}"`);
    }
    this.#numbers = undefined;
    this.#state = TOP_AFTER;
  }

  #endStrings(): void {
    this.#stringTable = this.#strings!.table();
    this.#strings = undefined;
    this.#state = TOP_AFTER;
  }

  #endValue(): void {
    const skipper = this.#skipper!;
    if (this.#currentKey === 'snapshot') this.#meta = this.#parseMeta(skipper.text());
    this.#skipper = undefined;
    this.#state = TOP_AFTER;
  }

  #parseMeta(text: string): SnapshotMeta {
    let header: unknown;
    try {
      header = JSON.parse(text);
    } catch (cause) {
      throw new SnapshotParseError('bad-meta', `The "snapshot" header is not valid JSON: ${(cause as Error).message}.`, this.#sectionStart, { cause });
    }
    return readSnapshotMeta(header, this.#sectionStart);
  }
}
