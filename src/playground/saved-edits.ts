import { StoredJson } from './stored-json.ts';

export { safeLocalStorage } from './stored-json.ts';

/** Which lesson program the editor text started from. */
export type BaseVariant = 'leaky' | 'fixed';

export interface SavedEdit {
  base: BaseVariant;
  /** The learner's text; null when the editor holds the base program unchanged. */
  text: string | null;
}

/** Each lesson's edit is kept under this prefix and its id; progress export lists them by it. */
export const SAVED_EDIT_KEY_PREFIX = 'leaklab:edit:';

/**
 * The learner's editor text for one lesson, kept in localStorage so it survives a reload
 * (debounced; `flush` writes a pending one now). See StoredJson.
 */
export class SavedEdits extends StoredJson<SavedEdit> {
  constructor(storage: Storage | null, lessonId: string) {
    super(storage, `${SAVED_EDIT_KEY_PREFIX}${lessonId}`, isSavedEdit, 'your edit');
  }
}

function isSavedEdit(value: unknown): value is SavedEdit {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (v.base === 'leaky' || v.base === 'fixed') && (typeof v.text === 'string' || v.text === null);
}
