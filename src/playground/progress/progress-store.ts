import {
  PROGRESS_FORMAT, PROGRESS_VERSION, lessonEditSchema, storedProgressSchema,
  type CheckSummary, type LessonEdit, type LessonProgress, type ProgressFile, type StoredProgress,
} from '../../protocol/progress-file.ts';
import { SAVED_EDIT_KEY_PREFIX } from '../saved-edits.ts';
import type { ImportPlan, ProgressLessons } from './progress-merge.ts';

const PROGRESS_KEY = 'leaklab:progress';
/** Where unreadable progress is set aside (never deleted): a person can still recover it by hand. */
const UNREADABLE_KEY = 'leaklab:progress-unreadable';

/**
 * The learner's progress in localStorage: lessons opened, checks finished and passed. Their edits
 * stay where SavedEdits keeps them (one key per lesson); export and import read and write both.
 * Storage may be missing or refuse writes (private windows, quotas): then progress lasts as long
 * as the page, and `isPersistent` says so.
 */
export class ProgressStore {
  readonly #storage: Storage | null;

  constructor(storage: Storage | null) {
    this.#storage = storage;
  }

  get isPersistent(): boolean {
    return this.#storage !== null;
  }

  /** The stored progress; empty when there is none, and set aside (not lost) when it cannot be read. */
  load(): StoredProgress {
    const raw = this.#get(PROGRESS_KEY);
    if (raw === null) return empty();
    let parsed: ReturnType<typeof storedProgressSchema.safeParse> | null = null;
    try {
      parsed = storedProgressSchema.safeParse(JSON.parse(raw));
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
    }
    if (parsed?.success) return parsed.data;
    this.#set(UNREADABLE_KEY, raw);
    console.warn(`Leak Lab: the saved progress could not be read; it was kept under ${UNREADABLE_KEY} and progress starts afresh.`);
    return empty();
  }

  markOpened(slug: string, atIso: string): void {
    this.#update(slug, (p) => ({ ...p, lastOpenedAt: atIso }), atIso);
  }

  /** A finished check: the latest outcome, and on a pass its evidence. */
  recordCheck(slug: string, outcome: NonNullable<LessonProgress['lastCheck']>['outcome'], atIso: string, summary: CheckSummary | null): void {
    this.#update(slug, (p) => ({
      ...p,
      lastCheck: { at: atIso, outcome },
      ...(outcome === 'passed' && summary ? { passed: { at: atIso, summary } } : {}),
    }), atIso);
  }

  /** Every lesson's progress and edit, as a file holds them. */
  lessons(): ProgressLessons {
    const lessons: Record<string, { progress?: LessonProgress; edit?: LessonEdit }> = {};
    for (const [slug, progress] of Object.entries(this.load().lessons)) lessons[slug] = { progress };
    for (const [slug, edit] of this.#edits()) lessons[slug] = { ...lessons[slug], edit };
    return lessons;
  }

  /** The export file's content. */
  exportFile(nowIso: string): ProgressFile {
    return { format: PROGRESS_FORMAT, version: PROGRESS_VERSION, exportedAt: nowIso, lessons: this.lessons() };
  }

  /** Writes an import plan; the conflicting edits only when `replaceEdits`. Throws if storage refuses. */
  apply(plan: ImportPlan, replaceEdits: boolean): void {
    this.#write({ version: PROGRESS_VERSION, lessons: { ...plan.progress } });
    const edits = replaceEdits ? { ...plan.newEdits, ...plan.conflictingEdits } : plan.newEdits;
    for (const [slug, edit] of Object.entries(edits)) this.#storage?.setItem(`${SAVED_EDIT_KEY_PREFIX}${slug}`, JSON.stringify(edit));
  }

  /** Changes one lesson's progress; a lesson seen for the first time was opened at `atIso`. */
  #update(slug: string, change: (p: LessonProgress) => LessonProgress, atIso: string): void {
    const stored = this.load();
    const before = stored.lessons[slug] ?? { openedAt: atIso, lastOpenedAt: atIso };
    this.#writeQuietly({ ...stored, lessons: { ...stored.lessons, [slug]: change(before) } });
  }

  /** The edits SavedEdits keeps, read the way it reads them (one that does not parse is left out). */
  *#edits(): Generator<[string, LessonEdit]> {
    const storage = this.#storage;
    if (!storage) return;
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (!key?.startsWith(SAVED_EDIT_KEY_PREFIX)) continue;
      try {
        const edit = lessonEditSchema.safeParse(JSON.parse(storage.getItem(key) ?? 'null'));
        if (edit.success) yield [key.slice(SAVED_EDIT_KEY_PREFIX.length), edit.data];
      } catch (err) {
        if (!(err instanceof SyntaxError)) throw err;
      }
    }
  }

  #write(progress: StoredProgress): void {
    this.#storage?.setItem(PROGRESS_KEY, JSON.stringify(progress));
  }

  /** A lesson page's own bookkeeping: a full storage costs the mark, not the page. */
  #writeQuietly(progress: StoredProgress): void {
    try {
      this.#write(progress);
    } catch (err) {
      if (!(err instanceof DOMException)) throw err;
      console.warn(`Leak Lab: could not save your progress (${err.name}).`);
    }
  }

  #get(key: string): string | null {
    try {
      return this.#storage?.getItem(key) ?? null;
    } catch (err) {
      if (!(err instanceof DOMException)) throw err;
      return null;
    }
  }

  #set(key: string, value: string): void {
    try {
      this.#storage?.setItem(key, value);
    } catch (err) {
      if (!(err instanceof DOMException)) throw err;
    }
  }
}

function empty(): StoredProgress {
  return { version: PROGRESS_VERSION, lessons: {} };
}
