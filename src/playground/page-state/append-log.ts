/**
 * An append-only sequence as an immutable value: `append` returns a new log and leaves this one
 * as it was. Each item has a sequence number (0, 1, 2, … over the log's whole life), so a reader
 * that keeps the next number it wants (the terminal, the chart, the verdict) can catch up on only
 * what is new.
 *
 * Why not a fresh array per append: a 24-hour run appends about 430 k samples, and copying them on
 * every event would cost more than the rest of the page. Logs share one storage array; a log owns
 * `storage[start, end)` and may push onto the storage only when it is the newest log of it (its
 * `end` is the storage's length). An older log that is appended to copies its own part first, so
 * no log ever sees an item it did not have.
 */
export class AppendLog<T> {
  readonly #storage: T[];
  readonly #start: number;
  readonly #end: number;
  /** Sequence number of `#storage[0]`. */
  readonly #storageSeq: number;

  private constructor(storage: T[], start: number, end: number, storageSeq: number) {
    this.#storage = storage;
    this.#start = start;
    this.#end = end;
    this.#storageSeq = storageSeq;
  }

  static empty<T>(): AppendLog<T> {
    return new AppendLog<T>([], 0, 0, 0);
  }

  /** Items this log holds (at most `maxKept` of the newest, when appends asked for a cap). */
  get length(): number {
    return this.#end - this.#start;
  }

  /** Sequence number of the oldest item held. */
  get startSeq(): number {
    return this.#storageSeq + this.#start;
  }

  /** Sequence number the next appended item will get. */
  get endSeq(): number {
    return this.#storageSeq + this.#end;
  }

  /** The item with sequence number `seq`; undefined when it was dropped or not appended yet. */
  at(seq: number): T | undefined {
    if (seq < this.startSeq || seq >= this.endSeq) return undefined;
    return this.#storage[seq - this.#storageSeq];
  }

  /** The newest item, if any. */
  last(): T | undefined {
    return this.length === 0 ? undefined : this.#storage[this.#end - 1];
  }

  /** Calls `visit` for each item from `fromSeq` (clamped to what is held) to the end, oldest first. */
  forEachSince(fromSeq: number, visit: (item: T, seq: number) => void): void {
    for (let seq = Math.max(fromSeq, this.startSeq); seq < this.endSeq; seq++) visit(this.#storage[seq - this.#storageSeq], seq);
  }

  /**
   * Whether this log is `older` with zero or more items appended (and still holds all of them),
   * so a reader that has read `older` can go on from `older.endSeq` instead of starting over.
   */
  isExtensionOf(older: AppendLog<T>): boolean {
    return this.#storage === older.#storage && older.#end <= this.#end && this.#start <= older.#end;
  }

  /**
   * A log with `item` added. With `maxKept`, only the newest `maxKept` items stay visible; the
   * storage is compacted once that many have been dropped, so appends stay O(1) on average.
   */
  append(item: T, maxKept = Number.POSITIVE_INFINITY): AppendLog<T> {
    let storage = this.#storage;
    let start = this.#start;
    let end = this.#end;
    let storageSeq = this.#storageSeq;
    if (end !== storage.length) {
      // An older log than the newest of this storage: copy our part, never push over a newer log's items.
      storage = storage.slice(start, end);
      storageSeq += start;
      end -= start;
      start = 0;
    }
    storage.push(item);
    end++;
    if (end - start > maxKept) start = end - maxKept;
    if (start >= maxKept) {
      storage = storage.slice(start, end);
      storageSeq += start;
      end -= start;
      start = 0;
    }
    return new AppendLog(storage, start, end, storageSeq);
  }
}
