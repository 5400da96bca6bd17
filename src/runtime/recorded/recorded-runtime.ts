import type { ProgramSpec } from '../../protocol/program.ts';
import type { RunEvent } from '../../protocol/run-events.ts';
import type { Runtime, RuntimeCapabilities, RunEventListener } from '../runtime.ts';
import type { LessonRecording, VariantRecording } from './recording.ts';
import { RunEventHub } from '../run-event-hub.ts';

export type RecordingLoader = (lessonSlug: string) => Promise<LessonRecording>;

export interface RecordedRuntimeOptions {
  /** 1 = as recorded; 4 = four times faster. */
  speed?: number;
  /** Why the page shows a recording rather than a live run; shown in the banner. */
  reason?: string;
}

const SNAPSHOT_REASON = 'A recording has no live heap to snapshot; the comparison of two snapshots taken on real Node is printed at the end of the replay.';
let replayCount = 0;

/**
 * Replays runs recorded on real Node (`npm run record`) as the RunEvents a live run would send,
 * with `figuresAre: 'recorded'`. It runs no code: an edited program cannot be replayed, only the
 * lesson's own leaky.js and fixed.js. `start` resolves once `started` was sent.
 */
export class RecordedRuntime implements Runtime {
  readonly kind = 'recorded' as const;
  readonly capabilities: RuntimeCapabilities;
  readonly #load: RecordingLoader;
  readonly #speed: number;
  readonly #events = new RunEventHub();
  #live: { runId: string; timers: ReturnType<typeof setTimeout>[]; finish: (event: Extract<RunEvent, { type: 'exited' }>) => void } | null = null;
  #isDisposed = false;

  constructor(load: RecordingLoader, options: RecordedRuntimeOptions = {}) {
    this.#load = load;
    this.#speed = Math.min(50, Math.max(0.25, options.speed ?? 1));
    // One reason serves the banner (why a recording) and the snapshot button (why no snapshots).
    const why = options.reason ?? 'This page replays recordings of real Node runs.';
    this.capabilities = { realV8Figures: true, snapshots: false, runsCode: false, reason: `${why} A recording runs no code, so edits and new heap snapshots need a live runtime; the recorded snapshot comparison is printed when the replay ends.` };
  }

  onEvent(listener: RunEventListener): () => void {
    return this.#events.on(listener);
  }

  async start(program: ProgramSpec): Promise<void> {
    this.#end('replaced');
    if (this.#isDisposed) return this.#fail('runtime-disposed', 'This runtime was closed; reload the page.');
    if (program.variant === 'custom') {
      return this.#fail('recording-only', 'Your edited program cannot run here: this page only replays recordings of the lesson\u2019s own leaky.js and fixed.js. Press Reset or Show fix to replay one, or run Leak Lab locally (`npm start`) to run your edit.');
    }
    if (!program.lessonSlug) return this.#fail('recording-missing', 'Only lesson programs have recordings.');
    let recording: LessonRecording;
    try {
      recording = await this.#load(program.lessonSlug);
    } catch (err) {
      return this.#fail('recording-missing', `No recording to replay: ${err instanceof Error ? err.message : String(err)}`);
    }
    const variant = recording.variants[program.variant];
    if (!variant) return this.#fail('recording-missing', `There is no recording of ${program.variant}.js for ${program.lessonSlug}; run \`npm run record ${program.lessonSlug}\`.`);
    if (this.#isDisposed) return;
    this.#end('replaced'); // a second start may have begun while this one loaded
    this.#replay(recording, variant, program.variant);
  }

  stop(): void {
    this.#end('stopped');
  }

  requestSnapshot(): void {
    this.#emit({ type: 'snapshot-failed', reason: SNAPSHOT_REASON });
  }

  async fetchSnapshot(url: string): Promise<Blob> {
    throw new Error(`No snapshot at ${url}: ${SNAPSHOT_REASON}`);
  }

  dispose(): void {
    this.#end('disconnected');
    this.#isDisposed = true;
    this.#events.clear();
  }

  #replay(recording: LessonRecording, v: VariantRecording, variant: 'leaky' | 'fixed'): void {
    const runId = `recorded-${++replayCount}`;
    const timers: ReturnType<typeof setTimeout>[] = [];
    const live = { runId, timers, finish: (event: Extract<RunEvent, { type: 'exited' }>) => { this.#live = null; this.#emit(event); } };
    this.#live = live;
    this.#emit({ type: 'started', runId, pid: 0, nodeVersion: recording.nodeVersion, heapLimitBytes: v.heapLimitBytes, figuresAre: 'recorded' });
    const speed = this.#speed === 1 ? '' : ` at ${this.#speed}\u00d7 speed`;
    this.#emit({ type: 'notice', level: 'info', code: 'recording', text: `Replaying a recording of ${variant}.js made on Node ${recording.nodeVersion} (${recording.recordedAt.slice(0, 10)})${speed}. Nothing runs; these are real V8 figures from that run.` });

    // `satisfies`, not a cast: a recording whose shape drifted from RunEvent fails to compile.
    const timeline: { atMs: number; event: RunEvent }[] = [
      ...v.output.map((o) => ({ atMs: o.atMs, event: { type: 'output', stream: o.stream, text: o.text } satisfies RunEvent })),
      ...v.samples.map(({ activeHandles, ...sample }) => ({ atMs: sample.atMs, event: { type: 'sample', sample, activeHandles } satisfies RunEvent })),
      ...v.floors.map((floor) => ({ atMs: floor.atMs, event: { type: 'floor', floor } satisfies RunEvent })),
      ...v.load.map((l) => ({ atMs: l.atMs, event: { type: 'load', ...l } satisfies RunEvent })),
    ].sort((a, b) => a.atMs - b.atMs);
    const endMs = timeline.length ? timeline[timeline.length - 1].atMs : 0;
    // Batches per 50 ms of replay time: one timer per batch, not per event.
    const batches = new Map<number, RunEvent[]>();
    for (const item of timeline) {
      const slot = Math.floor(item.atMs / this.#speed / 50) * 50;
      batches.set(slot, [...(batches.get(slot) ?? []), item.event]);
    }
    for (const [slot, events] of batches) {
      timers.push(setTimeout(() => { if (this.#live === live) for (const e of events) this.#emit(e); }, slot));
    }
    timers.push(setTimeout(() => {
      if (this.#live !== live) return;
      this.#emit({ type: 'notice', level: 'info', code: 'recorded-verdict', text: `Recorded verdict: ${v.verdict.verdict} (${v.verdict.figure}). ${v.verdict.reason}` });
      this.#emit({ type: 'notice', level: 'info', code: 'recorded-diff', text: describeDiff(v) });
      live.finish({ type: 'exited', runId, reason: v.exit.reason, code: v.exit.code, signal: v.exit.signal, message: v.exit.message || 'End of the recording.' });
    }, endMs / this.#speed + 60));
  }

  #end(reason: 'stopped' | 'replaced' | 'disconnected'): void {
    const live = this.#live;
    if (!live) return;
    for (const t of live.timers) clearTimeout(t);
    live.finish({ type: 'exited', runId: live.runId, reason, code: null, signal: null, message: '' });
  }

  #fail(code: string, text: string): void {
    this.#events.failStart(code, text);
  }

  #emit(event: RunEvent): void {
    this.#events.emit(event);
  }
}

/** The recorded snapshot comparison as terminal text: the classes that grew most. */
export function describeDiff(v: VariantRecording): string {
  if (!v.diff) return `No snapshot comparison was recorded${v.diffMissingReason ? `: ${v.diffMissingReason}` : '.'}`;
  const rows = v.diff.classes.slice(0, 5).map((c) => `  ${c.name}: ${c.countDelta >= 0 ? '+' : ''}${c.countDelta} objects, ${(c.addedRetainedSize / 1024).toFixed(0)} kB retained by the added ones`);
  return ['Recorded snapshot comparison (after warm-up vs the end), top classes:', ...rows].join('\n');
}
