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

/** Bounds of one allocation profile on the channel: a lesson's is a few hundred nodes. */
export const MAX_ALLOC_FRAMES = 20_000;
export const MAX_ALLOC_NODES = 20_000;
/** Numbers per node in `AllocProfile.nodes`. */
export const ALLOC_NODE_FIELDS = 4;

/** A function on an allocation stack: name, script URL, 1-based line and column (0 = unknown). */
const allocFrame = z.tuple([text, text, z.number().int().min(0), z.number().int().min(0)]);

/**
 * V8's sampling heap profile of the program's live memory, in the compact form the probe sends
 * (sandbox/probe.mjs, `compactProfile`): a frame table and one flat row per call-tree node,
 * parents before children. `nodes` holds ALLOC_NODE_FIELDS numbers per node: parent node (-1 for
 * the root), frame, live bytes allocated there (V8's estimate, scaled from its samples) and
 * samples. No object counts: the inspector reports each sample as size × V8's scaled count, from
 * which the object size, and so the count, cannot be told apart (32 × 1025 and 40 × 820 are
 * both 32800 bytes at a 32 KiB interval). The probe's own allocations
 * are left out.
 */
export const allocProfileSchema = z.object({
  /** Set when the runner asked for this profile (`take-alloc-profile`); absent for the periodic ones. */
  requestId: text.optional(),
  /** The program's clock when the profile was taken. */
  atMs: z.number(),
  /** The sampling interval: on average one sample per this many bytes allocated. */
  intervalBytes: z.number().positive(),
  frames: z.array(allocFrame).max(MAX_ALLOC_FRAMES),
  nodes: z.array(z.number().min(-1)).max(MAX_ALLOC_NODES * ALLOC_NODE_FIELDS),
  /** Live bytes of the smallest call paths left out to stay within MAX_ALLOC_NODES. */
  droppedBytes: z.number().min(0),
}).superRefine((p, ctx) => {
  // Checked here, once at the edge, so that the analyzer can walk the rows without checks.
  if (p.nodes.length % ALLOC_NODE_FIELDS !== 0) {
    ctx.addIssue({ code: 'custom', path: ['nodes'], message: `holds ${p.nodes.length} numbers, not a multiple of ${ALLOC_NODE_FIELDS}` });
    return;
  }
  for (let n = 0; n < p.nodes.length / ALLOC_NODE_FIELDS; n++) {
    const [parent, frame] = [p.nodes[n * ALLOC_NODE_FIELDS], p.nodes[n * ALLOC_NODE_FIELDS + 1]];
    const isRoot = n === 0 ? parent === -1 : Number.isInteger(parent) && parent >= 0 && parent < n;
    if (!isRoot || !Number.isInteger(frame) || frame < 0 || frame >= p.frames.length) {
      ctx.addIssue({ code: 'custom', path: ['nodes', n * ALLOC_NODE_FIELDS], message: `node ${n} has parent ${parent} and frame ${frame}: a node's parent comes before it and its frame is in the table` });
      return;
    }
  }
});
export type AllocProfile = z.infer<typeof allocProfileSchema>;

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
  allocProfileSchema.safeExtend({ type: z.literal('alloc-profile') }),
  /** Allocation sites were asked for and cannot be had in this process (no inspector, the permission model). */
  z.object({ type: z.literal('alloc-sites-unavailable'), reason: text }),
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
  /** Send the sampling heap profile now (answered by an `alloc-profile` with this requestId). */
  z.object({ type: z.literal('take-alloc-profile'), requestId: text }),
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
