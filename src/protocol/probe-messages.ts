import type { FloorPoint, MemorySample } from './samples.ts';

/**
 * Messages from the probe preloaded into the learner's program to the runner, over the IPC
 * channel (never stdout/stderr, which belong to the program).
 */
export type ProbeMessage =
  | { type: 'hello'; pid: number; nodeVersion: string; heapLimitBytes: number; startedAtEpochMs: number }
  | { type: 'sample'; sample: MemorySample; activeHandles: number }
  | { type: 'floor'; floor: FloorPoint }
  | { type: 'snapshot-written'; requestId: string; file: string; sizeBytes: number; atMs: number; heapUsedBytes: number }
  | { type: 'snapshot-refused'; requestId: string; reason: string }
  | { type: 'failed'; message: string; stack?: string };

/**
 * A TCP port a server in the program has started listening on (pipes and unix sockets are not
 * reported). IPC only: the local runner may aim the load at it; the framed channel (WebContainer)
 * runs lessons, which never get to choose where the load goes, so the probe never frames it.
 */
export type ListeningMessage = { type: 'listening'; port: number };

/** What the local runner accepts on the probe's IPC channel. */
export type IpcProbeMessage = ProbeMessage | ListeningMessage;

/** Messages from the runner to the probe. */
export type ProbeCommand =
  | { type: 'take-snapshot'; requestId: string; file: string };

/** Messages from the load driver process to the runner. */
export type LoadMessage =
  | { type: 'load-ready'; target: string }
  | { type: 'load-progress'; requests: number; errors: number; atMs: number }
  | { type: 'load-failed'; message: string };
