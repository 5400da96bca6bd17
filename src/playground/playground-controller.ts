import { programFromMeta } from '../lessons/program-from-meta.ts';
import type { ProgramSpec } from '../protocol/program.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { PlaygroundConfig } from './playground-config.ts';
import type { BaseVariant, SavedEdits } from './saved-edits.ts';
import type { SessionStore } from './session-store.ts';

/** The editor as the controller sees it; the CodeMirror view implements it. */
export interface EditorPort {
  getText(): string;
  setText(text: string): void;
  /** Selects and scrolls to a 1-based line (a retainer path points there). */
  revealLine(lineNumber: number): void;
}

export interface ControllerDeps {
  config: PlaygroundConfig;
  store: SessionStore;
  /** Null when no runtime is available (static preview); Run is then disabled. */
  runtime: Runtime | null;
  savedEdits: SavedEdits;
  confirm: (question: string) => boolean;
}

/**
 * The only thing that talks to the runtime. Buttons call it; it forwards RunEvents into the
 * session store, which the views read. Data flows one way: runtime -> RunEvent -> store -> views.
 */
export class PlaygroundController {
  readonly #deps: ControllerDeps;
  #editor: EditorPort | null = null;
  #base: BaseVariant = 'leaky';

  constructor(deps: ControllerDeps) {
    this.#deps = deps;
    deps.runtime?.onEvent((event) => deps.store.apply(event));
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
    if (!runtime || !this.#editor) return;
    const variant: ProgramSpec['variant'] = store.draft.isEdited ? 'custom' : this.#base;
    const files = { ...config.extraFiles, 'main.js': this.#editor.getText() };
    const program = programFromMeta(config.meta, files, variant, config.lessonId);
    const label = variant === 'custom' ? 'your edit' : `${variant}.js`;
    store.beginRun();
    store.note('info', `$ node main.js   (${label})`);
    runtime.start(program).catch((err: unknown) => {
      // Runtimes report failures as events; this is a bug in one, so show it rather than lose it.
      store.note('error', `Run failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  stop(): void {
    this.#deps.runtime?.stop();
  }

  /** Restores leaky.js; asks first when that would discard the learner's edits. */
  reset(): void {
    if (this.#deps.store.draft.isEdited && !this.#deps.confirm('Discard your edits and restore leaky.js?')) return;
    this.#load('leaky');
  }

  /** Loads fixed.js; asks first when that would discard the learner's edits. */
  showFix(): void {
    if (this.#deps.store.draft.isEdited && !this.#deps.confirm('Replace your edits with fixed.js? Your edits will be lost.')) return;
    this.#load('fixed');
  }

  /** Writes a pending edit now (the page is going away). */
  flush(): void {
    this.#deps.savedEdits.flush();
  }

  dispose(): void {
    this.flush();
    this.#deps.runtime?.dispose();
  }

  #load(base: BaseVariant): void {
    this.#base = base;
    this.#editor?.setText(this.#deps.config.sources[base]);
    // setText fires onEditorChange, but not when the text was already the same.
    this.#updateDraft(this.#deps.config.sources[base], true);
  }

  #updateDraft(text: string, shouldSave: boolean): void {
    const isEdited = text !== this.#deps.config.sources[this.#base];
    this.#deps.store.setDraft({ base: this.#base, isEdited });
    if (!shouldSave) return;
    // Unchanged lesson text is not stored, so a lesson update reaches learners who never edited.
    const keep = isEdited || this.#base !== 'leaky';
    this.#deps.savedEdits.saveSoon(keep ? { base: this.#base, text: isEdited ? text : null } : null);
  }
}
