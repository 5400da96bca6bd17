import { chooseRuntime, type BootableRuntime, type RuntimePick } from '../runtime/pick-runtime.ts';
import type { Runtime, RuntimeCapabilities, RuntimeKind, RunEventListener } from '../runtime/runtime.ts';
import { readRunnerToken, runnerSocketUrl } from '../runtime/local/local-runtime.ts';
import { parseRecording, RecordingError, type LessonRecording } from '../runtime/recorded/recording.ts';
import type { ProgramSpec } from '../protocol/program.ts';
import type { RunEvent } from '../protocol/run-events.ts';
import type { PlaygroundConfig } from './playground-config.ts';
import type { SessionStore } from './session-store.ts';

const TRYING_WORDS: Record<RuntimeKind, string> = {
  local: 'Connecting to the local runner…',
  webcontainer: 'Starting the in-browser runtime (WebContainer); this takes up to 10 s…',
  recorded: 'Loading the recording…',
};

/**
 * The page's runtime before it is known: the controller holds this from the start, and it
 * forwards to the runtime `chooseRuntime` settles on (booting WebContainer can take seconds).
 * Implements Runtime, so nothing else knows a choice is under way.
 */
export class ChosenRuntime implements Runtime {
  #inner: Runtime | null = null;
  #whyNone = 'No runtime has been chosen yet.';
  #choice: Promise<void>;
  #settle!: () => void;
  #listeners = new Set<RunEventListener>();
  #terminalSize: { cols: number; rows: number } | null = null;

  constructor() {
    this.#choice = new Promise((resolve) => { this.#settle = resolve; });
  }

  get kind(): RuntimeKind { return this.#inner?.kind ?? 'recorded'; }
  get capabilities(): RuntimeCapabilities {
    return this.#inner?.capabilities ?? { realV8Figures: false, snapshots: false, runsCode: false, reason: this.#whyNone };
  }

  /** Settles the choice: `runtime` from now on, or none (with why). */
  resolve(pick: RuntimePick): void {
    if (pick.runtime) {
      this.#inner = pick.runtime;
      pick.runtime.onEvent((event) => this.#emit(event));
      if (this.#terminalSize) this.resizeTerminal(this.#terminalSize);
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
  /** The inner runtime's terminal resize, where it has one (WebContainer); remembered until one is chosen. */
  resizeTerminal(size: { cols: number; rows: number }): void {
    this.#terminalSize = size;
    const inner = this.#inner as (Runtime & { resizeTerminal?: (s: { cols: number; rows: number }) => void }) | null;
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
 * controller and the pick the status view reads; both change in place when the choice settles,
 * then `onChosen` runs (e.g. to start replaying a recording).
 */
export function beginRuntimeChoice(config: PlaygroundConfig, store: SessionStore, onChosen: (pick: RuntimePick) => void): { runtime: ChosenRuntime; pick: RuntimePick } {
  const pick: RuntimePick = { runtime: null, kind: 'none', reason: 'Choosing a runtime…' };
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
      Object.assign(pick, { runtime: null, kind, reason: TRYING_WORDS[kind] });
      store.note('info', TRYING_WORDS[kind]);
    },
  }).then((chosen) => {
    Object.assign(pick, chosen);
    runtime.resolve(chosen);
    store.note(chosen.runtime ? 'info' : 'warn', chosen.runtime ? `Runtime: ${chosen.kind}. ${chosen.runtime.capabilities.reason ?? ''}`.trim() : chosen.reason);
    onChosen(pick);
  }, (err: unknown) => {
    const failed: RuntimePick = { runtime: null, kind: 'none', reason: `Could not choose a runtime: ${err instanceof Error ? err.message : String(err)}` };
    Object.assign(pick, failed);
    runtime.resolve(failed);
    store.note('error', failed.reason);
  });
  return { runtime, pick };
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
