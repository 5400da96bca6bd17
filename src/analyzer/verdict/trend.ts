import type { Figure, FloorPoint, MemorySample } from '../../protocol/samples.ts';
import { emptyColumns, firstDataMs, lastDataMs, pushFloor, pushHandles, pushRequests, pushSample, seriesOf, type TrendColumns } from './trend-columns.ts';
import { judgeFigure, type JudgedFigure } from './trend-figure.ts';
import { judgeSteepRise } from './trend-steep.ts';
import { TIMING } from './trend-thresholds.ts';
import { judgedWindow } from './trend-window.ts';

/**
 * The leak verdict: per figure, does the post-GC floor (or the handle count) keep rising under
 * load? Pure TypeScript, shared by the page, the local runner and the CLI.
 */

export type VerdictKind = 'leaking' | 'flat' | 'unknown';

export interface FigureVerdict {
  figure: Figure;
  verdict: VerdictKind;
  /** Theil–Sen slope over the judged window (handles/s for `handles`). */
  slopeBytesPerSec: number;
  /** Lower end of the slope's 95 % interval; 0 when there are too few points to bound it. */
  slopeLowerBoundBytesPerSec: number;
  /** Slope divided by the request rate in the judged window; null when no load ran. */
  bytesPerRequest: number | null;
  /** Points in the judged window. */
  points: number;
}

export interface TrendVerdict {
  /** Leaking if any judged figure is leaking; else flat if the primary figure is flat; else unknown. */
  verdict: VerdictKind;
  /** The figure the verdict is about: the leaking one, else the primary. */
  figure: Figure;
  /** Slope of that figure (for handles: handles/s). */
  floorSlopeBytesPerSec: number;
  /** Slope / request rate when load ran. */
  bytesPerRequest: number | null;
  /** One sentence a learner can read, with numbers. */
  reason: string;
  perFigure: FigureVerdict[];
}

export interface TrendInput {
  samples: readonly MemorySample[];
  floors: readonly FloorPoint[];
  /** Active handles per sample time. */
  handles?: readonly { atMs: number; count: number }[];
  /** Cumulative requests done at atMs. */
  requests?: readonly { atMs: number; count: number }[];
  primaryFigure?: Figure;
}

/**
 * Judges a whole run. Same answer as a `TrendTracker` fed the same data: a figure that looked
 * leaking at any checkpoint of the run (one per second of data) keeps the run `leaking`.
 */
export function judgeTrend(input: TrendInput): TrendVerdict {
  const byTime = <T extends { atMs: number }>(rows: readonly T[]): T[] => [...rows].sort((a, b) => a.atMs - b.atMs);
  const core = new VerdictCore(input.primaryFigure ?? 'heapUsed');
  for (const floor of byTime(input.floors)) pushFloor(core.columns, floor);
  for (const sample of byTime(input.samples)) pushSample(core.columns, sample);
  for (const row of byTime(input.handles ?? [])) pushHandles(core.columns, row.atMs, row.count);
  for (const row of byTime(input.requests ?? [])) pushRequests(core.columns, row.atMs, row.count);
  return core.verdictAt(lastDataMs(core.columns));
}

/**
 * Incremental verdict for the live page and the runner. Once a run is `leaking` it stays
 * `leaking`. `current()` recomputes at most once per
 * `TIMING.recomputeEveryMs` of new data, so it is cheap to call every frame. Rows of each kind
 * must arrive in time order (they do: one probe, one load driver).
 */
export class TrendTracker {
  readonly #core: VerdictCore;
  #lastDataMs = Number.NEGATIVE_INFINITY;
  #computedAtMs = Number.NEGATIVE_INFINITY;
  #cached: TrendVerdict | null = null;

  constructor(primaryFigure: Figure = 'heapUsed') {
    this.#core = new VerdictCore(primaryFigure);
  }

  addSample(sample: MemorySample, activeHandles?: number): void {
    pushSample(this.#core.columns, sample);
    if (activeHandles !== undefined) pushHandles(this.#core.columns, sample.atMs, activeHandles);
    this.#saw(sample.atMs);
  }

  addFloor(floor: FloorPoint): void {
    pushFloor(this.#core.columns, floor);
    this.#saw(floor.atMs);
  }

  addRequests(atMs: number, count: number): void {
    pushRequests(this.#core.columns, atMs, count);
    this.#saw(atMs);
  }

  current(): TrendVerdict {
    if (this.#cached && this.#lastDataMs - this.#computedAtMs < TIMING.recomputeEveryMs) return this.#cached;
    this.#cached = this.#core.verdictAt(this.#lastDataMs);
    this.#computedAtMs = this.#lastDataMs;
    return this.#cached;
  }

  #saw(atMs: number): void {
    if (atMs > this.#lastDataMs) this.#lastDataMs = atMs;
  }
}

/**
 * The data plus the latch. Stickiness is checked at fixed checkpoints of the data's clock (one per
 * `CHECKPOINT_MS`), not whenever someone asks, so the CLI (asking once, at the end) and the page
 * (asking every frame) latch at the same moments and agree.
 */
class VerdictCore {
  readonly columns: TrendColumns = emptyColumns();
  readonly #primary: Figure;
  #latched: TrendVerdict | null = null;
  #nextCheckpointMs = Number.NaN;

  constructor(primary: Figure) {
    this.#primary = primary;
  }

  verdictAt(untilMs: number): TrendVerdict {
    if (Number.isNaN(this.#nextCheckpointMs)) {
      const firstMs = firstDataMs(this.columns);
      if (Number.isFinite(firstMs)) this.#nextCheckpointMs = firstMs + CHECKPOINT_MS;
    }
    while (!this.#latched && this.#nextCheckpointMs < untilMs) {
      const verdict = evaluate(this.columns, this.#primary, this.#nextCheckpointMs);
      if (verdict.verdict === 'leaking') this.#latched = verdict;
      this.#nextCheckpointMs += CHECKPOINT_MS;
    }
    const fresh = evaluate(this.columns, this.#primary, untilMs);
    if (!this.#latched && fresh.verdict === 'leaking') this.#latched = fresh;
    return keepLeaking(fresh, this.#latched);
  }
}

const CHECKPOINT_MS = 1000;

/** The verdict as of `untilMs`, without memory of earlier verdicts. */
function evaluate(columns: TrendColumns, primary: Figure, untilMs: number): TrendVerdict {
  const judged: JudgedFigure[] = [];
  const figures: Figure[] = ['heapUsed', 'external', 'arrayBuffers', 'handles'];
  if (primary === 'rss') figures.push('rss');
  else if (!figures.includes(primary)) figures.unshift(primary);
  for (const figure of figures) {
    const series = seriesOf(columns, figure);
    if (series.timesMs.length === 0 && figure !== primary) continue; // not measured: not judged
    const window = judgedWindow(columns, series, untilMs);
    const normal = judgeFigure(figure, series, window, figure === primary);
    judged.push(normal.verdict.verdict === 'leaking' ? normal : judgeSteepRise(figure, series, window) ?? normal);
  }
  const perFigure = judged.map((j) => j.verdict);
  const leaking = judged
    .filter((j) => j.verdict.verdict === 'leaking')
    .sort((a, b) => Number(b.verdict.figure === primary) - Number(a.verdict.figure === primary) || b.strength - a.strength);
  const primaryJudged = judged.find((j) => j.verdict.figure === primary) as JudgedFigure;
  if (leaking.length > 0) return fromFigure('leaking', leaking[0], perFigure);
  // The verdict is about the figure the run watches; the others can only raise an alarm (with
  // more evidence, see judgeFigure). One still undecided is said, not allowed to veto `flat`:
  // a fixed program's `external` floor may creep while a database warms its page cache.
  if (primaryJudged.verdict.verdict === 'flat') {
    const verdict = fromFigure('flat', primaryJudged, perFigure);
    const undecided = judged.find((j) => j !== primaryJudged && j.verdict.verdict === 'unknown');
    if (undecided) verdict.reason = `${primaryJudged.reason.replace(/\.$/, '')}. Not judged yet: ${lowerFirst(undecided.reason)}`;
    return verdict;
  }
  return fromFigure('unknown', primaryJudged, perFigure);
}

function fromFigure(kind: VerdictKind, judged: JudgedFigure, perFigure: FigureVerdict[]): TrendVerdict {
  return {
    verdict: kind,
    figure: judged.verdict.figure,
    floorSlopeBytesPerSec: judged.verdict.slopeBytesPerSec,
    bytesPerRequest: judged.verdict.bytesPerRequest,
    reason: judged.reason,
    perFigure,
  };
}

/**
 * Stickiness: once `latched` (the first leaking verdict), the run stays leaking. While some figure
 * still looks leaking, the fresh verdict (which prefers the primary figure) speaks; otherwise the
 * latched one does.
 */
function keepLeaking(fresh: TrendVerdict, latched: TrendVerdict | null): TrendVerdict {
  if (!latched || fresh.verdict === 'leaking') return fresh;
  const latchedOfFigure = latched.perFigure.find((f) => f.figure === latched.figure);
  const perFigure = fresh.perFigure.map((f) => (f.figure === latched.figure && latchedOfFigure ? latchedOfFigure : f));
  return { ...latched, perFigure };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

