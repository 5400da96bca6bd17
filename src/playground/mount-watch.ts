import { LocalRuntime, readRunnerToken, runnerSocketUrl } from '../runtime/local/local-runtime.ts';
import { byTestId } from './dom.ts';
import { mountHeapChart } from './heap-chart-view.ts';
import { mountSnapshots } from './mount-snapshots.ts';
import { initialPageState } from './page-state/page-state.ts';
import { PageStore } from './page-state/page-store.ts';
import { createVerdictReader } from './page-state/verdict-reader.ts';
import { findStatusElements, mountStatus } from './status-view.ts';
import { mountTerminal } from './terminal-view.ts';
import { WatchController } from './watch-controller.ts';
import { mountAllocationView } from './allocation-view.ts';

const NO_RUNNER = 'This page needs `leaklab watch -- your-script.js`, which serves it and runs your program. Start it and open the address it prints.';

/**
 * /watch: the dashboard for the user's own program under `leaklab watch` (chart, terminal,
 * verdict, snapshots, comparison; no editor). Local runner only.
 */
export function mountWatch(root: HTMLElement): void {
  const banner = byTestId(root, 'runtime-banner');
  try {
    const token = readRunnerToken(document);
    const runtime = token ? new LocalRuntime(token, runnerSocketUrl(window.location)) : null;
    const store = new PageStore(initialPageState({
      figure: 'heapUsed',
      highlightClass: null,
      runtime: runtime ? { status: 'chosen', kind: 'local', capabilities: runtime.capabilities } : { status: 'none', kind: 'none', reason: NO_RUNNER },
    }));
    // The page's one subscription to its runtime: every event becomes an action.
    runtime?.onEvent((event) => store.dispatch({ type: 'run-event', event }));
    const controller = new WatchController(runtime, store);
    mountTerminal(byTestId(root, 'terminal'), store);
    mountSnapshots(root, { store, runtime, fileNamePrefix: 'watch' });
    mountHeapChart(byTestId(root, 'heap-chart'), store);
    mountAllocationView(byTestId(root, 'allocation-panel'), store, {
      onProgramFrame: () => {}, // no editor on /watch: the program is the user's own files
      onFolding: (isFolded) => store.dispatch({ type: 'alloc-folding-set', isFolded }),
    });
    mountStatus(findStatusElements(root, banner), store, createVerdictReader());
    byTestId(root, 'run').addEventListener('click', () => controller.run());
    byTestId(root, 'stop').addEventListener('click', () => controller.stop());
    window.addEventListener('pagehide', () => controller.dispose());
    window.addEventListener('pageshow', (e) => { if (e.persisted) window.location.reload(); });
    if (!runtime) store.dispatch({ type: 'note', level: 'warn', text: NO_RUNNER });
    root.dataset.ready = 'true';
  } catch (err) {
    banner.dataset.level = 'error';
    banner.textContent = `The dashboard could not start: ${err instanceof Error ? err.message : String(err)}. Try reloading the page.`;
    console.error('Leak Lab: /watch failed to mount', err);
  }
}
