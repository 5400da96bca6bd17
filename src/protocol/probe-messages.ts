import { z } from 'zod';
import { floorPointSchema, memorySampleSchema } from './samples.ts';
import { parseWith, unknownTypeError, type Parsed } from './parse.ts';

// The learner's program shares the probe's channel (it can call `process.send`, or print a
// frame), so nothing on it is trusted: every string is bounded, every number finite, and what a
// message means (which snapshot was asked for, which port to load) is checked by the receiver.
const text = z.string().max(4095);
const port = z.number().int().min(1).max(65535);

/**
 * What the probe measured at start when asked to calibrate (framed channel only, see
 * sandbox/probe.mjs `calibrate()`): heapUsed before, right after allocating `allocatedBytes` of
 * heap, and after dropping it and collecting. Null where the runtime gave no number (the probe
 * measures NaN, which JSON writes as null).
 */
export const calibrationReadingSchema = z.object({
  allocatedBytes: z.number(),
  beforeBytes: z.number().nullable(),
  afterAllocBytes: z.number().nullable(),
  afterFreeBytes: z.number().nullable(),
  /** The probe could force a GC (`--expose-gc` worked). */
  hasGc: z.boolean(),
});
export type CalibrationReading = z.infer<typeof calibrationReadingSchema>;

const hello = z.object({ type: z.literal('hello'), pid: z.number(), nodeVersion: text, heapLimitBytes: z.number(), startedAtEpochMs: z.number() });
/**
 * A TCP port a server in the program has started listening on (pipes and unix sockets are not
 * reported). IPC only: the local runner may aim the load at it; the framed channel (WebContainer)
 * runs lessons, which never get to choose where the load goes, so the probe never frames it.
 * Only the port is kept: the load always goes to the loopback, whatever else the message says.
 */
const listening = z.object({ type: z.literal('listening'), port });

/**
 * Messages from the probe preloaded into the learner's program to the runner: over the IPC
 * channel (never stdout/stderr, which belong to the program), or as frames in the terminal
 * stream where there is no IPC (WebContainer).
 */
export const probeMessageSchema = z.discriminatedUnion('type', [
  hello,
  z.object({ type: z.literal('sample'), sample: memorySampleSchema, activeHandles: z.number() }),
  z.object({ type: z.literal('floor'), floor: floorPointSchema }),
  z.object({ type: z.literal('snapshot-written'), requestId: text, file: text, sizeBytes: z.number(), atMs: z.number(), heapUsedBytes: z.number() }),
  z.object({ type: z.literal('snapshot-refused'), requestId: text, reason: text }),
  z.object({ type: z.literal('failed'), message: text, stack: text.optional() }),
  calibrationReadingSchema.extend({ type: z.literal('calibration') }),
  listening,
], { error: unknownTypeError('probe message') });
export type ProbeMessage = z.infer<typeof probeMessageSchema>;
export type ProbeMessageOf<T extends ProbeMessage['type']> = Extract<ProbeMessage, { type: T }>;
export type HelloMessage = z.infer<typeof hello>;
export type ListeningMessage = z.infer<typeof listening>;
/** What the local runner takes from the probe's IPC channel: every probe message. */
export type IpcProbeMessage = ProbeMessage;
/** What the probe writes as frames (WebContainer): everything but `listening`. */
export type FramedProbeMessage = Exclude<ProbeMessage, ListeningMessage>;

/** Checks one message from the probe's channel (IPC or a frame). */
export function parseProbeMessage(raw: unknown): Parsed<ProbeMessage> {
  return parseWith(probeMessageSchema, raw);
}

/** Messages from the runner to the probe (IPC only). */
export const probeCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('take-snapshot'), requestId: text, file: text }),
]);
export type ProbeCommand = z.infer<typeof probeCommandSchema>;

/** Messages from the load driver (sandbox/load.mjs over IPC, sandbox/load-loop.mjs as frames) to the runner. */
export const loadMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('load-ready'), target: text }),
  z.object({ type: z.literal('load-progress'), requests: z.number(), errors: z.number(), atMs: z.number() }),
  z.object({ type: z.literal('load-failed'), message: text }),
], { error: unknownTypeError('load message') });
export type LoadMessage = z.infer<typeof loadMessageSchema>;

/** Checks one message from the load driver. */
export function parseLoadMessage(raw: unknown): Parsed<LoadMessage> {
  return parseWith(loadMessageSchema, raw);
}
