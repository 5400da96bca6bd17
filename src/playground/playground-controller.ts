import { programFromMeta } from '../lessons/program-from-meta.ts';
import type { ProgramSpec } from '../protocol/program.ts';
import type { SharedRunSettings } from '../protocol/share-link.ts';
import type { PlaygroundConfig } from './playground-config.ts';
import type { PageStore } from './page-state/page-store.ts';
import type { RuntimePort } from './runtime-port.ts';
import type { BaseVariant, SavedEdit, SavedEdits } from './saved-edits.ts';
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
  /** A shared link's code is on show: edits are not written over the learner's own saved edit. */
  #isSavingPaused = false;
  /** Run settings beyond the lesson's (a shared link's); null runs with the lesson's own. */
  #settings: SharedRunSettings | null = null;

  constructor(deps: ControllerDeps) {
    this.#deps = deps;
    stopOnceStarted(deps.store, () => deps.runtime.stop());
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

  run(): void {
    const { runtime, store, config } = this.#deps;
    if (!this.#editor) return;
    const variant: ProgramSpec['variant'] = store.state.draft.isEdited ? 'custom' : this.#base;
    const files = { ...config.extraFiles, 'main.js': this.#editor.getText() };
    const program = withRunSettings(programFromMeta(config.meta, files, variant, config.lessonId), this.#settings);
    const label = variant === 'custom' ? 'your edit' : `${variant}.js`;
    store.dispatch({ type: 'run-asked', commandLine: `node main.js   (${label})` });
    runtime.start(program).catch((err: unknown) => {
      // Runtimes report failures as events; this is a bug in one, so show it rather than lose it.
      store.dispatch({ type: 'note', level: 'error', text: `Run failed: ${err instanceof Error ? err.message : String(err)}` });
    });
  }

  stop(): void {
    this.#deps.store.dispatch({ type: 'stop-asked' });
    this.#deps.runtime.stop();
  }

  /** Restores leaky.js; asks first when that would discard the learner's edits. */
  reset(): void {
    if (this.#deps.store.state.draft.isEdited && !this.#deps.confirm('Discard your edits and restore leaky.js?')) return;
    this.#load('leaky');
  }

  /** Loads fixed.js; asks first when that would discard the learner's edits. */
  showFix(): void {
    if (this.#deps.store.state.draft.isEdited && !this.#deps.confirm('Replace your edits with fixed.js? Your edits will be lost.')) return;
    this.#load('fixed');
  }

  /**
   * Puts `text` in the editor as an edit of `base` (a shared link's code). With `isSavingPaused`,
   * neither it nor later edits are written over the saved edit until `resumeSaving`.
   */
  openText(base: BaseVariant, text: string, isSavingPaused: boolean): void {
    this.#isSavingPaused = isSavingPaused;
    this.#base = base;
    this.#editor?.setText(text);
    this.#updateDraft(text, !isSavingPaused);
  }

  /** Saves the editor's text as the learner's edit from now on (and at once). */
  resumeSaving(): void {
    this.#isSavingPaused = false;
    if (this.#editor) this.#updateDraft(this.#editor.getText(), true);
    this.flush();
  }

  /** The learner's saved edit of this lesson, as stored (not the editor's text). */
  savedEdit(): SavedEdit | null {
    return this.#deps.savedEdits.load();
  }

  /** The code and settings the next Run would use, for a share link. */
  currentProgram(): { base: BaseVariant; code: string; settings: SharedRunSettings } {
    const { meta } = this.#deps.config;
    const load = this.#settings?.load ?? meta.load;
    const heapCapMiB = this.#settings?.heapCapMiB ?? meta.heapCapMiB;
    const nodeFlags = this.#settings?.nodeFlags ?? meta.nodeFlags;
    return { base: this.#base, code: this.#editor?.getText() ?? '', settings: load ? { load: { ...load }, heapCapMiB, nodeFlags } : { heapCapMiB, nodeFlags } };
  }

  /** Runs from now on use these settings over the lesson's (null: the lesson's own). */
  setRunSettings(settings: SharedRunSettings | null): void {
    this.#settings = settings;
  }

  /** Writes a pending edit now (the page is going away). */
  flush(): void {
    this.#deps.savedEdits.flush();
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
    if (!shouldSave || this.#isSavingPaused) return;
    // Unchanged lesson text is not stored, so a lesson update reaches learners who never edited.
    const keep = isEdited || this.#base !== 'leaky';
    this.#deps.savedEdits.saveSoon(keep ? { base: this.#base, text: isEdited ? text : null } : null);
  }
}

/** The program with a shared link's run settings in place of the lesson's, where it has them. */
function withRunSettings(program: ProgramSpec, settings: SharedRunSettings | null): ProgramSpec {
  if (!settings) return program;
  return {
    ...program,
    ...(settings.load && program.load ? { load: { ...settings.load } } : {}),
    ...(settings.heapCapMiB !== undefined ? { heapCapMiB: settings.heapCapMiB } : {}),
    ...(settings.nodeFlags ? { nodeFlags: [...settings.nodeFlags] } : {}),
  };
}
