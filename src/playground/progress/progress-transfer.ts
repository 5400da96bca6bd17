import { PROGRESS_LIMITS, parseProgressFile } from '../../protocol/progress-file.ts';
import { planImport } from './progress-merge.ts';
import type { ProgressStore } from './progress-store.ts';

/** What an import came to, in a sentence for the page. */
export type ImportOutcome = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly text: string };

export interface ImportDeps {
  progress: ProgressStore;
  /** Asks the learner a yes-or-no question (window.confirm on the page). */
  confirm(question: string): boolean;
}

/** The export file's name for a day: `leaklab-progress-2026-12-07.json`. */
export function exportFileName(nowIso: string): string {
  return `leaklab-progress-${nowIso.slice(0, 10)}.json`;
}

/** The progress and edits of this browser as the text of a file. */
export function exportText(progress: ProgressStore, nowIso: string): string {
  return `${JSON.stringify(progress.exportFile(nowIso), null, 2)}\n`;
}

/**
 * Reads a progress file and merges it into this browser's progress. A foreign, broken or newer
 * file is refused with its reason and changes nothing. Lessons opened or passed in either stay so;
 * the file's edits go in where this browser has none, and replace the learner's own edits only when
 * they say yes (saying no still imports the rest).
 */
export async function importProgress(file: File, deps: ImportDeps): Promise<ImportOutcome> {
  const name = file.name || 'the file';
  if (file.size > PROGRESS_LIMITS.maxFileBytes) {
    return { ok: false, text: `Could not import ${name}: it is ${(file.size / 1048576).toFixed(1)} MiB, and a progress file is at most ${PROGRESS_LIMITS.maxFileBytes / 1048576} MiB. Is it a Leak Lab progress file?` };
  }
  const parsed = parseProgressFile(await file.text());
  if (!parsed.ok) return { ok: false, text: `Could not import ${name}: ${parsed.problem}` };
  const incoming = parsed.value.lessons;
  const plan = planImport(deps.progress.lessons(), incoming);
  const conflicts = Object.keys(plan.conflictingEdits);
  let replaceEdits = false;
  if (conflicts.length > 0) {
    replaceEdits = deps.confirm(`${name} has other edits than this browser for ${conflicts.length} lesson${conflicts.length === 1 ? '' : 's'} (${conflicts.join(', ')}). Replace your edits here with the file's? Cancel keeps yours and imports the rest.`);
  }
  try {
    deps.progress.apply(plan, replaceEdits);
  } catch (err) {
    if (!(err instanceof DOMException)) throw err;
    return { ok: false, text: `Could not import ${name}: the browser refused to store it (${err.name}). Free some space for this site, or use a window that is not private.` };
  }
  const lessonCount = Object.keys(incoming).length;
  const passedCount = Object.values(incoming).filter((l) => l.progress?.passed).length;
  const editCount = Object.keys(plan.newEdits).length + (replaceEdits ? conflicts.length : 0);
  const kept = conflicts.length > 0 && !replaceEdits ? ` Kept your own edits of ${conflicts.join(', ')}.` : '';
  const replaced = replaceEdits ? ` Replaced your edits of ${conflicts.join(', ')} with the file's.` : '';
  return { ok: true, text: `Imported ${name}: ${lessonCount} lesson${lessonCount === 1 ? '' : 's'}, ${passedCount} passed, ${editCount} edit${editCount === 1 ? '' : 's'} taken in.${kept}${replaced}` };
}
