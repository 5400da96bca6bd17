const SAVE_DELAY_MS = 400;

/**
 * One JSON value kept in localStorage under `key`, so it survives a reload: the learner's edit,
 * their run settings. Writes are debounced; `flush` writes a pending one now (call it on
 * pagehide). Storage can be missing or full (private windows, quotas): then the value lives
 * only in the page. What is read back is checked with `isValue`; anything else reads as null.
 */
export class StoredJson<T> {
  readonly #storage: Storage | null;
  readonly #key: string;
  readonly #isValue: (value: unknown) => value is T;
  /** What the value is, for the console warning when it cannot be saved: `your edit`. */
  readonly #what: string;
  #pending: T | null | undefined;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(storage: Storage | null, key: string, isValue: (value: unknown) => value is T, what: string) {
    this.#storage = storage;
    this.#key = key;
    this.#isValue = isValue;
    this.#what = what;
  }

  load(): T | null {
    const raw = this.#read();
    if (raw === null) return null;
    try {
      const value: unknown = JSON.parse(raw);
      if (this.#isValue(value)) return value;
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
    }
    return null;
  }

  /** Saves `value` soon; `null` forgets the saved one. */
  saveSoon(value: T | null): void {
    this.#pending = value;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flush(), SAVE_DELAY_MS);
  }

  flush(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#pending === undefined || !this.#storage) return;
    const value = this.#pending;
    this.#pending = undefined;
    try {
      if (value === null) this.#storage.removeItem(this.#key);
      else this.#storage.setItem(this.#key, JSON.stringify(value));
    } catch (err) {
      // QuotaExceededError or a storage that refuses writes: keep working without persistence.
      if (!(err instanceof DOMException)) throw err;
      console.warn(`Leak Lab: could not save ${this.#what} (${err.name}); it will be lost on reload.`);
    }
  }

  #read(): string | null {
    if (!this.#storage) return null;
    try {
      return this.#storage.getItem(this.#key);
    } catch (err) {
      if (!(err instanceof DOMException)) throw err;
      return null;
    }
  }
}

/** `window.localStorage`, or null where touching it throws (storage disabled). */
export function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch (err) {
    if (!(err instanceof DOMException)) throw err;
    return null;
  }
}
