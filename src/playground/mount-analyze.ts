import { byTestId } from './dom.ts';
import { mountFileDrop } from './file-drop-view.ts';
import { mountSnapshots } from './mount-snapshots.ts';

/** /analyze: snapshots from files only; the same list, comparison, summary and retainers. */
export function mountAnalyze(root: HTMLElement): void {
  try {
    const { controller } = mountSnapshots(root, { runtime: null, session: null, highlightClass: null, fileNamePrefix: 'snapshot' });
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
