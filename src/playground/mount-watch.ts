import { LocalRuntime, readRunnerToken, runnerSocketUrl } from '../runtime/local/local-runtime.ts';
import type { RuntimePick } from '../runtime/pick-runtime.ts';
import { byTestId } from './dom.ts';
import { mountHeapChart } from './heap-chart-view.ts';
import { mountSnapshots } from './mount-snapshots.ts';
import { SessionStore } from './session-store.ts';
import { findStatusElements, mountStatus } from './status-view.ts';
import { mountTerminal } from './terminal-view.ts';
import { WatchController } from './watch-controller.ts';

/**
 * /watch: the dashboard for the user's own program under `leaklab watch` (chart, terminal,
 * verdict, snapshots, comparison; no editor). Local runner only.
 */
export function mountWatch(root: HTMLElement): void {
  const banner = byTestId(root, 'runtime-banner');
  try {
    const token = readRunnerToken(document);
    const runtime = token ? new LocalRuntime(token, runnerSocketUrl(window.location)) : null;
    const pick: RuntimePick = runtime
      ? { runtime, kind: 'local' }
      : { runtime: null, kind: 'none', reason: 'This page needs `leaklab watch -- your-script.js`, which serves it and runs your program. Start it and open the address it prints.' };
    const store = new SessionStore('heapUsed');
    const controller = new WatchController(runtime, store);
    mountTerminal(byTestId(root, 'terminal'), store);
    const snapshots = mountSnapshots(root, { runtime, session: store, highlightClass: null, fileNamePrefix: 'watch' });
    mountHeapChart(byTestId(root, 'heap-chart'), store, 'heapUsed', snapshots.store);
    mountStatus(findStatusElements(root, banner), store, pick);
    byTestId(root, 'run').addEventListener('click', () => controller.run());
    byTestId(root, 'stop').addEventListener('click', () => controller.stop());
    window.addEventListener('pagehide', () => controller.dispose());
    window.addEventListener('pageshow', (e) => { if (e.persisted) window.location.reload(); });
    if (!runtime) store.note('warn', pick.runtime ? '' : pick.reason);
    root.dataset.ready = 'true';
  } catch (err) {
    banner.dataset.level = 'error';
    banner.textContent = `The dashboard could not start: ${err instanceof Error ? err.message : String(err)}. Try reloading the page.`;
    console.error('Leak Lab: /watch failed to mount', err);
  }
}
