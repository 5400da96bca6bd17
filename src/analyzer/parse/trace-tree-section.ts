import { SnapshotParseError } from '../errors.ts';
import { GrowableNumbers } from './growable-numbers.ts';
import { describeByte, isSpace } from './bytes.ts';

/** The `trace_tree` section flattened: one record per trace node, parents before children. */
export interface RawTraceTree {
  /** The numbers of each node in `trace_node_fields` order, less `children`: fieldCount per node. */
  values: Float64Array;
  /** Index of each node's parent record; -1 for a root. */
  parentOf: Int32Array;
  /** Numbers per node in `values`. */
  fieldCount: number;
}

/**
 * The `trace_tree` section (written when allocation tracking is on): nested arrays in which each
 * node is its numbers (`id, function_info_index, count, size`) followed by the array of its
 * children, `[1,0,0,0,[2,1,5,320,[],3,2,1,64,[]]]`. Fed chunk by chunk and read byte by byte
 * with a stack of open arrays: the tree is small next to the nodes and edges, and may be deep.
 */
export class TraceTreeSection {
  readonly #fieldCount: number;
  readonly #values = new GrowableNumbers(1024);
  readonly #parentOf = new GrowableNumbers(256);
  /** Per open array: the field of the record being read; the record whose children it holds. */
  readonly #fieldAt: number[] = [];
  readonly #ownerAt: number[] = [];
  #acc = 0;
  #digits = 0;
  /** A value (number or children array) just ended: a "," or "]" must come next. */
  #needsSeparator = false;
  #items = 0;
  isClosed = false;

  /** `fieldCount`: numbers per node before its children array. */
  constructor(fieldCount: number) {
    this.#fieldCount = fieldCount;
  }

  /** Reads from `start` until the chunk ends or the tree closes; returns the next position. */
  scan(chunk: Uint8Array, start: number, base: number): number {
    const len = chunk.length;
    let i = start;
    for (; i < len && !this.isClosed; i++) {
      const c = chunk[i];
      if (c >= 48 && c <= 57) {
        if (this.#needsSeparator || this.#fieldAt.length === 0) this.#fail(c, base + i);
        this.#acc = this.#acc * 10 + (c - 48);
        this.#digits++;
        continue;
      }
      if (this.#digits > 0) this.#endNumber(c, base + i);
      if (isSpace(c)) continue;
      const depth = this.#fieldAt.length;
      if (c === 91) {
        if (depth === 0) { this.#fieldAt.push(0); this.#ownerAt.push(-1); continue; }
        if (this.#needsSeparator || this.#fieldAt[depth - 1] !== this.#fieldCount) this.#fail(c, base + i);
        // The children of the record just read.
        this.#fieldAt.push(0);
        this.#ownerAt.push(this.#parentOf.length - 1);
        continue;
      }
      if (c === 44) {
        if (!this.#needsSeparator) this.#fail(c, base + i);
        this.#needsSeparator = false;
        continue;
      }
      if (c === 93) {
        if (depth === 0 || this.#fieldAt[depth - 1] !== 0 || (!this.#needsSeparator && this.#items > 0 && this.#ownerAt[depth - 1] !== this.#parentOf.length - 1)) this.#fail(c, base + i);
        this.#fieldAt.pop();
        this.#ownerAt.pop();
        if (this.#fieldAt.length === 0) { this.isClosed = true; continue; }
        // The children array ends its record.
        this.#fieldAt[this.#fieldAt.length - 1] = 0;
        this.#needsSeparator = true;
        continue;
      }
      this.#fail(c, base + i);
    }
    return i;
  }

  /** The tree once closed. */
  tree(): RawTraceTree {
    return { values: this.#values.view(), parentOf: Int32Array.from(this.#parentOf.view()), fieldCount: this.#fieldCount };
  }

  #endNumber(c: number, offset: number): void {
    if (c !== 44 && c !== 93 && !isSpace(c)) this.#fail(c, offset);
    const depth = this.#fieldAt.length;
    const field = this.#fieldAt[depth - 1];
    if (field >= this.#fieldCount) this.#fail(c, offset);
    if (this.#acc > Number.MAX_SAFE_INTEGER) {
      throw new SnapshotParseError('bad-value', `Value ${this.#acc} in "trace_tree" (item ${this.#items}) is too large. The file is damaged: take the snapshot again.`, offset);
    }
    if (field === 0) this.#parentOf.push(this.#ownerAt[depth - 1]);
    this.#values.push(this.#acc);
    this.#fieldAt[depth - 1] = field + 1;
    this.#acc = 0;
    this.#digits = 0;
    this.#items++;
    this.#needsSeparator = true;
  }

  #fail(c: number, offset: number): never {
    const what = c === 45 ? ' (a negative number)' : '';
    throw new SnapshotParseError('bad-value',
      `"trace_tree" should hold nodes of ${this.#fieldCount} numbers and an array of children each, found ${describeByte(c)}${what} after ${this.#items} numbers. The file is damaged: take the snapshot again.`,
      offset);
  }
}
