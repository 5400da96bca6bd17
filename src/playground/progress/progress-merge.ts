import type { LessonEdit, LessonProgress, ProgressFile } from '../../protocol/progress-file.ts';

/** Every lesson's progress and edit, as the file holds them and as this browser does. */
export type ProgressLessons = ProgressFile['lessons'];

/** What importing a file would write, and the edits it would overwrite (asked about first). */
export interface ImportPlan {
  /** The merged progress of every lesson in either. */
  readonly progress: Readonly<Record<string, LessonProgress>>;
  /** The file's edits of lessons this browser has no edit of: written. */
  readonly newEdits: Readonly<Record<string, LessonEdit>>;
  /** The file's edits of lessons this browser has another edit of: written only if the learner says so. */
  readonly conflictingEdits: Readonly<Record<string, LessonEdit>>;
}

/**
 * Importing merges, so it never loses anything here without asking: a lesson opened or passed in
 * either stays so (the earliest opening, the latest check and pass), and an edit from the file
 * goes in only where this browser has none, or where the learner agrees to replace theirs.
 */
export function planImport(here: ProgressLessons, file: ProgressLessons): ImportPlan {
  const progress: Record<string, LessonProgress> = {};
  const newEdits: Record<string, LessonEdit> = {};
  const conflictingEdits: Record<string, LessonEdit> = {};
  for (const slug of new Set([...Object.keys(here), ...Object.keys(file)])) {
    const merged = mergeLesson(here[slug]?.progress, file[slug]?.progress);
    if (merged) progress[slug] = merged;
    const theirs = file[slug]?.edit;
    const ours = here[slug]?.edit;
    if (!theirs || (ours && sameEdit(ours, theirs))) continue;
    if (ours) conflictingEdits[slug] = theirs;
    else newEdits[slug] = theirs;
  }
  return { progress, newEdits, conflictingEdits };
}

function mergeLesson(a: LessonProgress | undefined, b: LessonProgress | undefined): LessonProgress | undefined {
  if (!a || !b) return a ?? b;
  const lastCheck = later(a.lastCheck, b.lastCheck);
  const passed = later(a.passed, b.passed);
  return {
    openedAt: timeOf(a.openedAt) <= timeOf(b.openedAt) ? a.openedAt : b.openedAt,
    lastOpenedAt: timeOf(a.lastOpenedAt) >= timeOf(b.lastOpenedAt) ? a.lastOpenedAt : b.lastOpenedAt,
    ...(lastCheck ? { lastCheck } : {}),
    ...(passed ? { passed } : {}),
  };
}

function later<T extends { at: string }>(a: T | undefined, b: T | undefined): T | undefined {
  if (!a || !b) return a ?? b;
  return timeOf(a.at) >= timeOf(b.at) ? a : b;
}

/** ISO times may differ in their precision, so they are compared as times, not as text. */
function timeOf(iso: string): number {
  return Date.parse(iso);
}

function sameEdit(a: LessonEdit, b: LessonEdit): boolean {
  return a.base === b.base && a.text === b.text;
}
