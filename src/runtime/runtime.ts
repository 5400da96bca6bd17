import type { ProgramSpec } from '../protocol/program.ts';
import type { RunEvent } from '../protocol/run-events.ts';
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
  /** Fetches a snapshot's bytes for the analyzer worker, with progress. */
  fetchSnapshot(url: string, onProgress?: (loadedBytes: number, totalBytes: number) => void): Promise<Blob>;
  dispose(): void;
  /**
   * Sends a lesson's check requests to the running program (where the load reaches it) and
   * answers with one `responses-checked` event. Only a runtime that can reach the program's port
   * has it (the local runner); the page says why the others cannot check a fix.
   */
  checkResponses?(requests: readonly CheckRequest[]): void;
}
