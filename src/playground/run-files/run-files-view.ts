import type { ProgramFile } from '../../protocol/run-events.ts';
import { formatBytes } from '../../format/units.ts';
import type { RunFilesEntry } from '../page-state/page-state.ts';
import type { PageView } from '../page-state/page-store.ts';
import { isDownloadable } from '../page-state/run-files-rules.ts';
import { byTestId, h } from '../dom.ts';

/** What the Files tab's buttons do. */
export interface RunFilesActions {
  download(file: ProgramFile): void;
  open(file: ProgramFile): void;
  release(runId: string): void;
}

const KIND_WORDS: Record<ProgramFile['kind'], string> = {
  heapsnapshot: 'heap snapshot',
  heapprofile: 'sampling heap profile',
  cpuprofile: 'CPU profile',
  report: 'diagnostic report',
  other: 'file',
};

/**
 * The Files tab (RunFiles.astro): per run, newest first, each file the program wrote with its
 * size and what it is, a Download button when the runner keeps it, and Open for a heap
 * snapshot (into the snapshot views). A file not kept says why. Rebuilt only when the list changes.
 */
export function mountRunFiles(root: HTMLElement, view: PageView, actions: RunFilesActions): void {
  const empty = byTestId(root, 'run-files-empty');
  const lists = byTestId(root, 'run-files-lists');
  let shown: readonly RunFilesEntry[] | null = null;
  lists.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    if (!button) return;
    const entry = shown?.find((r) => r.runId === button.dataset.runId);
    const file = entry?.files.find((f) => f.fileId === button.dataset.fileId);
    switch (button.dataset.action) {
      case 'download': return void (file && actions.download(file));
      case 'open': return void (file && actions.open(file));
      case 'release': return void (entry && actions.release(entry.runId));
    }
  });
  view.subscribe((s) => {
    for (const counter of document.querySelectorAll('[data-run-file-count]')) {
      const count = s.runFiles.reduce((n, r) => n + r.files.length + r.moreFiles, 0);
      counter.textContent = count ? ` (${count})` : '';
    }
    if (s.runFiles === shown) return;
    shown = s.runFiles;
    empty.hidden = s.runFiles.length > 0;
    lists.replaceChildren(...s.runFiles.map((entry, i) => runList(entry, i === 0)));
  });
}

function runList(entry: RunFilesEntry, isLatest: boolean): HTMLElement {
  const anyKept = entry.files.some(isDownloadable);
  const kept = entry.keptForMs === null ? '' : `, kept by the runner for ${Math.round(entry.keptForMs / 60_000)} min`;
  return h('section', { class: 'run-file-list', 'data-testid': 'run-file-list', 'data-run-id': entry.runId }, [
    h('div', { class: 'run-file-head' }, [
      h('h3', { text: isLatest ? `Files the last run wrote${kept}` : `Files an earlier run wrote${kept}` }),
      ...(anyKept ? [h('button', { type: 'button', 'data-action': 'release', 'data-run-id': entry.runId, 'data-testid': 'run-files-release', text: 'Forget these files', title: 'The runner removes them now' })] : []),
    ]),
    h('ul', {}, [
      ...entry.files.map((file) => fileRow(entry.runId, file)),
      ...(entry.moreFiles > 0 ? [h('li', { class: 'more', text: `and ${entry.moreFiles} more, not listed` })] : []),
    ]),
  ]);
}

function fileRow(runId: string, file: ProgramFile): HTMLElement {
  const ids = { 'data-run-id': runId, 'data-file-id': file.fileId };
  const buttons = isDownloadable(file)
    ? [
      h('button', { type: 'button', 'data-action': 'download', ...ids, 'data-testid': 'run-file-download', text: 'Download', 'aria-label': `Download ${file.name}` }),
      ...(file.kind === 'heapsnapshot' ? [h('button', { type: 'button', 'data-action': 'open', ...ids, 'data-testid': 'run-file-open', text: 'Open in snapshots', 'aria-label': `Open ${file.name} in the snapshot views` })] : []),
    ]
    : [h('span', { class: 'note', text: file.path ? `at ${file.path}` : file.note ?? 'not kept' })];
  return h('li', { class: 'run-file', 'data-testid': 'run-file', 'data-kind': file.kind, 'data-name': file.name }, [
    h('span', { class: 'name', text: file.name }),
    h('span', { class: 'size', text: formatBytes(file.sizeBytes) }),
    h('span', { class: 'kind', text: KIND_WORDS[file.kind] }),
    h('span', { class: 'actions' }, buttons),
  ]);
}
