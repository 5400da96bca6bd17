import { programFromMeta } from '../lessons/program-from-meta.ts';
import type { ProgramSpec } from '../protocol/program.ts';
import { withSettings } from '../protocol/run-settings.ts';
import type { ProgramSignal } from '../protocol/socket-messages.ts';
import { settingsApply, settingsProblem } from './page-state/page-selectors.ts';
import { isChanged, type SettingsSlice } from './page-state/settings-rules.ts';
import type { SavedSettings } from './run-settings/saved-settings.ts';
import { RunTimer } from './run-settings/run-timer.ts';
import type { PlaygroundConfig } from './playground-config.ts';
import type { PageStore } from './page-state/page-store.ts';
import type { RuntimePort } from './runtime-port.ts';
import type { BaseVariant, SavedEdits } from './saved-edits.ts';
import { stopOnceStarted } from './stop-once-started.ts';

/** The editor as the controller sees it; the CodeMirror view implements it. */
export interface EditorPort {
  getText(): string;
  setText(text: string): void;
  /** Marks a 1-based line and scrolls to it, leaving the cursor and selection alone (a retainer path points there). */
  revealLine(lineNumber: number): void;
}

export interface ControllerDeps {
  config: PlaygroundConfig;
  store: PageStore;
  runtime: RuntimePort;
  savedEdits: SavedEdits;
  savedSettings: SavedSettings;
  confirm: (question: string) => boolean;
}

/**
 * Run, Stop, Reset and Show fix, and the editor's text: buttons call it; it tells the runtime
 * and dispatches what happened to the page store, which the views read. The runtime's events
 * reach the store through the page's one subscription (mount-playground.ts), not through here.
 */
export class PlaygroundController {
  readonly #deps: ControllerDeps;
  #editor: EditorPort | null = null;
  #base: BaseVariant = 'leaky';
  readonly #timer: RunTimer;

  constructor(deps: ControllerDeps) {
    this.#deps = deps;
    stopOnceStarted(deps.store, () => deps.runtime.stop());
    this.#timer = new RunTimer(deps.store, () => this.stop());
    // The settings are kept with the edit, per lesson: only while they differ from the lesson's.
    deps.store.onAction((action) => {
      if (action.type !== 'setting-edited' && action.type !== 'settings-reset') return;
      const { settings } = deps.store.state;
      if (settings) deps.savedSettings.saveSoon(isChanged(settings) ? settings.draft : null);
    });
  }

  /** The text the editor opens with: the saved edit if any, else leaky.js. */
  initialText(): string {
    const saved = this.#deps.savedEdits.load();
    this.#base = saved?.base ?? 'leaky';
    const text = saved?.text ?? this.#deps.config.sources[this.#base];
    this.#updateDraft(text, false);
    return text;
  }

  attachEditor(editor: EditorPort): void {
    this.#editor = editor;
  }

  /** Called by the editor on every change, typed or set by us. */
  onEditorChange(text: string): void {
    this.#updateDraft(text, true);
  }

  /** Run with the run settings; one with a problem does not start (the field says what it is). */
  run(): void {
    const { runtime, store, config } = this.#deps;
    if (!this.#editor) return;
    const blockedBy = settingsProblem(store.state);
    if (blockedBy) {
      store.dispatch({ type: 'note', level: 'error', text: `Not started: ${blockedBy}` });
      return;
    }
    const variant: ProgramSpec['variant'] = store.state.draft.isEdited ? 'custom' : this.#base;
    const files = { ...config.extraFiles, 'main.js': this.#editor.getText() };
    const { settings } = store.state;
    const checked = settings && settingsApply(store.state).doApply ? settings.checked : null;
    const lessonProgram = programFromMeta(config.meta, files, variant, config.lessonId);
    const program = checked ? withSettings(lessonProgram, checked) : lessonProgram;
    const label = variant === 'custom' ? 'your edit' : `${variant}.js`;
    this.#timer.expect(checked?.durationSec ?? null, program.load !== undefined);
    store.dispatch({ type: 'run-asked', commandLine: commandLine(program, label, settings) });
    runtime.start(program).catch((err: unknown) => {
      // Runtimes report failures as events; this is a bug in one, so show it rather than lose it.
      store.dispatch({ type: 'note', level: 'error', text: `Run failed: ${err instanceof Error ? err.message : String(err)}` });
    });
  }

  stop(): void {
    this.#deps.store.dispatch({ type: 'stop-asked' });
    this.#deps.runtime.stop();
  }

  sendSignal(signal: ProgramSignal): void {
    this.#deps.runtime.sendSignal(signal);
  }

  /** Restores leaky.js and the lesson's run settings; asks first when that would discard the learner's edits or settings. */
  reset(): void {
    const { store, confirm } = this.#deps;
    const isEdited = store.state.draft.isEdited;
    const hasSettings = store.state.settings !== null && isChanged(store.state.settings);
    if (isEdited || hasSettings) {
      const what = isEdited && hasSettings ? 'your edits and run settings' : isEdited ? 'your edits' : 'your run settings';
      if (!confirm(`Discard ${what} and restore leaky.js${hasSettings ? ' with the lesson\u2019s settings' : ''}?`)) return;
    }
    store.dispatch({ type: 'settings-reset' });
    this.#load('leaky');
  }

  /** Loads fixed.js; asks first when that would discard the learner's edits. */
  showFix(): void {
    if (this.#deps.store.state.draft.isEdited && !this.#deps.confirm('Replace your edits with fixed.js? Your edits will be lost.')) return;
    this.#load('fixed');
  }

  /** Writes a pending edit and settings now (the page is going away). */
  flush(): void {
    this.#deps.savedEdits.flush();
    this.#deps.savedSettings.flush();
  }

  dispose(): void {
    this.flush();
    this.#deps.runtime.dispose();
  }

  #load(base: BaseVariant): void {
    this.#base = base;
    this.#editor?.setText(this.#deps.config.sources[base]);
    // setText fires onEditorChange, but not when the text was already the same.
    this.#updateDraft(this.#deps.config.sources[base], true);
  }

  #updateDraft(text: string, shouldSave: boolean): void {
    const isEdited = text !== this.#deps.config.sources[this.#base];
    this.#deps.store.dispatch({ type: 'draft-changed', base: this.#base, isEdited });
    if (!shouldSave) return;
    // Unchanged lesson text is not stored, so a lesson update reaches learners who never edited.
    const keep = isEdited || this.#base !== 'leaky';
    this.#deps.savedEdits.saveSoon(keep ? { base: this.#base, text: isEdited ? text : null } : null);
  }
}

/**
 * What the terminal echoes for Run: the node command with the run's flags, and the settings the
 * learner changed from the lesson's, e.g. `node --trace-gc main.js   (leaky.js; heap cap 128 MiB)`.
 */
function commandLine(program: ProgramSpec, label: string, settings: SettingsSlice | null): string {
  const flags = program.nodeFlags.map((f) => ` ${f}`).join('');
  const changed: string[] = [];
  if (settings) {
    const { draft, defaults } = settings;
    if (draft.heapCapMiB !== defaults.heapCapMiB) changed.push(`heap cap ${program.heapCapMiB} MiB`);
    const load = program.load;
    if (load && (draft.paths !== defaults.paths || draft.ratePerSec !== defaults.ratePerSec || draft.method !== defaults.method)) {
      changed.push(`load ${load.method} ${load.paths.join(' ')} at ${load.ratePerSec}/s`);
    }
    if (draft.durationSec !== defaults.durationSec && draft.durationSec.trim() !== '') changed.push(`stops after ${draft.durationSec.trim()} s`);
  }
  return `node${flags} main.js   (${[label, ...changed].join('; ')})`;
}
