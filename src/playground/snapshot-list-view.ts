import { formatBytes } from '../format/units.ts';
import { byTestId, h } from './dom.ts';
import type { PageView } from './page-state/page-store.ts';
import type { SnapshotEntry } from './page-state/page-state.ts';

/** What the list's buttons ask for; the snapshot controller implements it. */
export interface SnapshotListActions {
  setPicked(id: string, isPicked: boolean): void;
  compare(): void;
  showSummary(id: string): void;
  download(id: string): void;
  remove(id: string): void;
  moveUp(id: string): void;
}

/**
 * The snapshots the page holds, oldest first: when, how big, heapUsed at the time, a tick box
 * for Compare, and Summary, Download (.heapsnapshot for Chrome DevTools) and Delete.
 */
export function mountSnapshotList(root: HTMLElement, view: PageView, actions: SnapshotListActions): void {
  const list = byTestId(root, 'snapshot-list');
  const compare = byTestId<HTMLButtonElement>(root, 'compare');
  const empty = byTestId(root, 'snapshot-list-empty');
  compare.addEventListener('click', () => actions.compare());
  list.addEventListener('change', (e) => {
    const box = e.target as HTMLInputElement;
    const id = box.closest<HTMLElement>('[data-snapshot-id]')?.dataset.snapshotId;
    if (id && box.type === 'checkbox') actions.setPicked(id, box.checked);
  });
  list.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    const id = button?.closest<HTMLElement>('[data-snapshot-id]')?.dataset.snapshotId;
    if (!button || !id) return;
    switch (button.dataset.action) {
      case 'summary': return actions.showSummary(id);
      case 'download': return actions.download(id);
      case 'delete': return actions.remove(id);
      case 'up': return actions.moveUp(id);
    }
  });

  let drawnEntries: readonly SnapshotEntry[] | null = null;
  let drawnPicked: readonly string[] | null = null;
  view.subscribe(({ snapshots: s }) => {
    const ready = s.entries.filter((e) => s.picked.includes(e.id) && e.status === 'ready').length;
    compare.disabled = ready === 0 || ready > 3 || s.isComparing;
    compare.textContent = ready === 1 ? 'Summary of ticked' : `Compare ticked (${ready})`;
    if (s.entries === drawnEntries && s.picked === drawnPicked) return;
    drawnEntries = s.entries;
    drawnPicked = s.picked;
    empty.hidden = s.entries.length > 0;
    list.dataset.count = String(s.entries.length);
    for (const counter of document.querySelectorAll('[data-snapshot-count]')) counter.textContent = s.entries.length ? ` (${s.entries.length})` : '';
    list.replaceChildren(...s.entries.map((entry, i) => row(entry, s.picked.includes(entry.id), i > 0)));
  });
}

function row(entry: SnapshotEntry, isPicked: boolean, canMoveUp: boolean): HTMLElement {
  const isReady = entry.status === 'ready';
  const when = entry.atMs === null ? 'file' : `at ${(entry.atMs / 1000).toFixed(1)} s`;
  const heap = entry.heapUsedBytes === null ? '' : `heapUsed ${formatBytes(entry.heapUsedBytes)}`;
  const opened = entry.openMs === null ? (isReady ? '' : 'opening…') : `opened in ${(entry.openMs / 1000).toFixed(1)} s`;
  return h('li', { class: 'snapshot-row', 'data-testid': 'snapshot-row', 'data-snapshot-id': entry.id, 'data-status': entry.status }, [
    h('label', { class: 'pick' }, [
      h('input', { type: 'checkbox', 'data-testid': 'snapshot-pick', checked: isPicked, disabled: !isReady, 'aria-label': `Pick ${entry.label} for Compare` }),
      h('strong', { class: 'label', text: entry.label }),
    ]),
    h('span', { class: 'when', text: when }),
    h('span', { class: 'size', 'data-size-bytes': entry.sizeBytes, text: formatBytes(entry.sizeBytes) }),
    h('span', { class: 'heap', text: heap }),
    h('span', { class: 'opened', text: opened }),
    h('span', { class: 'actions' }, [
      ...(entry.origin === 'file' && canMoveUp ? [h('button', { type: 'button', 'data-action': 'up', 'data-testid': 'snapshot-up', title: 'Move earlier (comparisons go oldest first)', text: '↑' })] : []),
      h('button', { type: 'button', 'data-action': 'summary', 'data-testid': 'snapshot-summary', disabled: !isReady, text: 'Summary' }),
      h('button', { type: 'button', 'data-action': 'download', 'data-testid': 'snapshot-download', disabled: !isReady, text: 'Download', title: 'Save as .heapsnapshot (Chrome DevTools: Memory > Load)' }),
      h('button', { type: 'button', 'data-action': 'delete', 'data-testid': 'snapshot-delete', text: 'Delete', 'aria-label': `Delete ${entry.label}` }),
    ]),
  ]);
}
