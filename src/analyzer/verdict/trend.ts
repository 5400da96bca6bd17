import type { Figure, FloorPoint, MemorySample } from '../../protocol/samples.ts';
import { combine } from './trend-combine.ts';
import { judgeFigure, type FigureJudgement, type LeakMemory } from './trend-figure.ts';
import type { TrendEvent } from './trend-events.ts';
import type { FigureVerdict, StoppedLeak, TrendVerdict, VerdictKind } from './trend-verdict.ts';
import { TrendStore } from './trend-store.ts';
import { TIMING, type VerdictUnit } from './trend-thresholds.ts';
import { judgedWindow, secondsSince, type JudgedWindow } from './trend-window.ts';

/**
 * The leak verdict: per figure, does the post-GC floor (or the handle count) keep rising under
 * load, surely, steadily and by at least a practical size? Pure TypeScript, shared by the page,
 * the local runner and the CLI. The rule is described in the README's "How the verdict works".
 */

export type { VerdictUnit };
export type { FigureVerdict, StoppedLeak, TrendVerdict, VerdictKind } from './trend-verdict.ts';

export interface TrendInput {
  samples: readonly MemorySample[];
  floors: readonly FloorPoint[];
  /** Active handles per sample time. */
  handles?: readonly { atMs: number; count: number }[];
  /** Cumulative requests done at atMs. */
  requests?: readonly { atMs: number; count: number }[];
  /** When heap snapshots were taken (program clock): the floor's fall at each is not the program's. */
  snapshotsAtMs?: readonly number[];
  primaryFigure?: Figure;
}

/** Judges a whole run: the same answer as a `TrendTracker` fed the same rows in time order. */
export function judgeTrend(input: TrendInput): TrendVerdict {
  const handles = new Map((input.handles ?? []).map((row) => [row.atMs, row.count]));
  const events: TrendEvent[] = [
    ...input.samples.map((sample): TrendEvent => ({ type: 'sample', sample, activeHandles: handles.get(sample.atMs) })),
    ...input.floors.map((floor): TrendEvent => ({ type: 'floor', floor })),
    ...(input.requests ?? []).map((row): TrendEvent => ({ type: 'requests', atMs: row.atMs, count: row.count })),
    ...(input.snapshotsAtMs ?? []).map((atMs): TrendEvent => ({ type: 'snapshot', atMs })),
  ];
  const timeOf = (e: TrendEvent): number => (e.type === 'sample' ? e.sample.atMs : e.type === 'floor' ? e.floor.atMs : e.atMs);
  events.sort((a, b) => timeOf(a) - timeOf(b));
  const tracker = new TrendTracker(input.primaryFigure ?? 'heapUsed');
  for (const event of events) tracker.add(event);
  return tracker.current();
}

/**
 * Checkpoints are where the verdict's memory (a leak seen, when it was decided) moves: one per
 * second of data, or one per 1/60 of the judged window when that is longer (at most 10 s), so a
 * watch of hours costs the same per second as a run of minutes.
 */
const CHECKPOINT_MS = 1000;
const CHECKPOINTS_PER_WINDOW = 60;
const MAX_CHECKPOINT_MS = 10_000;
/** A checkpoint is judged once data this much past it has arrived, so rows of other kinds a little late still count. */
const CHECKPOINT_LAG_MS = 500;

/**
 * Incremental verdict for the live page, the runner and the CLI. Rows of each kind must arrive
 * in time order (they do: one probe, one load driver). Memory is constant however long the run
 * (see TrendStore), and so is the work per second of data: one judgement per checkpoint, and
 * `current()` recomputes at most once per `TIMING.recomputeEveryMs` of new data, so it is cheap
 * to call every frame. Because memory moves only at checkpoints, a caller that asks once at the
 * end gets the answer one that asked every frame got.
 */
export class TrendTracker {
  readonly #core: VerdictCore;
  #computedAtMs = Number.NEGATIVE_INFINITY;
  #cached: TrendVerdict | null = null;

  constructor(primaryFigure: Figure = 'heapUsed') {
    this.#core = new VerdictCore(primaryFigure);
  }

  addSample(sample: MemorySample, activeHandles?: number): void {
    this.#core.store.addSample(sample, activeHandles);
    this.#core.advance();
  }

  addFloor(floor: FloorPoint): void {
    this.#core.store.addFloor(floor);
    this.#core.advance();
  }

  addRequests(atMs: number, count: number): void {
    this.#core.store.addRequests(atMs, count);
    this.#core.advance();
  }

  /** A heap snapshot was taken at `atMs` (program clock): the floor's fall that follows is the snapshot's. */
  addSnapshot(atMs: number): void {
    this.#core.store.addSnapshot(atMs);
    // A snapshot changes how falls already seen are read: the cached verdict may be stale.
    this.#cached = null;
  }

  add(event: TrendEvent): void {
    switch (event.type) {
      case 'sample': return this.addSample(event.sample, event.activeHandles);
      case 'floor': return this.addFloor(event.floor);
      case 'requests': return this.addRequests(event.atMs, event.count);
      case 'snapshot': return this.addSnapshot(event.atMs);
      default: return unreachableEvent(event);
    }
  }

  current(): TrendVerdict {
    const lastMs = this.#core.store.lastDataMs;
    if (this.#cached && lastMs - this.#computedAtMs < TIMING.recomputeEveryMs) return this.#cached;
    this.#cached = this.#core.verdictAt(lastMs);
    this.#computedAtMs = lastMs;
    return this.#cached;
  }
}

function unreachableEvent(event: never): never {
  throw new Error(`Unknown trend event ${JSON.stringify(event)}; expected sample, floor, requests or snapshot.`);
}

interface FigureMemory {
  leak: LeakMemory | null;
  stopped: LeakMemory | null;
  kind: VerdictKind;
  sinceMs: number;
}

/** The store plus what the verdict remembers between checkpoints. */
class VerdictCore {
  readonly store = new TrendStore({ pointCapacity: TIMING.pointCapacity, requestCapacity: TIMING.requestCapacity, warmupRequests: TIMING.warmupRequests });
  readonly #primary: Figure;
  readonly #memory = new Map<Figure, FigureMemory>();
  #overall: { kind: VerdictKind; sinceMs: number } = { kind: 'unknown', sinceMs: Number.NaN };
  #nextCheckpointMs = Number.NaN;

  constructor(primary: Figure) {
    this.#primary = primary;
  }

  /** Judges every checkpoint the data has passed, and moves the memory. */
  advance(): void {
    const { store } = this;
    if (Number.isNaN(this.#nextCheckpointMs)) {
      if (Number.isNaN(store.firstDataMs)) return;
      this.#nextCheckpointMs = store.firstDataMs + CHECKPOINT_MS;
    }
    while (this.#nextCheckpointMs + CHECKPOINT_LAG_MS <= store.lastDataMs) {
      const atMs = this.#nextCheckpointMs;
      const { judged, window } = this.#judgeAll(atMs);
      for (const j of judged) this.#remember(j, atMs);
      const overall = combine(judged, this.#primary, window, (figure) => this.#memory.get(figure)?.stopped ?? null).verdict;
      if (overall !== this.#overall.kind) this.#overall = { kind: overall, sinceMs: atMs };
      const spanMs = Math.max(0, window.toMs - window.fromMs);
      this.#nextCheckpointMs += Math.min(MAX_CHECKPOINT_MS, Math.max(CHECKPOINT_MS, spanMs / CHECKPOINTS_PER_WINDOW));
    }
  }

  verdictAt(untilMs: number): TrendVerdict {
    const { judged, window } = this.#judgeAll(untilMs);
    const verdict = combine(judged, this.#primary, window, (figure) => this.#memory.get(figure)?.stopped ?? null);
    const sinceMs = verdict.verdict === this.#overall.kind ? this.#overall.sinceMs : untilMs;
    if (verdict.verdict !== 'unknown') verdict.decidedAfterSec = secondsSince(sinceMs, window);
    return verdict;
  }

  #judgeAll(untilMs: number): { judged: FigureJudgement[]; window: JudgedWindow } {
    const window = judgedWindow(this.store, untilMs);
    const figures: Figure[] = ['heapUsed', 'external', 'arrayBuffers', 'handles'];
    if (this.#primary === 'rss') figures.push('rss');
    const judged: FigureJudgement[] = [];
    for (const figure of figures) {
      if (!this.store.measures(figure) && figure !== this.#primary) continue; // not measured: not judged
      const memory = this.#memory.get(figure);
      const j = judgeFigure(figure, this.store, window, figure === this.#primary, memory?.leak ?? null, memory?.kind === 'flat');
      const kind = j.verdict.verdict;
      if (kind !== 'unknown') j.verdict.decidedAfterSec = secondsSince(memory && memory.kind === kind ? memory.sinceMs : untilMs, window);
      judged.push(j);
    }
    return { judged, window };
  }

  #remember(j: FigureJudgement, atMs: number): void {
    const figure = j.verdict.figure;
    const memory = this.#memory.get(figure) ?? { leak: null, stopped: null, kind: 'unknown', sinceMs: atMs };
    if (j.verdict.verdict === 'leaking') {
      const isFresh = j.leakFromMs !== undefined;
      const seen = isFresh || !memory.leak ? { verdict: j.verdict, reason: j.reason } : memory.leak.seen;
      memory.leak = {
        sinceMs: memory.leak?.sinceMs ?? j.leakFromMs ?? atMs,
        lastSeenMs: isFresh || !memory.leak ? atMs : memory.leak.lastSeenMs,
        slopePerSec: seen.verdict.slopePerSec,
        perRequest: seen.verdict.perRequest,
        seen,
      };
    } else if (j.stoppedLeak) {
      memory.stopped = j.stoppedLeak;
      memory.leak = null;
    }
    if (j.verdict.verdict !== memory.kind) {
      memory.kind = j.verdict.verdict;
      memory.sinceMs = atMs;
    }
    this.#memory.set(figure, memory);
  }
}

