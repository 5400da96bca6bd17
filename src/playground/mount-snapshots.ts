import { AnalyzerClient } from './analyzer-client.ts';
import { mountCollections } from './collections-view.ts';
import { mountDiffTable } from './diff-table-view.ts';
import type { PageStore } from './page-state/page-store.ts';
import type { EditorPort } from './playground-controller.ts';
import { mountRetainers } from './retainers-view.ts';
import type { SnapshotSource } from './runtime-port.ts';
import { mountSnapshotButton } from './snapshot-button-view.ts';
import { SnapshotController } from './snapshot-controller.ts';
import { mountSnapshotList } from './snapshot-list-view.ts';
import { mountSnapshotProgress } from './snapshot-progress-view.ts';
import { lineInProgram } from './source-line.ts';
import { mountSummaryTable } from './summary-table-view.ts';
import { byTestId } from './dom.ts';
import { mountClassAllocations } from './class-allocations-view.ts';

export interface SnapshotsOptions {
  store: PageStore;
  /** Null on /analyze: snapshots come from files only. */
  runtime: SnapshotSource | null;
  /** Download names: `<prefix>-2.heapsnapshot`. */
  fileNamePrefix: string;
  /** The learner's main.js, for retainer steps that point into it. */
  editor?: EditorPort;
  /** Called after the Snapshot button asked for one (e.g. to show the snapshots tab). */
  onTake?: () => void;
}

/**
 * Sets up the heap snapshot tools under `root`: the analyzer worker, the controller, and the
 * views on the SnapshotPanel markup (plus the Snapshot button when there is one).
 */
export function mountSnapshots(root: HTMLElement, options: SnapshotsOptions): SnapshotController {
  const { editor, store } = options;
  const controller = new SnapshotController({
    store,
    analyzer: new AnalyzerClient(),
    runtime: options.runtime,
    fileNamePrefix: options.fileNamePrefix,
    ...(editor ? {
      lineInProgram: (location, functionName) => lineInProgram(editor.getText(), location, functionName),
      revealLine: (line) => editor.revealLine(line),
    } : {}),
  });
  const button = root.querySelector<HTMLButtonElement>('[data-testid="snapshot"]');
  if (button) {
    mountSnapshotButton(button, byTestId(root, 'snapshot-reason'), store, () => {
      controller.take();
      options.onTake?.();
    });
  }
  const panel = byTestId(root, 'snapshot-panel');
  mountSnapshotProgress(root, store);
  mountSnapshotList(panel, store, controller);
  mountDiffTable(panel, store, (name) => controller.selectClass(name));
  mountSummaryTable(panel, store, (name) => controller.selectClass(name));
  mountCollections(panel, store);
  mountRetainers(panel, store, (line) => controller.revealLine(line));
  mountClassAllocations(panel, store);
  window.addEventListener('pagehide', () => controller.dispose());
  return controller;
}
