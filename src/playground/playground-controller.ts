import { programFromMeta } from '../lessons/program-from-meta.ts';
import type { ProgramSpec } from '../protocol/program.ts';
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
    const program = programFromMeta(config.meta, files, variant, config.lessonId);
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
    if (!shouldSave) return;
    // Unchanged lesson text is not stored, so a lesson update reaches learners who never edited.
    const keep = isEdited || this.#base !== 'leaky';
    this.#deps.savedEdits.saveSoon(keep ? { base: this.#base, text: isEdited ? text : null } : null);
  }
}
