import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { estimateCapture, planCapture } from './capture-plan.ts';
import { parseProbeMessage, type ProbeCommand, type ProbeMessage } from '../protocol/probe-messages.ts';
import type { ExitReason, RunEvent } from '../protocol/run-events.ts';
import { unreachable } from '../protocol/unreachable.ts';
import type { RunCaps, RunPlan } from './run-plan.ts';
import type { ProbeEvents } from './probe-events.ts';

const LOOP_BLOCKED_AFTER_MS = 3000;
/** The probe samples five times a second: one that said nothing for a second was not running then. */
const PROBE_ALIVE_WITHIN_MS = 1000;
/** The probe sends five a second; more means someone else is posting on its channel. */
const MAX_SAMPLES_PER_SEC = 20;
/** Allocation profiles come every few seconds, or when asked; more than this is not the probe. */
const MAX_ALLOC_PROFILES_PER_SEC = 4;

/** A snapshot written by this run's probe, served to the page that asked for it. */
export interface RunSnapshot { snapshotId: string; file: string; sizeBytes: number }

/** What the probe channel needs of the run it belongs to. */
export interface ProbeChannelHost {
  readonly plan: RunPlan;
  readonly caps: RunCaps;
  /** The run's translation of probe reports into events (and its clock origin). */
  readonly events: ProbeEvents;
  /** Passes an event on while the run is live. */
  emit(event: RunEvent): void;
  /** A notice for the terminal; the run drops it once it has ended. */
  notice(level: 'info' | 'warn' | 'error', code: string, text: string): void;
  /** Ends the run: a sample showed memory over the off-heap cap. */
  stop(reason: ExitReason): void;
  /**
   * The program (or, for all the channel can tell, something posing as the probe) says it listens
   * on this TCP port. The host decides whether to believe it (LoadTarget: only for the user's own
   * programs).
   */
  listening(port: number): void;
}

/**
 * The runner's side of one run's probe IPC channel: passes the probe's reports on as RunEvents
 * (worded by ProbeEvents), asks for heap snapshots and checks what comes back, and notices when
 * the probe falls silent. The learner's program shares the channel, so each message is parsed,
 * and its meaning checked here.
 */
export class ProbeChannel {
  readonly snapshots = new Map<string, RunSnapshot>();
  private readonly host: ProbeChannelHost;
  private lastProbeAtMs = 0;
  /** Why the probe is quiet, once the watchdog has said so: the program's loop, or V8 writing a snapshot. */
  private quiet: 'loop' | 'snapshot' | null = null;
  /** The snapshot the runner asked for, and the file it told the probe to write. */
  private pendingSnapshot: { snapshotId: string; file: string; requestedAtMs: number } | null = null;
  /** Said once per run: later messages that are not the probe's are dropped without a word. */
  private hasSaidBadMessage = false;
  /** Samples accepted in the current second; a program posting fake ones is capped. */
  private sampleWindow = { startMs: 0, count: 0 };
  private allocProfileWindow = { startMs: 0, count: 0 };
  /** Allocation profiles asked for and not yet answered, by request id. */
  private readonly pendingAllocProfiles = new Set<string>();
  private allocRequestCount = 0;
  /** The latest sample's heap and rss: what the capture planner judges a snapshot by. */
  private lastMemory: { heapUsedBytes: number; rssBytes: number } | null = null;
  /**
   * Room above the run's memory cap for a snapshot V8 writes by itself near the heap limit
   * (`--heapsnapshot-near-heap-limit`): without it the cap would end the run for the very
   * snapshot it was told to write.
   */
  private nearLimitRoomBytes = 0;
  /** rss when the last snapshot was asked for, until the first sample after it says what it left. */
  private rssBeforeSnapshot: number | null = null;
  private isRssAfterSnapshotDue = false;
  /** The most an earlier snapshot left in the process: the next one reuses it (CaptureRoom.reusableBytes). */
  private reusableBytes = 0;

  constructor(host: ProbeChannelHost) {
    this.host = host;
  }

  /**
   * Asks the probe for a heap snapshot; answered by `snapshot-ready` or `snapshot-failed`.
   * `child` is null when there is no live program to ask (not spawned yet, or the run ended).
   */
  requestSnapshot(child: ChildProcess | null): void {
    const { plan } = this.host;
    if (!child || !this.host.events.hasStarted) return this.host.emit({ type: 'snapshot-failed', reason: 'The program is not running yet.' });
    if (this.pendingSnapshot) return this.host.emit({ type: 'snapshot-failed', reason: 'A snapshot is already being written.' });
    if (this.lastMemory) {
      const capture = planCapture({
        ...this.lastMemory, rssCapBytes: this.rssCapBytes(), machineFreeBytes: os.freemem(),
        maxSnapshotBytes: this.host.caps.maxSnapshotBytes, hasAllocSites: plan.allocSites !== null, reusableBytes: this.reusableBytes,
      });
      if (!capture.ok) return this.host.emit({ type: 'snapshot-failed', reason: capture.reason });
    }
    this.rssBeforeSnapshot = this.lastMemory?.rssBytes ?? null;
    if (this.quiet === 'loop') {
      // The probe writes snapshots between two turns of the event loop; a loop that never yields never gets there.
      return this.host.emit({ type: 'snapshot-failed', reason: 'The event loop is blocked, so the probe cannot write a snapshot: it runs between two turns of the loop. Stop the run, or wait until the program yields.' });
    }
    const snapshotId = `s${this.snapshots.size + 1}-${randomUUID().slice(0, 8)}`;
    const file = path.join(plan.snapshotDir, `${snapshotId}.heapsnapshot`);
    this.pendingSnapshot = { snapshotId, file, requestedAtMs: Date.now() };
    const estimate = this.lastMemory ? estimateCapture(this.lastMemory.heapUsedBytes) : undefined;
    this.host.emit({ type: 'snapshot-progress', phase: 'writing', ...(estimate && { estimate }) });
    const command: ProbeCommand = { type: 'take-snapshot', requestId: snapshotId, file };
    child.send(command);
  }

  /**
   * Asks the probe for its sampling heap profile now (allocation sites on); answered by an
   * `alloc-profile` run event whose profile carries the returned request id, or by nothing when
   * the program has no allocation sites or no live probe (the caller times out).
   */
  requestAllocProfile(child: ChildProcess | null): string | null {
    if (!child || !this.host.events.hasStarted || !this.host.plan.allocSites) return null;
    const requestId = `a${++this.allocRequestCount}`;
    this.pendingAllocProfiles.add(requestId);
    const command: ProbeCommand = { type: 'take-alloc-profile', requestId };
    child.send(command);
    return requestId;
  }

  /**
   * Handles one message from the child's IPC channel. Anything of the wrong shape is dropped; the
   * first such message is named in a notice (a program of the user's own may use process.send for
   * its own ends), and the rest are dropped quietly, so a program posting in a loop cannot flood
   * the terminal.
   */
  receive(raw: unknown): void {
    const parsed = parseProbeMessage(raw);
    if (!parsed.ok) {
      if (this.hasSaidBadMessage) return;
      this.hasSaidBadMessage = true;
      return this.host.notice('warn', 'bad-probe-message', `The program sent a message on the probe's IPC channel that is not the probe's (${parsed.problem}); ignored it, and will ignore any more like it.`);
    }
    const msg = parsed.value;
    const { plan, caps, events } = this.host;
    this.lastProbeAtMs = Date.now();
    if (this.quiet === 'loop') this.host.notice('info', 'loop-unblocked', 'The event loop is running again.');
    this.quiet = null;
    switch (msg.type) {
      case 'hello': {
        const started = events.started(msg, 'v8');
        if (started) {
          this.host.emit(started);
          this.planNearLimitSnapshot();
        }
        return;
      }
      case 'sample':
        if (this.isOverSampleRate()) return;
        this.lastMemory = { heapUsedBytes: msg.sample.heapUsedBytes, rssBytes: msg.sample.rssBytes };
        if (this.isRssAfterSnapshotDue && this.rssBeforeSnapshot !== null) {
          this.reusableBytes = Math.max(this.reusableBytes, msg.sample.rssBytes - this.rssBeforeSnapshot);
          this.isRssAfterSnapshotDue = false;
        }
        if (msg.sample.rssBytes > this.rssCapBytes()) this.host.stop('rss-cap');
        return this.host.emit(events.fromProbe(msg)!);
      case 'floor':
      case 'failed':
        return this.host.emit(events.fromProbe(msg)!);
      case 'snapshot-written':
        return this.onSnapshotWritten(msg);
      case 'snapshot-refused':
        if (msg.requestId !== this.pendingSnapshot?.snapshotId) return;
        this.pendingSnapshot = null;
        this.isRssAfterSnapshotDue = true;
        return this.host.emit({ type: 'snapshot-failed', reason: msg.reason });
      case 'listening':
        return this.host.listening(msg.port);
      case 'calibration':
        return; // asked for on the framed channel only (sandbox/probe.mjs)
      case 'alloc-profile':
        // A request id the runner did not hand out is not the probe's answer: drop the id.
        if (msg.requestId !== undefined && !this.pendingAllocProfiles.delete(msg.requestId)) delete msg.requestId;
        if (!this.host.plan.allocSites || this.isOverRate(this.allocProfileWindow, MAX_ALLOC_PROFILES_PER_SEC)) return;
        return this.host.emit(events.fromProbe(msg)!);
      case 'alloc-sites-unavailable':
        return this.host.emit(events.fromProbe(msg)!);
      default:
        return unreachable(msg);
    }
  }

  /**
   * Called by the run's watchdog: says once that the probe went quiet after its hello. Quiet
   * after a snapshot was asked of a probe that was still answering is V8 writing it: the whole
   * program pauses for that (seconds, for a big heap), which is not the program's fault.
   */
  checkSilence(): void {
    const sinceProbeMs = Date.now() - this.lastProbeAtMs;
    if (!this.host.events.hasStarted || this.quiet || sinceProbeMs <= LOOP_BLOCKED_AFTER_MS) return;
    const pending = this.pendingSnapshot;
    if (pending && this.lastProbeAtMs >= pending.requestedAtMs - PROBE_ALIVE_WITHIN_MS) {
      this.quiet = 'snapshot';
      this.host.notice('info', 'snapshot-writing', 'Writing the heap snapshot: V8 pauses the program until it is written, so no samples or requests for now. A big heap takes a while.');
      return;
    }
    this.quiet = 'loop';
    this.host.notice('warn', 'loop-blocked', `The event loop has been blocked for ${(sinceProbeMs / 1000).toFixed(0)} s: no samples arrive. A loop that never yields? The wall-time cap (${this.host.caps.wallTimeMs / 1000} s) will end it, or press Stop.`);
  }

  private onSnapshotWritten(msg: Extract<ProbeMessage, { type: 'snapshot-written' }>): void {
    const { caps, events: { runId } } = this.host;
    // Only the snapshot we asked for, at the path we chose: the program could post this message
    // itself, naming any file it likes, and the server would then hand that file to the page.
    const expected = this.pendingSnapshot;
    if (!expected || msg.requestId !== expected.snapshotId || msg.file !== expected.file) return;
    this.pendingSnapshot = null;
    this.isRssAfterSnapshotDue = true;
    if (msg.sizeBytes > caps.maxSnapshotBytes) {
      return this.host.emit({ type: 'snapshot-failed', reason: `The snapshot is ${(msg.sizeBytes / 1048576).toFixed(0)} MiB, over the ${(caps.maxSnapshotBytes / 1048576).toFixed(0)} MiB cap.` });
    }
    this.snapshots.set(msg.requestId, { snapshotId: msg.requestId, file: expected.file, sizeBytes: msg.sizeBytes });
    this.host.emit({
      type: 'snapshot-ready',
      snapshot: { snapshotId: msg.requestId, url: `/snapshots/${runId}/${msg.requestId}`, sizeBytes: msg.sizeBytes, atMs: msg.atMs, heapUsedBytes: msg.heapUsedBytes },
    });
  }

  /** The rss past which the run is ended: the heap cap, the room outside it, and any near-limit snapshot's room. */
  private rssCapBytes(): number {
    const { plan, caps } = this.host;
    return plan.heapCapMiB * 1048576 + caps.offHeapBytes + this.nearLimitRoomBytes;
  }

  /**
   * A run with `--heapsnapshot-near-heap-limit` has V8 write a snapshot of a nearly full heap
   * (lesson 12): the planner's estimate at the heap cap is the room the run gets above its
   * memory cap for it, when the machine has that much free; when it has not, the run is told
   * now rather than killed mid-write later.
   */
  private planNearLimitSnapshot(): void {
    const { plan } = this.host;
    if (!plan.nodeFlags.some((f) => f.startsWith('--heapsnapshot-near-heap-limit='))) return;
    const estimate = estimateCapture(plan.heapCapMiB * 1048576);
    const freeBytes = os.freemem();
    const mib = (bytes: number): number => Math.round(bytes / 1048576);
    if (estimate.extraMemoryBytes <= freeBytes) {
      this.nearLimitRoomBytes = estimate.extraMemoryBytes;
      this.host.notice('info', 'near-limit-snapshot', `--heapsnapshot-near-heap-limit: near the ${plan.heapCapMiB} MiB heap cap, V8 writes a snapshot of about ${mib(estimate.sizeBytes)} MiB, needing about ${mib(estimate.extraMemoryBytes)} MiB more memory while it writes; the run's memory cap leaves that room.`);
    } else {
      this.host.notice('warn', 'near-limit-snapshot', `--heapsnapshot-near-heap-limit: near the ${plan.heapCapMiB} MiB heap cap, V8 would need about ${mib(estimate.extraMemoryBytes)} MiB more memory to write its snapshot, and this machine has ${mib(freeBytes)} MiB free: the program could be killed mid-write. Run with a smaller --heap-cap (the leak reaches it sooner, with a smaller snapshot), or read the allocation sites instead.`);
    }
  }

  private isOverSampleRate(): boolean {
    return this.isOverRate(this.sampleWindow, MAX_SAMPLES_PER_SEC);
  }

  private isOverRate(window: { startMs: number; count: number }, maxPerSec: number): boolean {
    const now = Date.now();
    if (now - window.startMs >= 1000) { window.startMs = now; window.count = 0; }
    return ++window.count > maxPerSec;
  }
}
