/** Which lesson program the editor text started from. */
export type BaseVariant = 'leaky' | 'fixed';

export interface SavedEdit {
  base: BaseVariant;
  /** The learner's text; null when the editor holds the base program unchanged. */
  text: string | null;
}

const SAVE_DELAY_MS = 400;
/** Each lesson's edit is kept under this prefix and its id; progress export lists them by it. */
export const SAVED_EDIT_KEY_PREFIX = 'leaklab:edit:';

/**
 * The learner's editor text for one lesson, kept in localStorage so it survives a reload.
 * Writes are debounced; `flush` writes a pending one now (call it on pagehide).
 * Storage can be missing or full (private windows, quotas): then edits live only in the page.
 */
export class SavedEdits {
  readonly #storage: Storage | null;
  readonly #key: string;
  #pending: SavedEdit | null | undefined;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(storage: Storage | null, lessonId: string) {
    this.#storage = storage;
    this.#key = `${SAVED_EDIT_KEY_PREFIX}${lessonId}`;
  }

  load(): SavedEdit | null {
    const raw = this.#read();
    if (raw === null) return null;
    try {
      const value: unknown = JSON.parse(raw);
      if (isSavedEdit(value)) return value;
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
    }
    return null;
  }

  /** Saves `edit` soon; `null` forgets the saved edit (the editor holds a lesson program unchanged). */
  saveSoon(edit: SavedEdit | null): void {
    this.#pending = edit;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.flush(), SAVE_DELAY_MS);
  }

  flush(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#pending === undefined || !this.#storage) return;
    const edit = this.#pending;
    this.#pending = undefined;
    try {
      if (edit === null) this.#storage.removeItem(this.#key);
      else this.#storage.setItem(this.#key, JSON.stringify(edit));
    } catch (err) {
      // QuotaExceededError or a storage that refuses writes: keep working without persistence.
      if (!(err instanceof DOMException)) throw err;
      console.warn(`Leak Lab: could not save your edit (${err.name}); it will be lost on reload.`);
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

function isSavedEdit(value: unknown): value is SavedEdit {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (v.base === 'leaky' || v.base === 'fixed') && (typeof v.text === 'string' || v.text === null);
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
