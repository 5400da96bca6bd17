import type { ProgramSpec } from '../../protocol/program.ts';
import type { RunEvent } from '../../protocol/run-events.ts';
import type { Runtime, RuntimeCapabilities, RunEventListener } from '../runtime.ts';
import { bootOnce, releaseContainer } from './boot-once.ts';
import { ContainerRun, type TerminalSize } from './container-run.ts';
import { RUN_DIR, rootPackageJson, runTree, type SandboxSources } from './container-files.ts';
import type { Container, WebContainerApi } from './webcontainer-api.ts';
import { RunEventHub } from '../run-event-hub.ts';

/** `boot()` has no limit of its own; without the network it waits for ever. */
export const BOOT_TIMEOUT_MS = 10_000;
const WALL_TIME_MS = 5 * 60_000;

export interface WebContainerRuntimeOptions {
  /** The probe and load loop to mount. */
  sandbox: SandboxSources;
  bootTimeoutMs?: number;
  wallTimeMs?: number;
  terminal?: TerminalSize;
  /** The program's PORT inside the container (3000); tests whose fake shares the host's network pick a free one. */
  programPort?: number;
}

const SNAPSHOT_REASON = 'Heap snapshots are not available in the in-browser runtime: WebContainer\u2019s v8 module is a JavaScript stand-in, so there is no real heap to write. Run Leak Lab locally (`npm start`) to take snapshots.';

/**
 * The in-browser runtime: the learner's program runs in a WebContainer (`@webcontainer/api`,
 * passed in so tests can use a fake). One container per page, booted on first use within
 * `bootTimeoutMs` and never retried after a failure. Each run mounts the lesson's files with the
 * probe and load loop, installs the lesson's npm packages inside the container, and spawns
 * `node --import probe`. The probe reports on a framed channel inside the terminal stream (the
 * container has no IPC and merges stdout with stderr) and calibrates first, so `started` says
 * whether the figures are real (`figuresAre`).
 */
export class WebContainerRuntime implements Runtime {
  readonly kind = 'webcontainer' as const;
  readonly capabilities: RuntimeCapabilities = { realV8Figures: false, snapshots: false, runsCode: true, reason: SNAPSHOT_REASON };

  readonly #api: WebContainerApi;
  readonly #options: Required<Omit<WebContainerRuntimeOptions, 'terminal' | 'programPort'>> & { programPort?: number };
  #terminal: TerminalSize;
  readonly #events = new RunEventHub();
  #run: ContainerRun | null = null;
  #installed = new Set<string>();
  #isDisposed = false;

  constructor(api: WebContainerApi, options: WebContainerRuntimeOptions) {
    this.#api = api;
    this.#options = { bootTimeoutMs: BOOT_TIMEOUT_MS, wallTimeMs: WALL_TIME_MS, ...options };
    this.#terminal = options.terminal ?? { cols: 80, rows: 24 };
  }

  /** Boots the page's container (or answers with the earlier boot's outcome); rejects with a BootError. */
  async ready(): Promise<void> {
    await bootOnce(this.#api, this.#options.bootTimeoutMs);
  }

  onEvent(listener: RunEventListener): () => void {
    return this.#events.on(listener);
  }

  /** Resolves once the program's probe said hello, or the run has ended (every failure arrives as events). */
  async start(program: ProgramSpec): Promise<void> {
    if (this.#isDisposed) return this.#failUnstarted('runtime-disposed', 'This runtime was closed; reload the page to run again.');
    const previous = this.#run;
    if (previous) await previous.stop('replaced');
    const run = new ContainerRun(program, (event) => this.#fromRun(run, event), this.#options.programPort);
    this.#run = run;
    void this.#launch(run, program);
    return run.underWay;
  }

  stop(): void {
    void this.#run?.stop('stopped');
  }

  requestSnapshot(): void {
    this.#emit({ type: 'snapshot-failed', reason: SNAPSHOT_REASON });
  }

  async fetchSnapshot(url: string): Promise<Blob> {
    throw new Error(`No snapshot at ${url}: ${SNAPSHOT_REASON}`);
  }

  /** Forwards the terminal's size to the running program's pseudo-terminal (and to later runs). */
  resizeTerminal(size: TerminalSize): void {
    this.#terminal = size;
    this.#run?.resize(size);
  }

  dispose(): void {
    if (this.#isDisposed) return;
    this.#isDisposed = true;
    void this.#run?.stop('disconnected');
    this.#events.clear();
    releaseContainer(this.#api);
  }

  async #launch(run: ContainerRun, program: ProgramSpec): Promise<void> {
    try {
      const container = await bootOnce(this.#api, this.#options.bootTimeoutMs);
      if (run.isStopping) return;
      await this.#prepare(container, run, program);
      if (run.isStopping) return;
      await run.spawn(container, this.#terminal, this.#options.wallTimeMs);
    } catch (err) {
      if (run.hasEnded) return; // stopped meanwhile; its exit was reported
      const text = err instanceof Error ? err.message : String(err);
      this.#fromRun(run, { type: 'notice', level: 'error', code: 'container-failed', text: `${text}.`.replace(/\.\.$/, '.') });
      run.finish('failed', null, text);
    }
  }

  /** Mounts the files and installs packages the container does not have yet. */
  async #prepare(container: Container, run: ContainerRun, program: ProgramSpec): Promise<void> {
    await container.fs.rm(RUN_DIR, { recursive: true, force: true });
    await container.mount(runTree(program, this.#options.sandbox));
    const missing = program.dependencies.filter((d) => !this.#installed.has(d));
    if (!missing.length || run.isStopping) return;
    const wanted = new Set([...this.#installed, ...missing]);
    await container.fs.writeFile('package.json', rootPackageJson(wanted));
    this.#fromRun(run, { type: 'notice', level: 'info', code: 'npm-install', text: `Installing ${missing.join(', ')} inside the container (npm install)…` });
    const install = await container.spawn('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { terminal: this.#terminal });
    void install.output.pipeTo(new WritableStream({ write: (text) => this.#fromRun(run, { type: 'output', stream: 'stdout', text }) })).catch(() => undefined);
    const stopWatch = setInterval(() => { if (run.isStopping) install.kill(); }, 200);
    const code = await install.exit.finally(() => clearInterval(stopWatch));
    if (run.isStopping) return;
    if (code !== 0) throw new Error(`npm install ${missing.join(' ')} failed inside the container (exit code ${code}); the lesson needs these packages from the npm registry`);
    for (const d of missing) this.#installed.add(d);
  }

  /** Passes a run's events on while it is the current run; a replaced run may still send its `exited`. */
  #fromRun(run: ContainerRun, event: RunEvent): void {
    if (event.type !== 'exited' && (run !== this.#run || run.hasEnded)) return;
    if (event.type === 'exited' && run === this.#run) this.#run = null;
    this.#emit(event);
  }

  #failUnstarted(code: string, text: string): void {
    this.#events.failStart(code, text);
  }

  #emit(event: RunEvent): void {
    this.#events.emit(event);
  }
}
