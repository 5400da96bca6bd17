/** An append-only Float64Array that doubles when full; for sections whose length is not announced. */
export class GrowableNumbers {
  #data: Float64Array;
  length = 0;

  constructor(initialCapacity: number) {
    this.#data = new Float64Array(Math.max(16, initialCapacity));
  }

  push(value: number): void {
    if (this.length === this.#data.length) {
      const grown = new Float64Array(this.#data.length * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    this.#data[this.length++] = value;
  }

  /** The values pushed so far (a view, not a copy). */
  view(): Float64Array {
    return this.#data.subarray(0, this.length);
  }
}
