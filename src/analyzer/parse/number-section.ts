import { SnapshotParseError } from '../errors.ts';
import { ACC, CLOSED, COUNT, DIGITS, FIELD, NO_SIDE_FIELD, newScanState, scanIntoFixed, type SideField } from './number-scanner.ts';
import { describeByte, isSpace } from './bytes.ts';

/** How one array of unsigned integers is read and checked. */
export interface NumberSectionOptions {
  /** The top-level key, for messages. */
  key: string;
  /** Byte offset of the section's value, for messages about the whole section. */
  sectionStart: number;
  /**
   * Values the header announces (count × fields in the file), or undefined: the array then
   * starts at `initialCapacity` and doubles as needed.
   */
  announcedValues?: number;
  /** What announces them, for messages: `snapshot.node_count × node fields`. */
  announcedBy?: string;
  /** What one record of `fieldCount` values is, for messages: `nodes`. */
  recordName?: string;
  initialCapacity?: number;
  /** Values per record in the file and which of them are stored (see NodeFieldLayout); 1 and 1 when all are. */
  fieldCount?: number;
  keepMask?: number;
  side?: SideField;
}

/**
 * One section of unsigned integers (`[1,2,3]`), fed chunk by chunk through the one number
 * scanner: the same rules whether or not its length was announced. Values that do not fit
 * (a minus sign, a fraction, 2^32 or more) are errors with their byte offset.
 */
export class NumberSection {
  readonly key: string;
  #out: Uint32Array;
  readonly #state = newScanState();
  readonly #options: NumberSectionOptions;
  readonly #fieldCount: number;
  readonly #keepMask: number;
  readonly #side: SideField;
  /** Stored values the header announces (kept fields only), or -1 when nothing was announced. */
  readonly #expectedStored: number;
  readonly #keptPerRecord: number;
  #isOpen = false;
  /** The closing bracket has been read: `values()` may be called. */
  isClosed = false;

  constructor(options: NumberSectionOptions) {
    this.key = options.key;
    this.#options = options;
    this.#fieldCount = options.fieldCount ?? 1;
    this.#keepMask = options.keepMask ?? 1;
    this.#side = options.side ?? NO_SIDE_FIELD;
    let kept = 0;
    for (let field = 0; field < this.#fieldCount; field++) kept += (this.#keepMask >>> field) & 1;
    this.#keptPerRecord = kept;
    const announced = options.announcedValues;
    this.#expectedStored = announced === undefined ? -1 : (announced / this.#fieldCount) * kept;
    // With dropped fields, one spare slot: the last value of the last record is written there when it is dropped.
    const spare = this.#keptPerRecord < this.#fieldCount ? 1 : 0;
    this.#out = new Uint32Array(announced === undefined ? Math.max(16, options.initialCapacity ?? 1 << 16) : this.#expectedStored + spare);
  }

  /** Reads from `start` until the chunk ends or the section closes; returns the next position. */
  scan(chunk: Uint8Array, start: number, base: number): number {
    const state = this.#state;
    const len = chunk.length;
    let i = start;
    if (!this.#isOpen) {
      while (i < len && isSpace(chunk[i])) i++;
      if (i === len) return i;
      if (chunk[i] !== 91) throw new SnapshotParseError('bad-value', `"${this.key}" should be an array of numbers, but starts with ${describeByte(chunk[i])}. The file is damaged: take the snapshot again.`, base + i);
      this.#isOpen = true;
      i++;
    }
    for (;;) {
      if (i < len) i = scanIntoFixed(chunk, i, this.#out, state, this.#keepMask, this.#fieldCount, this.#side);
      if (state[CLOSED] === 1) { this.isClosed = true; return i; }
      if (i >= len) return i;
      const c = chunk[i];
      if (this.#expectedStored === -1 && state[COUNT] >= this.#out.length && state[DIGITS] !== 0 && state[ACC] <= 0xffffffff && (c === 44 || c === 93)) {
        // Unannounced length: double, and go on from the same separator.
        const grown = new Uint32Array(this.#out.length * 2);
        grown.set(this.#out);
        this.#out = grown;
        continue;
      }
      return this.#fail(c, base + i);
    }
  }

  /**
   * The stored values once closed, checked against what the header announced. A view on the
   * buffer: when it grew, its untouched tail costs no memory.
   */
  values(): Uint32Array {
    const count = this.#state[COUNT];
    const field = this.#state[FIELD];
    const expected = this.#expectedStored;
    if (expected !== -1 && count > expected) {
      throw new SnapshotParseError('count-mismatch',
        `"${this.key}" holds more than the ${this.#options.announcedValues} values that ${this.#options.announcedBy ?? 'the header'} announce. Was the file edited?`, this.#options.sectionStart);
    }
    if (expected !== -1 && (count !== expected || field !== 0)) {
      const name = this.#options.recordName ?? 'records';
      const whole = this.#recordIndex();
      const records = this.#fieldCount === 1 ? `${count} values` : `${whole} ${whole === 1 ? name.replace(/s$/, '') : name}${field === 0 ? '' : ' and part of one'}`;
      throw new SnapshotParseError('count-mismatch',
        `"${this.key}" does not hold the ${this.#options.announcedValues} values that ${this.#options.announcedBy ?? 'the header'} announce: it ends after ${records}. Was the file cut or edited?`,
        this.#options.sectionStart);
    }
    return this.#out.subarray(0, count);
  }

  /** The record the value being read belongs to: the number of whole records read. */
  #recordIndex(): number {
    const field = this.#state[FIELD];
    let keptBefore = 0;
    for (let f = 0; f < field; f++) keptBefore += (this.#keepMask >>> f) & 1;
    return (this.#state[COUNT] - keptBefore) / this.#keptPerRecord;
  }

  /** The position in the file's array of the value being read (dropped fields count too). */
  #itemIndex(): number {
    return this.#recordIndex() * this.#fieldCount + this.#state[FIELD];
  }

  #fail(c: number, offset: number): never {
    const key = this.key;
    const item = this.#itemIndex();
    if (this.#state[COUNT] >= this.#out.length && (c === 44 || c === 93 || isSpace(c))) {
      throw new SnapshotParseError('count-mismatch',
        `"${key}" holds more than the ${this.#options.announcedValues} values that ${this.#options.announcedBy ?? 'the header'} announce. Was the file edited?`, offset);
    }
    const acc = this.#state[ACC];
    if (acc > 0xffffffff) {
      throw new SnapshotParseError('bad-value', `Value ${acc} in "${key}" (item ${item}) does not fit in 32 bits. The file is damaged: take the snapshot again.`, offset);
    }
    const what = c === 45 ? ' (a negative number)' : c === 46 ? ' (a fraction)' : '';
    throw new SnapshotParseError('bad-value',
      `"${key}" should hold only non-negative integers, found ${describeByte(c)}${what} at item ${item}. The file is damaged: take the snapshot again.`, offset);
  }
}
