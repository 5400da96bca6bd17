import type { ProgramSpec } from '../protocol/program.ts';
import type { RunEvent } from '../protocol/run-events.ts';
import type { ProgramSignal } from '../protocol/socket-messages.ts';
import type { CheckRequest } from '../protocol/response-check.ts';

export type RuntimeKind = 'local' | 'webcontainer' | 'recorded';

/** What a runtime can honestly offer; the page shows `reason` wherever a capability is missing. */
export interface RuntimeCapabilities {
  /** Figures come from a real V8 `process.memoryUsage()`. */
  realV8Figures: boolean;
  /** Real `.heapsnapshot` files can be taken. */
  snapshots: boolean;
  /** The program's code can be edited and run (false for recordings). */
  runsCode: boolean;
  /**
   * The running program can be sent a signal (SIGUSR2 for --heapsnapshot-signal, SIGTERM), and
   * the files it wrote can be downloaded after the run: the local runner only.
   */
  programFiles?: boolean;
  /** Why something above is false, in words for the learner. */
  reason?: string;
}

export type RunEventListener = (event: RunEvent) => void;

/**
 * The one interface the playground uses to run a program. The local runner, the WebContainer
 * runtime and recorded traces implement it; nothing in the UI knows which one it holds.
 *
 * Contract (tests/runtime/contract.test.ts checks it against each implementation):
 * - `start` resolves once the run is under way; events then arrive through `onEvent` listeners:
 *   `started` first, `exited` last and exactly once per run.
 * - `start` while a run is live ends that run first (its `exited` has reason `replaced`).
 * - `stop` ends the live run (reason `stopped`); without a live run it does nothing.
 * - `requestSnapshot` answers with `snapshot-ready` or `snapshot-failed` events.
 * - `dispose` ends any run and releases the runtime (socket, container); the instance is dead after.
 */
export interface Runtime {
  readonly kind: RuntimeKind;
  readonly capabilities: RuntimeCapabilities;
  onEvent(listener: RunEventListener): () => void;
  start(program: ProgramSpec): Promise<void>;
  stop(): void;
  requestSnapshot(): void;
  /** Fetches the bytes of a snapshot, or of a file a run wrote, from where the runtime serves them, with progress. */
  fetchSnapshot(url: string, onProgress?: (loadedBytes: number, totalBytes: number) => void): Promise<Blob>;
  /** Sends the running program `signal` (with `capabilities.programFiles`); the answer is a notice. */
  sendSignal?(signal: ProgramSignal): void;
  /** The page is done with the files run `runId` wrote: the runtime may remove them. */
  releaseFiles?(runId: string): void;
  dispose(): void;
  /**
   * Sends a lesson's check requests to the running program (where the load reaches it) and
   * answers with one `responses-checked` event. Only a runtime that can reach the program's port
   * has it (the local runner); the page says why the others cannot check a fix.
   */
  checkResponses?(requests: readonly CheckRequest[]): void;
}
