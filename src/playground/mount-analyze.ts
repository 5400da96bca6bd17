import { byTestId } from './dom.ts';
import { mountFileDrop } from './file-drop-view.ts';
import { mountSnapshots } from './mount-snapshots.ts';
import { initialPageState } from './page-state/page-state.ts';
import { PageStore } from './page-state/page-store.ts';
import { AnalyzerClient } from './analyzer-client.ts';
import { mountAllocationView } from './allocation-view.ts';
import { PROFILE_FILE_NAME, ProfileController } from './profile-controller.ts';

/** /analyze: snapshots from files only; the same list, comparison, summary and retainers. */
export function mountAnalyze(root: HTMLElement): void {
  try {
    const store = new PageStore(initialPageState({
      figure: 'heapUsed',
      highlightClass: null,
      runtime: { status: 'none', kind: 'none', reason: 'Snapshots here come from files.' },
    }));
    const controller = mountSnapshots(root, { store, runtime: null, fileNamePrefix: 'snapshot' });
    // Profiles get an analyzer worker of their own: a big snapshot opening does not hold them up.
    const profiles = new ProfileController(store, new AnalyzerClient());
    mountAllocationView(byTestId(root, 'allocation-panel'), store, {
      onProgramFrame: () => {}, // no editor here: frames of files are not the learner's program
      onFolding: (isFolded) => store.dispatch({ type: 'alloc-folding-set', isFolded }),
    });
    mountFileDrop(root, (files) => {
      const profileFiles = files.filter((f) => PROFILE_FILE_NAME.test(f.name));
      const snapshotFiles = files.filter((f) => !PROFILE_FILE_NAME.test(f.name));
      if (profileFiles.length) profiles.addFiles(profileFiles);
      if (snapshotFiles.length) controller.addFiles(snapshotFiles);
    });
    root.dataset.ready = 'true';
  } catch (err) {
    const message = byTestId(root, 'snapshot-message');
    message.hidden = false;
    message.dataset.level = 'error';
    message.textContent = `The analyzer could not start: ${err instanceof Error ? err.message : String(err)}. Try reloading the page.`;
    console.error('Leak Lab: /analyze failed to mount', err);
  }
}
