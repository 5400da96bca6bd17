import { chooseRuntime, type BootableRuntime, type RuntimePick } from '../runtime/pick-runtime.ts';
import type { Runtime, RuntimeKind, RunEventListener } from '../runtime/runtime.ts';
import { readRunnerToken, runnerSocketUrl } from '../runtime/local/local-runtime.ts';
import { parseRecording, RecordingError, type LessonRecording } from '../runtime/recorded/recording.ts';
import type { ProgramSpec } from '../protocol/program.ts';
import type { RunEvent } from '../protocol/run-events.ts';
import type { ProgramSignal } from '../protocol/socket-messages.ts';
import type { CheckRequest } from '../protocol/response-check.ts';
import type { PlaygroundConfig } from './playground-config.ts';
import type { PageStore } from './page-state/page-store.ts';
import type { RuntimePort, TerminalSizeSink } from './runtime-port.ts';
import { tryingWords } from './runtime-words.ts';

/**
 * The page's runtime before it is known: the controllers hold this from the start, and it
 * forwards to the runtime `chooseRuntime` settles on (booting WebContainer can take seconds).
 * Which runtime that is, and what it can do, is page state (`runtime-chosen`), not asked of this.
 */
export class ChosenRuntime implements RuntimePort, TerminalSizeSink {
  #inner: Runtime | null = null;
  #whyNone = 'No runtime has been chosen yet.';
  #choice: Promise<void>;
  #settle!: () => void;
  #listeners = new Set<RunEventListener>();

  constructor() {
    this.#choice = new Promise((resolve) => { this.#settle = resolve; });
  }

  /** Settles the choice: `runtime` from now on, or none (with why). */
  resolve(pick: RuntimePick): void {
    if (pick.runtime) {
      this.#inner = pick.runtime;
      pick.runtime.onEvent((event) => this.#emit(event));
    } else {
      this.#whyNone = pick.reason;
    }
    this.#settle();
  }

  onEvent(listener: RunEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async start(program: ProgramSpec): Promise<void> {
    await this.#choice;
    if (this.#inner) return this.#inner.start(program);
    this.#emit({ type: 'notice', level: 'error', code: 'no-runtime', text: this.#whyNone });
    this.#emit({ type: 'exited', runId: '', reason: 'failed', code: null, signal: null, message: '' });
  }

  stop(): void { this.#inner?.stop(); }
  requestSnapshot(): void {
    if (this.#inner) this.#inner.requestSnapshot();
    else this.#emit({ type: 'snapshot-failed', reason: this.#whyNone });
  }
  fetchSnapshot(url: string, onProgress?: (loadedBytes: number, totalBytes: number) => void): Promise<Blob> {
    return this.#inner ? this.#inner.fetchSnapshot(url, onProgress) : Promise.reject(new Error(this.#whyNone));
  }
  /** Where the runtime cannot send signals (the view offers none then), says why in the terminal. */
  sendSignal(signal: ProgramSignal): void {
    if (this.#inner?.sendSignal) this.#inner.sendSignal(signal);
    else this.#emit({ type: 'notice', level: 'warn', code: 'signal-not-sent', text: `${signal} was not sent: this runtime cannot send the program signals.` });
  }
  releaseFiles(runId: string): void { this.#inner?.releaseFiles?.(runId); }
  /** The inner runtime's check, where it has one (the local runner); otherwise says it cannot. */
  checkResponses(requests: readonly CheckRequest[]): void {
    if (this.#inner?.checkResponses) return this.#inner.checkResponses(requests);
    const reason = this.#inner ? `The ${this.#inner.kind} runtime cannot send requests to the program.` : this.#whyNone;
    this.#emit({ type: 'responses-checked', runId: '', outcome: { kind: 'not-checked', blame: 'runner', reason } });
  }
  /** The inner runtime's terminal resize, where it has one (WebContainer). */
  resizeTerminal(size: { cols: number; rows: number }): void {
    const inner = this.#inner as (Runtime & Partial<TerminalSizeSink>) | null;
    inner?.resizeTerminal?.(size);
  }
  dispose(): void {
    this.#inner?.dispose();
    this.#listeners.clear();
  }

  #emit(event: RunEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}

/**
 * Starts choosing the runtime for this page. Returns at once with the runtime to hand the
 * controllers; the choice reaches the page state as `runtime-choosing`, then `runtime-chosen` or
 * `runtime-unavailable`, each said in the terminal too. `onChosen` runs once a runtime is chosen
 * (e.g. to start replaying a recording).
 */
export function beginRuntimeChoice(config: PlaygroundConfig, store: PageStore, onChosen: (kind: RuntimeKind) => void): ChosenRuntime {
  const runtime = new ChosenRuntime();
  const params = new URLSearchParams(window.location.search);
  const speed = Number(params.get('speed'));
  void chooseRuntime({
    search: window.location.search,
    runnerToken: readRunnerToken(document),
    socketUrl: runnerSocketUrl(window.location),
    isCrossOriginIsolated: globalThis.crossOriginIsolated === true,
    allowed: config.meta.runtimes,
    lessonSlug: config.lessonId,
    createWebContainer,
    loadRecording: fetchRecording,
    replaySpeed: Number.isFinite(speed) && speed > 0 ? speed : undefined,
    onTrying: (kind) => {
      store.dispatch({ type: 'runtime-choosing', kind });
      store.dispatch({ type: 'note', level: 'info', text: tryingWords(kind) });
    },
  }).then((chosen) => {
    runtime.resolve(chosen);
    if (chosen.runtime) {
      const { capabilities } = chosen.runtime;
      store.dispatch({ type: 'runtime-chosen', kind: chosen.kind, capabilities });
      store.dispatch({ type: 'note', level: 'info', text: `Runtime: ${chosen.kind}. ${capabilities.reason ?? ''}`.trim() });
      onChosen(chosen.kind);
    } else {
      store.dispatch({ type: 'runtime-unavailable', kind: chosen.kind, reason: chosen.reason });
      store.dispatch({ type: 'note', level: 'warn', text: chosen.reason });
    }
  }, (err: unknown) => {
    const reason = `Could not choose a runtime: ${err instanceof Error ? err.message : String(err)}`;
    runtime.resolve({ runtime: null, kind: 'none', reason });
    store.dispatch({ type: 'runtime-unavailable', kind: 'none', reason });
    store.dispatch({ type: 'note', level: 'error', text: reason });
  });
  return runtime;
}

async function createWebContainer(): Promise<BootableRuntime> {
  const { createBrowserWebContainerRuntime } = await import('../runtime/webcontainer/browser-webcontainer.ts');
  return createBrowserWebContainerRuntime();
}

/** The recording the site ships for a lesson (`npm run record` writes them to public/recordings/). */
async function fetchRecording(slug: string): Promise<LessonRecording> {
  // Vite replaces import.meta.env.BASE_URL at build time; tsc does not know the field.
  const base = (import.meta as ImportMeta & { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
  const url = `${base.replace(/\/?$/, '/')}recordings/${slug}.json`;
  const response = await fetch(url);
  if (!response.ok) throw new RecordingError('missing', `${url} answered HTTP ${response.status}; has \`npm run record ${slug}\` been run?`);
  return parseRecording(await response.json(), url);
}
