import type { ProgramSpec } from '../../protocol/program.ts';
import type { ExitReason, RunEvent } from '../../protocol/run-events.ts';
import { parseServerMessage, TOKEN_HEADER, type ClientMessage, type ProgramSignal } from '../../protocol/socket-messages.ts';
import type { CheckRequest } from '../../protocol/response-check.ts';
import { unreachable } from '../../protocol/unreachable.ts';
import type { Runtime, RuntimeCapabilities, RunEventListener } from '../runtime.ts';
import { RunEventHub } from '../run-event-hub.ts';

export { TOKEN_HEADER };

/**
 * The local runner as a Runtime: one WebSocket to `/ws` on the page's own host, opened when the
 * first run starts. It never reconnects by itself; when the socket goes away during a run the
 * page hears a notice and an `exited` with reason 'disconnected', and the next Run opens a new one.
 *
 * `start` never rejects: every failure (no socket, busy, rejected) arrives as a `notice` plus an
 * `exited` with reason 'failed', so the page has one place to show it.
 */
export class LocalRuntime implements Runtime {
  readonly kind = 'local' as const;
  readonly capabilities: RuntimeCapabilities = { realV8Figures: true, snapshots: true, runsCode: true, programFiles: true };

  readonly #token: string;
  readonly #socketUrl: string;
  #socket: WebSocket | null = null;
  readonly #events = new RunEventHub();
  /** Id of the run the server last said started and has not yet said exited. */
  #liveRunId: string | null = null;
  /** Resolves the pending `start` once its run is under way or has failed. */
  #settleStart: (() => void) | null = null;
  #isDisposed = false;
  /** A snapshot was asked for and neither `snapshot-ready` nor `snapshot-failed` has come back. */
  #isSnapshotPending = false;

  constructor(token: string, socketUrl: string) {
    this.#token = token;
    this.#socketUrl = socketUrl;
  }

  onEvent(listener: RunEventListener): () => void {
    return this.#events.on(listener);
  }

  start(program: ProgramSpec): Promise<void> {
    return this.#begin({ type: 'start', token: this.#token, program });
  }

  /**
   * Runs the program `leaklab watch` was started with instead of one from the page. Local runner
   * only; it resolves, and reports failures, exactly as `start` does.
   */
  watch(): Promise<void> {
    return this.#begin({ type: 'watch', token: this.#token });
  }

  async #begin(message: Extract<ClientMessage, { type: 'start' | 'watch' }>): Promise<void> {
    if (this.#isDisposed) {
      this.#fail('runtime-disposed', 'This runtime was closed; reload the page to run again.');
      return;
    }
    this.#settleStart?.();
    const underWay = new Promise<void>((resolve) => { this.#settleStart = resolve; });
    const socket = await this.#openSocket();
    if (!socket) return underWay;
    this.#send(socket, message);
    return underWay;
  }

  stop(): void {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#send(this.#socket, { type: 'stop' });
  }

  requestSnapshot(): void {
    if (this.#socket?.readyState === WebSocket.OPEN && this.#liveRunId) {
      this.#isSnapshotPending = true;
      this.#send(this.#socket, { type: 'snapshot', token: this.#token });
    } else {
      this.#emit({ type: 'snapshot-failed', reason: 'No program is running; press Run first, then take a snapshot.' });
    }
  }

  sendSignal(signal: ProgramSignal): void {
    if (this.#socket?.readyState === WebSocket.OPEN && this.#liveRunId) this.#send(this.#socket, { type: 'signal', token: this.#token, signal });
    else this.#emit({ type: 'notice', level: 'warn', code: 'signal-not-sent', text: `${signal} was not sent: no program is running.` });
  }

  releaseFiles(runId: string): void {
    // A closed socket has let go of them already (the runner removes a page's files when it goes).
    if (this.#socket?.readyState === WebSocket.OPEN) this.#send(this.#socket, { type: 'release-files', runId });
  }

  checkResponses(requests: readonly CheckRequest[]): void {
    if (this.#socket?.readyState === WebSocket.OPEN && this.#liveRunId) {
      this.#send(this.#socket, { type: 'check-responses', token: this.#token, requests: [...requests] });
    } else {
      this.#emit({ type: 'responses-checked', runId: this.#liveRunId ?? '', outcome: { kind: 'not-checked', blame: 'runner', reason: 'No program is running, so there is nothing to send the check requests to.' } });
    }
  }

  async fetchSnapshot(url: string, onProgress?: (loadedBytes: number, totalBytes: number) => void): Promise<Blob> {
    const response = await fetch(url, { headers: { [TOKEN_HEADER]: this.#token } });
    if (!response.ok || !response.body) {
      // 404: the run's files were removed (the time limit, or the runner restarted); the body says which.
      const detail = response.ok ? '' : ` ${(await response.text()).trim()}`;
      throw new Error(`The download from ${url} failed: HTTP ${response.status} ${response.statusText}.${detail}`);
    }
    const totalBytes = Number(response.headers.get('content-length') ?? 0);
    const reader = response.body.getReader();
    const parts: Uint8Array<ArrayBuffer>[] = [];
    let loadedBytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      loadedBytes += value.byteLength;
      onProgress?.(loadedBytes, totalBytes || loadedBytes);
    }
    return new Blob(parts, { type: 'application/octet-stream' });
  }

  dispose(): void {
    this.#isDisposed = true;
    const socket = this.#socket;
    this.#socket = null;
    if (socket) {
      if (this.#liveRunId) this.#send(socket, { type: 'stop' });
      socket.close(1000, 'page closed');
    }
    this.#events.clear();
    this.#settleStart?.();
    this.#settleStart = null;
  }

  /** The open socket, opening one if needed; null (after reporting why) if it cannot open. */
  async #openSocket(): Promise<WebSocket | null> {
    const current = this.#socket;
    if (current?.readyState === WebSocket.OPEN) return current;
    if (current?.readyState === WebSocket.CONNECTING) return this.#whenOpen(current);
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.#socketUrl);
    } catch (err) {
      this.#fail('socket-error', `Could not open ${this.#socketUrl}: ${(err as Error).message}`);
      return null;
    }
    this.#socket = socket;
    let hasOpened = false;
    socket.addEventListener('open', () => { hasOpened = true; });
    socket.addEventListener('message', (e) => this.#onMessage(e.data));
    // A socket that never opened is reported by #whenOpen; this handles one that drops later.
    socket.addEventListener('close', (e) => { if (hasOpened) this.#onClose(socket, e); else if (this.#socket === socket) this.#socket = null; });
    return this.#whenOpen(socket);
  }

  #whenOpen(socket: WebSocket): Promise<WebSocket | null> {
    return new Promise((resolve) => {
      const onOpen = (): void => { cleanup(); resolve(socket); };
      const onClose = (): void => {
        cleanup();
        this.#fail('socket-error',
          `Could not reach the local runner at ${this.#socketUrl}. Is \`npm start\` still running? Reload the page after restarting it.`);
        resolve(null);
      };
      const cleanup = (): void => {
        socket.removeEventListener('open', onOpen);
        socket.removeEventListener('close', onClose);
      };
      socket.addEventListener('open', onOpen);
      socket.addEventListener('close', onClose);
    });
  }

  #onMessage(data: unknown): void {
    const parsed = parseServerMessage(data);
    if (!parsed.ok) {
      // A page cached across an upgrade of the runner meets messages it has never heard of:
      // say so in the terminal (with what was wrong) rather than hand the views a shape they cannot draw.
      this.#emit({ type: 'notice', level: 'warn', code: 'bad-message', text: `The runner sent a message this page does not understand (${parsed.problem}); ignored it. Reload the page if the runner was upgraded.` });
      return;
    }
    const message = parsed.value;
    switch (message.type) {
      case 'run-event':
        return this.#onRunEvent(message.event);
      case 'busy':
        return this.#refused('runner-busy', `${message.message} (${message.runningRuns} of ${message.maxRuns} runs in use)`);
      case 'rejected':
        return this.#refused('runner-rejected', message.message);
      default:
        return unreachable(message);
    }
  }

  #onRunEvent(event: RunEvent): void {
    if (event.type === 'started') {
      this.#liveRunId = event.runId;
      this.#emit(event);
      this.#settle();
      return;
    }
    if (event.type === 'exited') {
      if (event.runId === this.#liveRunId) {
        this.#liveRunId = null;
        this.#abandonSnapshot();
      }
      this.#emit(event);
      // The old run's 'replaced' exit comes before the new run's 'started'.
      if (event.reason !== 'replaced') this.#settle();
      return;
    }
    if (event.type === 'snapshot-ready' || event.type === 'snapshot-failed') this.#isSnapshotPending = false;
    this.#emit(event);
  }

  /** busy/rejected: a pending start has failed; a pending snapshot has failed; otherwise only say so. */
  #refused(code: string, text: string): void {
    if (this.#settleStart) this.#fail(code, text);
    else if (this.#isSnapshotPending) this.#emit({ type: 'snapshot-failed', reason: text });
    else this.#emit({ type: 'notice', level: 'error', code, text });
  }

  #onClose(socket: WebSocket, e: CloseEvent): void {
    if (this.#socket !== socket) return;
    this.#socket = null;
    if (this.#isDisposed) return;
    const wasRunning = this.#liveRunId !== null || this.#settleStart !== null;
    if (!wasRunning) return;
    const why = e.reason ? `: ${e.reason}` : ` (code ${e.code})`;
    this.#emit({ type: 'notice', level: 'error', code: 'socket-closed', text: `The connection to the local runner closed${why}. Is \`npm start\` still running?` });
    this.#exit('disconnected', '');
  }

  /** Reports a failure as the notice-plus-exited pair the contract promises; the notice carries the detail. */
  #fail(code: string, text: string): void {
    this.#emit({ type: 'notice', level: 'error', code, text });
    this.#exit('failed', '');
  }

  #exit(reason: ExitReason, message: string): void {
    const runId = this.#liveRunId ?? '';
    this.#liveRunId = null;
    this.#abandonSnapshot();
    this.#emit({ type: 'exited', runId, reason, code: null, signal: null, message });
    this.#settle();
  }

  /** The run ended with a snapshot still pending: it will never come, so say so once. */
  #abandonSnapshot(): void {
    if (!this.#isSnapshotPending) return;
    this.#isSnapshotPending = false;
    this.#emit({ type: 'snapshot-failed', reason: 'The run ended before the snapshot was ready.' });
  }

  #settle(): void {
    const settle = this.#settleStart;
    this.#settleStart = null;
    settle?.();
  }

  #send(socket: WebSocket, message: ClientMessage): void {
    socket.send(JSON.stringify(message));
  }

  #emit(event: RunEvent): void {
    this.#events.emit(event);
  }
}

/** The runner's per-start token from `<meta name="leaklab-runner">`, or null on a static preview. */
export function readRunnerToken(doc: Document): string | null {
  const content = doc.querySelector<HTMLMetaElement>('meta[name="leaklab-runner"]')?.content;
  return content ? content : null;
}

/** `ws://host/ws` (or `wss://`) for the page's own origin. */
export function runnerSocketUrl(loc: Location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/ws`;
}
