import { beginRuntimeChoice } from './runtime-choice.ts';
import { mountRuntimeViews } from './runtime-views.ts';
import { mountEditor } from './editor-view.ts';
import { mountHeapChart } from './heap-chart-view.ts';
import { initialPageState } from './page-state/page-state.ts';
import { PageStore } from './page-state/page-store.ts';
import { createVerdictReader } from './page-state/verdict-reader.ts';
import type { PlaygroundConfig } from './playground-config.ts';
import { PlaygroundController } from './playground-controller.ts';
import { SavedEdits, safeLocalStorage } from './saved-edits.ts';
import { findStatusElements, mountStatus } from './status-view.ts';
import { forwardTerminalSize } from './terminal-size-controller.ts';
import { mountTerminal } from './terminal-view.ts';
import { mountSnapshots } from './mount-snapshots.ts';
import { mountFileName } from './file-name-view.ts';
import { mountTabs } from './tabs-view.ts';
import { byTestId } from './dom.ts';
import { programFromMeta } from '../lessons/program-from-meta.ts';
import { settingsOf } from '../protocol/run-settings.ts';
import { settingsSlice } from './page-state/settings-rules.ts';
import { SavedSettings } from './run-settings/saved-settings.ts';
import { mountRunSettings } from './run-settings/run-settings-view.ts';
import { RunFilesController } from './run-files/run-files-controller.ts';
import { mountRunFiles } from './run-files/run-files-view.ts';
import { mountAllocationView } from './allocation-view.ts';
import { mountChallengeFor } from './challenge/mount-challenge.ts';
import { ProgressStore } from './progress/progress-store.ts';
import { recordProgress } from './progress/progress-recorder.ts';

/**
 * Wires one playground: reads its config from the page, makes the page store, picks the runtime,
 * and mounts the controllers and the views on the elements the Playground component rendered.
 * Any failure here ends up in the banner.
 */
export function mountPlayground(root: HTMLElement): void {
  // Without its banner element the playground reports on itself.
  const banner = root.querySelector<HTMLElement>('[data-testid="runtime-banner"]') ?? root;
  try {
    const config = readConfig(root);
    const savedSettings = new SavedSettings(safeLocalStorage(), config.lessonId);
    // The lesson's own settings (its frontmatter), and the learner's from an earlier visit.
    const defaults = settingsOf(programFromMeta(config.meta, { 'main.js': '' }, 'leaky', config.lessonId), null);
    const settings = settingsSlice(defaults, savedSettings.load());
    const store = new PageStore(initialPageState({ figure: config.meta.figure, highlightClass: config.meta.leakingClass ?? null, settings }));
    // Settles later (WebContainer may take seconds to boot); a recording starts replaying once chosen.
    const runtime = beginRuntimeChoice(config, store, (kind) => { if (kind === 'recorded') controller.run(); });
    // The page's one subscription to its runtime: every event becomes an action.
    runtime.onEvent((event) => store.dispatch({ type: 'run-event', event }));
    const controller = new PlaygroundController({
      config,
      store,
      runtime,
      savedEdits: new SavedEdits(safeLocalStorage(), config.lessonId),
      savedSettings,
      confirm: (question) => window.confirm(question),
    });
    forwardTerminalSize(store, runtime);

    const editor = mountEditor(byTestId(root, 'editor'), controller.initialText(), (text) => controller.onEditorChange(text));
    controller.attachEditor(editor);
    mountFileName(byTestId(root, 'file-name'), store);
    mountTerminal(byTestId(root, 'terminal'), store);
    const tabs = mountTabs(byTestId(root, 'bottom-tabs'));
    const snapshots = mountSnapshots(root, { store, runtime, fileNamePrefix: config.lessonId, editor, onTake: () => tabs.show('snapshots') });
    mountRunSettings(root, store, { edit: (field, text) => store.dispatch({ type: 'setting-edited', field, text }), sendSignal: (signal) => controller.sendSignal(signal) });
    const files = new RunFilesController({ store, runtime, openSnapshot: (file) => { snapshots.openFile(file); tabs.show('snapshots'); } });
    mountRunFiles(byTestId(root, 'run-files'), store, {
      download: (file) => void files.download(file),
      open: (file) => void files.open(file),
      release: (runId) => files.release(runId),
    });
    mountAllocationView(byTestId(root, 'allocation-panel'), store, {
      onProgramFrame: (line) => editor.revealLine(line),
      onFolding: (isFolded) => store.dispatch({ type: 'alloc-folding-set', isFolded }),
    });
    mountHeapChart(byTestId(root, 'heap-chart'), store);
    const readVerdict = createVerdictReader();
    mountStatus(findStatusElements(root, banner), store, readVerdict);
    mountChallengeFor(root, { config, store, runtime, snapshots, readVerdict, startRun: () => controller.run() });
    recordProgress(store, new ProgressStore(safeLocalStorage()), config.lessonId, () => new Date().toISOString());
    mountRuntimeViews(root, store);

    byTestId(root, 'run').addEventListener('click', () => controller.run());
    byTestId(root, 'stop').addEventListener('click', () => controller.stop());
    byTestId(root, 'reset').addEventListener('click', () => controller.reset());
    byTestId(root, 'show-fix').addEventListener('click', () => controller.showFix());
    window.addEventListener('pagehide', () => controller.dispose());
    // Back/forward cache: the runtime was disposed on pagehide, so a restored page starts afresh.
    window.addEventListener('pageshow', (e) => { if (e.persisted) window.location.reload(); });
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') controller.flush();
    });

    root.dataset.ready = 'true';
  } catch (err) {
    banner.dataset.level = 'error';
    banner.textContent = `The playground could not start: ${err instanceof Error ? err.message : String(err)}. Try reloading the page.`;
    console.error('Leak Lab: playground failed to mount', err);
  }
}

function readConfig(root: HTMLElement): PlaygroundConfig {
  const script = root.querySelector('script[type="application/json"]');
  if (!script?.textContent) throw new Error('the lesson data is missing from the page');
  return JSON.parse(script.textContent) as PlaygroundConfig;
}
