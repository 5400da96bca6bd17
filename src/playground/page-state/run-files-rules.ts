import type { ProgramFile, RunEventOf } from '../../protocol/run-events.ts';
import { formatBytes } from '../../format/units.ts';
import type { PageState, RunFilesEntry } from './page-state.ts';
import { withNote } from './run-rules.ts';

/** The page lists the files of this many runs, newest first: as many as the local runner keeps for it. */
export const MAX_RUN_FILE_LISTS = 4;

/**
 * A run ended having written files: they head the list (the Files tab), and the terminal says
 * so in one line, since the learner is looking at the output when a run ends.
 */
export function applyArtifacts(state: PageState, event: RunEventOf<'artifacts'>): PageState {
  const entry: RunFilesEntry = { runId: event.runId, files: event.files, moreFiles: event.moreFiles, keptForMs: event.keptForMs };
  const runFiles = [entry, ...state.runFiles.filter((e) => e.runId !== event.runId)].slice(0, MAX_RUN_FILE_LISTS);
  return withNote({ ...state, runFiles }, 'info', filesLine(entry));
}

/** The learner let go of a run's files (the runner removes them). */
export function releaseRunFiles(state: PageState, runId: string): PageState {
  const runFiles = state.runFiles.filter((e) => e.runId !== runId);
  return runFiles.length === state.runFiles.length ? state : { ...state, runFiles };
}

/** `The program wrote 2 files: Heap.…heapprofile (20 kB), out.txt (5 B); download them in the Files tab (kept 10 min).` */
export function filesLine(entry: RunFilesEntry): string {
  const count = entry.files.length + entry.moreFiles;
  const named = entry.files.slice(0, 3).map((f) => `${f.name} (${formatBytes(f.sizeBytes)})`).join(', ');
  const more = count > 3 ? `, and ${count - 3} more` : '';
  const where = entry.files.some(isDownloadable)
    ? `; download ${count === 1 ? 'it' : 'them'} in the Files tab${entry.keptForMs === null ? '' : ` (kept ${Math.round(entry.keptForMs / 60_000)} min)`}`
    : '';
  return `The program wrote ${count} file${count === 1 ? '' : 's'}: ${named}${more}${where}.`;
}

export function isDownloadable(file: ProgramFile): file is ProgramFile & { url: string } {
  return file.url !== undefined;
}
