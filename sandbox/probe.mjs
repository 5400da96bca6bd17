// @ts-check
// Leak Lab probe: preloaded into the learner's program with `node --import`.
//
// It reports memory figures to the runner over the IPC channel (never stdout/stderr, which belong
// to the program), marks the post-GC floor, and writes heap snapshots on request. It must not
// grow the heap it measures: no buffers that grow, no per-sample closures kept, timers unref'd so
// a program that ends by itself still ends. Plain JavaScript so it runs on any Node and in a
// WebContainer. Messages are `ProbeMessage` / `ProbeCommand` from src/protocol/probe-messages.ts;
// tsc checks what this file posts against those types (JSDoc below, `checkJs` in tsconfig).
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import v8 from 'node:v8';
import fs from 'node:fs';
import { FRAME_END, FRAME_START } from './frame-markers.mjs';

/** @typedef {import('../src/protocol/probe-messages.ts').ProbeMessage} ProbeMessage */
/** @typedef {import('../src/protocol/probe-messages.ts').ProbeCommand} ProbeCommand */
/** @typedef {import('../src/protocol/probe-messages.ts').CalibrationReading} CalibrationReading */
/** @typedef {import('../src/protocol/probe-messages.ts').AllocProfile} AllocProfile */

const SAMPLE_INTERVAL_MS = Number(process.env.LEAKLAB_SAMPLE_MS) || 200;
const FLOOR_INTERVAL_MS = 1000;
// A snapshot needs roughly as much memory again as the heap it describes.
const SNAPSHOT_HEADROOM_RATIO = 0.45;

// Two channels, never both: Node IPC when the runner gave us one (the local runner; unchanged),
// else, when asked with LEAKLAB_PROBE_CHANNEL=frames, framed records on stdout for runtimes that
// have no IPC and merge stdout with stderr (WebContainer). A frame is
// FRAME_START + JSON + FRAME_END; the page strips them from the program's output
// (src/runtime/webcontainer/frame-parser.ts); the markers are in ./frame-markers.mjs.
const ipcSend = typeof process.send === 'function' ? process.send.bind(process) : null;
const isFramed = ipcSend === null && process.env.LEAKLAB_PROBE_CHANNEL === 'frames';
const send = ipcSend ?? (isFramed ? sendFrame : null);

/** @param {ProbeMessage} message */
function sendFrame(message) {
  process.stdout.write(FRAME_START + JSON.stringify(message) + FRAME_END);
}
const forceGc = typeof globalThis.gc === 'function' ? globalThis.gc : null;
// V8 frees dead ArrayBuffers (Buffers) on a background thread after a GC, and `external` counts
// them until that sweep is done, so a floor read right after a GC could include tens of MB of
// dead Buffers (seen: 4 to 73 MB, at random, for a server that keeps none, on a busy machine).
// Sweeping them inside the GC pause makes every floor's `external` and `arrayBuffers` exact; it
// costs a slightly longer pause. The flag is in Node 20 and 24 (V8 11.3, 13.6); checked there.
if (forceGc && typeof v8.setFlagsFromString === 'function') v8.setFlagsFromString('--no-concurrent-array-buffer-sweeping');
const startedAt = performance.now();
let lastMajorGcAt = -Infinity;
// The window of the probe's own forced GC, so the observer does not report it a second time.
let forcedGcStart = -1;
let forcedGcEnd = -1;
let channelOpen = send !== null;

/** @param {ProbeMessage} message */
function post(message) {
  if (!channelOpen || !send) return;
  try {
    send(message);
  } catch (err) {
    // The runner went away (ERR_IPC_CHANNEL_CLOSED): stop reporting, let the program carry on.
    if (/** @type {NodeJS.ErrnoException} */ (err)?.code === 'ERR_IPC_CHANNEL_CLOSED') channelOpen = false;
    else throw err;
  }
}

function nowMs() {
  return Math.round(performance.now() - startedAt);
}

function activeHandles() {
  // Timers, sockets and servers the event loop still waits on; minus the probe's own two timers.
  // A stand-in runtime may lack the call; 0 there rather than a crash of the learner's program.
  if (typeof process.getActiveResourcesInfo !== 'function') return 0;
  return Math.max(0, process.getActiveResourcesInfo().length - 2);
}

// Calibration (framed channel only): do this runtime's figures follow a known allocation? Allocate
// CALIBRATION_BYTES of heap, measure, drop it, collect, measure again. The page judges the figures
// (src/runtime/webcontainer/calibration.ts); real V8 follows within a few per cent, a stand-in
// does not. Runs before the program is loaded, so none of the program's memory is in it.
const CALIBRATION_BYTES = 32 * 1048576;

/** @returns {Promise<CalibrationReading>} */
async function calibrate() {
  const heapUsed = () => {
    try {
      return process.memoryUsage().heapUsed;
    } catch (err) {
      return Number.NaN; // a runtime without the call: the page reports the figures as unavailable
    }
  };
  const gc = await calibrationGc();
  const collect = async () => {
    if (gc) gc();
    // Without gc() give the runtime's own collector a moment and a little pressure.
    else for (let i = 0; i < 5; i++) { new Array(100_000).fill(i); await new Promise((r) => setTimeout(r, 60)); }
  };
  await collect();
  const beforeBytes = heapUsed();
  // One double per 8 bytes, in a holey-double array V8 stores flat: a heap allocation of known size.
  /** @type {number[] | null} */
  let block = new Array(CALIBRATION_BYTES / 8).fill(0.5);
  const allocatedBytesSeen = heapUsed() - beforeBytes;
  block[block.length - 1] = 1.5; // keep the block live until the measurement above
  block = null;
  await collect();
  const afterFreeBytes = heapUsed();
  // NaN (no figure) goes out as JSON's null, which is what CalibrationReading says for it.
  return { allocatedBytes: CALIBRATION_BYTES, beforeBytes, afterAllocBytes: beforeBytes + allocatedBytesSeen, afterFreeBytes, hasGc: gc !== null };
}

// Without --expose-gc (a runtime that ignores the flag), V8 still hands out gc() to a new
// context once the flag is set at run time; without a real collection a busy machine may not
// free the block in time and real figures would look approximate.
async function calibrationGc() {
  if (forceGc) return forceGc;
  try {
    v8.setFlagsFromString('--expose-gc');
    const { runInNewContext } = await import('node:vm');
    const gc = runInNewContext('gc');
    return typeof gc === 'function' ? gc : null;
  } catch {
    // A stand-in without flags or vm (any error here means that): calibrate with allocation pressure alone.
    return null;
  }
}

if (isFramed && process.env.LEAKLAB_CALIBRATE === '1') {
  try {
    post({ type: 'calibration', ...(await calibrate()) });
  } catch (err) {
    post({ type: 'failed', message: `Calibration failed: ${err instanceof Error ? err.message : String(err)}` });
  }
}

/** @param {boolean} isForced */
function floorNow(isForced) {
  const mem = process.memoryUsage();
  post({
    type: 'floor',
    floor: { atMs: nowMs(), heapUsedBytes: mem.heapUsed, externalBytes: mem.external, arrayBuffersBytes: mem.arrayBuffers, isForced },
  });
}

if (send) {
  post({
    type: 'hello',
    pid: process.pid,
    nodeVersion: process.version,
    heapLimitBytes: v8.getHeapStatistics().heap_size_limit,
    startedAtEpochMs: Date.now(),
  });

  const sampleTimer = setInterval(() => {
    const mem = process.memoryUsage();
    post({
      type: 'sample',
      sample: {
        atMs: nowMs(),
        heapUsedBytes: mem.heapUsed,
        heapTotalBytes: mem.heapTotal,
        rssBytes: mem.rss,
        externalBytes: mem.external,
        arrayBuffersBytes: mem.arrayBuffers,
      },
      activeHandles: activeHandles(),
    });
  }, SAMPLE_INTERVAL_MS);
  sampleTimer.unref();

  // Major GCs the program triggers on its own mark the floor as they happen.
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const isOurs = entry.startTime >= forcedGcStart && entry.startTime <= forcedGcEnd;
      const detail = /** @type {{ kind?: number } | undefined} */ (/** @type {{ detail?: unknown }} */ (entry).detail);
      if (detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR && !isOurs) {
        lastMajorGcAt = performance.now();
        floorNow(false);
      }
    }
  });
  try {
    gcObserver.observe({ entryTypes: ['gc'] });
  } catch (err) {
    // A stand-in runtime without GC entries: the forced floors below still mark the floor.
    if (!isFramed) throw err;
  }

  // When none happened for a second, force one, so a floor is known at least once a second.
  const floorTimer = setInterval(() => {
    if (!forceGc || performance.now() - lastMajorGcAt < FLOOR_INTERVAL_MS) return;
    forcedGcStart = performance.now();
    forceGc();
    forcedGcEnd = lastMajorGcAt = performance.now();
    floorNow(true);
  }, FLOOR_INTERVAL_MS / 4);
  floorTimer.unref();

  // The framed channel has no way back: snapshots are refused by the page, never asked for here.
  // The runner is the only sender on this side of the channel; the shape is still checked
  // before use, since a bad command must not crash the learner's program.
  if (!isFramed) process.on('message', (/** @type {unknown} */ raw) => {
    const command = /** @type {Partial<ProbeCommand> | null} */ (typeof raw === 'object' ? raw : null);
    if (command?.type === 'take-alloc-profile' && typeof command.requestId === 'string') return allocSites?.send(command.requestId);
    if (command?.type !== 'take-snapshot' || typeof command.requestId !== 'string' || typeof command.file !== 'string') return;
    takeSnapshot(command.requestId, command.file);
  });
  // The IPC channel must not keep a program alive that would otherwise end.
  process.channel?.unref();
}

// The TCP ports the program's servers listen on, so the runner can aim the load at a server that
// ignores process.env.PORT. Node's own tracing channel (no patching of net): on a Node without
// 'net.server.listen' it simply never fires and the load stays on PORT. IPC only: the framed
// channel runs lessons, whose load never follows the program (src/runner/load-target.ts).
// Kept in a module-level binding so the subscribed channel lives as long as the program.
const listenChannel = ipcSend ? await listenTracingChannel() : null;
listenChannel?.subscribe({
  start() {},
  end() {},
  asyncStart() {},
  asyncEnd(message) {
    const server = /** @type {{ server?: import('node:net').Server }} */ (message).server;
    const address = server?.address();
    // A pipe or unix socket is a string; null if the server closed before we looked.
    if (address && typeof address === 'object' && Number.isInteger(address.port)) post({ type: 'listening', port: address.port });
  },
  error() {},
});

async function listenTracingChannel() {
  const dc = await import('node:diagnostics_channel');
  return typeof dc.tracingChannel === 'function' ? dc.tracingChannel('net.server.listen') : null;
}

// The old-space cap the program runs under; V8's heap_size_limit adds the young generation,
// which a full heap cannot borrow from, so the cap is the figure that predicts the crash.
const oldSpaceCapBytes = (() => {
  const flag = process.execArgv.find((a) => a.startsWith('--max-old-space-size='));
  return flag ? Number(flag.split('=')[1]) * 1048576 : v8.getHeapStatistics().heap_size_limit;
})();

/**
 * @param {string} requestId
 * @param {string} file
 */
function takeSnapshot(requestId, file) {
  const stats = v8.getHeapStatistics();
  if (stats.used_heap_size > oldSpaceCapBytes * SNAPSHOT_HEADROOM_RATIO) {
    const usedMiB = (stats.used_heap_size / 1048576).toFixed(0);
    const limitMiB = (oldSpaceCapBytes / 1048576).toFixed(0);
    post({
      type: 'snapshot-refused',
      requestId,
      reason: `The heap holds ${usedMiB} MiB of its ${limitMiB} MiB limit; writing a snapshot needs about as much again and would crash the program. Take snapshots earlier in the run, or raise the heap cap.`,
    });
    return;
  }
  try {
    const heapUsedBytes = process.memoryUsage().heapUsed;
    const atMs = nowMs();
    const written = v8.writeHeapSnapshot(file);
    post({ type: 'snapshot-written', requestId, file: written, sizeBytes: fs.statSync(written).size, atMs, heapUsedBytes });
  } catch (err) {
    post({ type: 'snapshot-refused', requestId, reason: `Writing the snapshot failed: ${err instanceof Error ? err.message : String(err)}` });
  }
}

// Stop is SIGTERM, then SIGKILL after a grace (src/runner/run-process.ts). SIGTERM's default
// action ends a process without running its exit path, so --heap-prof and --cpu-prof would write
// nothing. A program with no SIGTERM listener of its own is ended as Node would end it, but
// through process.exit (143 = 128 + SIGTERM); one that listens decides for itself. Registered
// before the program runs, so the program's own listeners come after this one and are counted.
// Local runner only (IPC): WebContainer's Stop is its own.
if (ipcSend) {
  process.on('SIGTERM', function probeSigterm() {
    if (process.listenerCount('SIGTERM') === 1) process.exit(143);
  });
}

// Allocation sites (LEAKLAB_ALLOC_SITES=<sampling interval in bytes>): V8's sampling heap
// profiler in this isolate, through an in-process inspector session. It keeps a stack for about
// one allocation per interval bytes, and forgets it when that object is collected, so a profile
// is the live memory by allocating stack; the runner compares two to find the stacks that grow.
// Its cost is one stack walk per sample and V8's own small tree (outside the JS heap); a profile
// is built only every LEAKLAB_ALLOC_PROFILE_MS, or when the runner asks, between two turns of the
// loop. Under the permission model the runner grants --allow-inspector only so that this session
// can connect, and the probe gives the grant back at once (process.permission.drop), before the
// program's code runs, so the program itself cannot open an inspector.
const allocIntervalBytes = Number(process.env.LEAKLAB_ALLOC_SITES) || 0;
const ALLOC_PROFILE_MS = Number(process.env.LEAKLAB_ALLOC_PROFILE_MS) || 5000;
const ALLOC_MAX_NODES = 20_000;
const allocSites = ipcSend && allocIntervalBytes > 0 ? await startAllocSites(allocIntervalBytes) : null;

/** @param {number} intervalBytes */
async function startAllocSites(intervalBytes) {
  const permission = /** @type {{ has(scope: string): boolean; drop?: (scope: string) => void } | undefined} */ (
    /** @type {{ permission?: unknown }} */ (process).permission);
  if (permission && (!permission.has('inspector') || typeof permission.drop !== 'function')) {
    post({ type: 'alloc-sites-unavailable', reason: permission.has('inspector')
      ? `Node ${process.version} cannot give back the inspector permission (process.permission.drop), so allocation sites stay off under the permission model.`
      : 'The permission model does not allow the inspector in this run (--allow-inspector), so there are no allocation sites.' });
    return null;
  }
  /** @type {import('node:inspector').Session} */
  let session;
  try {
    const inspector = await import('node:inspector');
    session = new inspector.Session();
    session.connect();
  } catch (err) {
    post({ type: 'alloc-sites-unavailable', reason: `The inspector could not be opened in the program (${err instanceof Error ? err.message : String(err)}), so there are no allocation sites.` });
    return null;
  } finally {
    permission?.drop?.('inspector');
  }
  // A session still connected when the process exits crashes Node at exit once the inspector
  // permission was dropped (Node 24: ERR_ACCESS_DENIED thrown without a HandleScope, a FATAL
  // ERROR). Disconnecting first, in the first 'exit' listener, ends it cleanly.
  process.on('exit', () => session.disconnect());
  const probeUrl = import.meta.url;
  /** @type {(method: string, params?: object) => any} */
  const call = (method, params) => {
    // The in-process session answers synchronously, inside post().
    let reply, failure;
    session.post(method, params ?? {}, (err, result) => { failure = err; reply = result; });
    if (failure) throw failure;
    return reply;
  };
  try {
    call('HeapProfiler.startSampling', { samplingInterval: intervalBytes });
  } catch (err) {
    session.disconnect();
    post({ type: 'alloc-sites-unavailable', reason: `V8's sampling heap profiler did not start (${err instanceof Error ? err.message : String(err)}).` });
    return null;
  }
  /** @param {string | undefined} requestId */
  const send = (requestId) => {
    try {
      // Collect first, so the profile holds what is alive rather than garbage not yet swept:
      // two profiles then differ by what the program kept. It is a floor like any forced one.
      if (forceGc) {
        forcedGcStart = performance.now();
        forceGc();
        forcedGcEnd = lastMajorGcAt = performance.now();
        floorNow(true);
      }
      const { profile } = call('HeapProfiler.getSamplingProfile');
      post({ type: 'alloc-profile', ...(requestId !== undefined && { requestId }), ...compactProfile(profile, intervalBytes, probeUrl) });
    } catch (err) {
      post({ type: 'failed', message: `Reading the sampling heap profile failed: ${err instanceof Error ? err.message : String(err)}` });
    }
  };
  setInterval(() => send(undefined), ALLOC_PROFILE_MS).unref();
  return { send };
}

/**
 * V8's profile (a tree of objects, plus one entry per live sample) as AllocProfile: a frame
 * table and flat rows, parents first, with each node's live bytes and samples.
 * Subtrees of the probe's own frames are left out. When the tree is larger than ALLOC_MAX_NODES,
 * the call paths holding the least are left out (a parent holds at least what its children
 * hold, so every kept node keeps its parent) and their bytes are counted in `droppedBytes`.
 * @param {any} profile
 * @param {number} intervalBytes
 * @param {string} probeUrl
 * @returns {Omit<AllocProfile, 'requestId'>}
 */
function compactProfile(profile, intervalBytes, probeUrl) {
  /** @type {Map<number, number>} samples by node id */
  const byNodeId = new Map();
  for (const sample of profile.samples ?? []) byNodeId.set(sample.nodeId, (byNodeId.get(sample.nodeId) ?? 0) + 1);
  // Pre-order with an explicit stack: a row per node, its parent's row before it.
  /** @type {{ node: any, parent: number, totalBytes: number }[]} */
  const rows = [];
  const stack = [{ node: profile.head, parent: -1 }];
  while (stack.length > 0) {
    const { node, parent } = /** @type {{ node: any, parent: number }} */ (stack.pop());
    if (node.callFrame.url === probeUrl) continue;
    const row = rows.length;
    rows.push({ node, parent, totalBytes: node.selfSize });
    const children = node.children ?? [];
    for (let k = children.length - 1; k >= 0; k--) stack.push({ node: children[k], parent: row });
  }
  for (let r = rows.length - 1; r > 0; r--) rows[rows[r].parent].totalBytes += rows[r].totalBytes;
  let keepAtLeast = 0;
  if (rows.length > ALLOC_MAX_NODES) keepAtLeast = rows.map((r) => r.totalBytes).sort((a, b) => b - a)[ALLOC_MAX_NODES - 1] + 1e-9;
  /** @type {[string, string, number, number][]} */
  const frames = [];
  /** @type {Map<string, number>} */
  const frameIds = new Map();
  /** @type {number[]} */
  const nodes = [];
  const newRow = new Int32Array(rows.length).fill(-1);
  let droppedBytes = 0;
  for (let r = 0; r < rows.length; r++) {
    const { node, parent } = rows[r];
    if (r > 0 && (rows[r].totalBytes < keepAtLeast || newRow[parent] === -1 || nodes.length / 4 >= ALLOC_MAX_NODES)) {
      if (newRow[parent] !== -1) droppedBytes += rows[r].totalBytes;
      continue;
    }
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const key = `${functionName}\0${url}\0${lineNumber}\0${columnNumber}`;
    let frame = frameIds.get(key);
    if (frame === undefined) {
      frame = frames.length;
      // V8's positions are 0-based, -1 when unknown; the protocol's are 1-based, 0 when unknown.
      frames.push([String(functionName).slice(0, 4095), String(url).slice(0, 4095), lineNumber + 1, columnNumber + 1]);
      frameIds.set(key, frame);
    }
    newRow[r] = nodes.length / 4;
    nodes.push(r === 0 ? -1 : newRow[parent], frame, node.selfSize, byNodeId.get(node.id) ?? 0);
  }
  return { atMs: nowMs(), intervalBytes, frames, nodes, droppedBytes };
}
