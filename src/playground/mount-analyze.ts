import { byTestId } from './dom.ts';
import { mountFileDrop } from './file-drop-view.ts';
import { mountSnapshots } from './mount-snapshots.ts';
import { initialPageState } from './page-state/page-state.ts';
import { PageStore } from './page-state/page-store.ts';

/** /analyze: snapshots from files only; the same list, comparison, summary and retainers. */
export function mountAnalyze(root: HTMLElement): void {
  try {
    const store = new PageStore(initialPageState({
      figure: 'heapUsed',
      highlightClass: null,
      runtime: { status: 'none', kind: 'none', reason: 'Snapshots here come from files.' },
    }));
    const controller = mountSnapshots(root, { store, runtime: null, fileNamePrefix: 'snapshot' });
    mountFileDrop(root, (files) => controller.addFiles(files));
    root.dataset.ready = 'true';
  } catch (err) {
    const message = byTestId(root, 'snapshot-message');
    message.hidden = false;
    message.dataset.level = 'error';
    message.textContent = `The analyzer could not start: ${err instanceof Error ? err.message : String(err)}. Try reloading the page.`;
    console.error('Leak Lab: /analyze failed to mount', err);
  }
}
