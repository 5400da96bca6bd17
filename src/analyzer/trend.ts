import type { Figure, FloorPoint, MemorySample } from '../protocol/samples.ts';
import { judgeFigure, type JudgedFigure, type JudgedWindow } from './trend-figure.ts';
import type { Series } from './trend-series.ts';
import { judgeSteepRise } from './trend-steep.ts';
import { TIMING } from './trend-thresholds.ts';

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

/** Column arrays of everything the verdict needs, ascending by time within each group. */
interface TrendColumns {
  floorAtMs: number[];
  heapUsed: number[];
  external: number[];
  arrayBuffers: number[];
  sampleAtMs: number[];
  rss: number[];
  handleAtMs: number[];
  handleCounts: number[];
  requestAtMs: number[];
  requestCounts: number[];
}

function emptyColumns(): TrendColumns {
  return {
    floorAtMs: [], heapUsed: [], external: [], arrayBuffers: [],
    sampleAtMs: [], rss: [], handleAtMs: [], handleCounts: [],
    requestAtMs: [], requestCounts: [],
  };
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

function seriesOf(columns: TrendColumns, figure: Figure): Series {
  switch (figure) {
    case 'heapUsed': return { timesMs: columns.floorAtMs, values: columns.heapUsed };
    case 'external': return { timesMs: columns.floorAtMs, values: columns.external };
    case 'arrayBuffers': return { timesMs: columns.floorAtMs, values: columns.arrayBuffers };
    case 'rss': return { timesMs: columns.sampleAtMs, values: columns.rss };
    case 'handles': return { timesMs: columns.handleAtMs, values: columns.handleCounts };
    default: return unreachableFigure(figure);
  }
}

function unreachableFigure(figure: never): never {
  throw new Error(`Unknown figure ${String(figure)}; expected one of heapUsed, external, arrayBuffers, rss, handles.`);
}

/**
 * After warm-up (measured from when load started, or from the first data without load) and up to
 * `untilMs`, or to just after the load stopped: a leak only grows while requests arrive, so an
 * idle tail must not read as "levelled off".
 */
function judgedWindow(columns: TrendColumns, series: Series, untilMs: number): JudgedWindow {
  const { requestAtMs, requestCounts } = columns;
  let firstLoadIndex = -1;
  let lastLoadIndex = -1;
  let loadRows = 0;
  for (let i = 0; i < requestAtMs.length && requestAtMs[i] <= untilMs; i++) {
    const previousCount = i > 0 ? requestCounts[i - 1] : 0;
    if (requestCounts[i] > previousCount) {
      if (firstLoadIndex < 0) firstLoadIndex = i;
      lastLoadIndex = i;
      loadRows++;
    }
  }
  const dataStartMs = series.timesMs.length > 0 ? series.timesMs[0] : 0;
  // A single progress row (a summary) says how many requests ran, not when load started.
  const hasLoadTiming = loadRows >= 3;
  const startMs = hasLoadTiming ? Math.max(dataStartMs, requestAtMs[firstLoadIndex]) : dataStartMs;
  let endMs = untilMs;
  if (hasLoadTiming && untilMs - requestAtMs[lastLoadIndex] >= LOAD_STOPPED_AFTER_MS) {
    endMs = requestAtMs[lastLoadIndex] + TIMING.recomputeEveryMs;
  }
  const warmupMs = Math.min(TIMING.maxWarmupMs, Math.max(TIMING.minWarmupMs, TIMING.warmupFraction * (endMs - startMs)));
  const fromMs = startMs + warmupMs;
  let requestsPerSec: number | null = null;
  if (hasLoadTiming) {
    // Requests done inside the judged window, from the progress rows that bracket it.
    const before = lastRowAtOrBefore(requestAtMs, fromMs);
    const after = lastRowAtOrBefore(requestAtMs, endMs);
    const fromIndex = before >= 0 && after > before ? before : firstLoadIndex;
    const spanSec = (requestAtMs[after] - requestAtMs[fromIndex]) / 1000;
    const rate = spanSec > 0 ? (requestCounts[after] - requestCounts[fromIndex]) / spanSec : 0;
    requestsPerSec = rate >= 1 ? rate : null;
  } else if (lastLoadIndex >= 0 && requestAtMs[lastLoadIndex] > dataStartMs) {
    const rate = requestCounts[lastLoadIndex] / ((requestAtMs[lastLoadIndex] - dataStartMs) / 1000);
    requestsPerSec = rate >= 1 ? rate : null;
  }
  return { fromMs, toMs: endMs, warmupMs, loadStartMs: startMs, requestsPerSec };
}

/** No new requests for this long means the load has stopped. */
const LOAD_STOPPED_AFTER_MS = 1000;

function lastRowAtOrBefore(timesMs: readonly number[], atMs: number): number {
  let found = -1;
  for (let i = 0; i < timesMs.length && timesMs[i] <= atMs; i++) found = i;
  return found;
}

function pushFloor(columns: TrendColumns, floor: FloorPoint): void {
  columns.floorAtMs.push(floor.atMs);
  columns.heapUsed.push(floor.heapUsedBytes);
  columns.external.push(floor.externalBytes);
  columns.arrayBuffers.push(floor.arrayBuffersBytes);
}

function pushSample(columns: TrendColumns, sample: MemorySample): void {
  columns.sampleAtMs.push(sample.atMs);
  columns.rss.push(sample.rssBytes);
}

function pushHandles(columns: TrendColumns, atMs: number, count: number): void {
  columns.handleAtMs.push(atMs);
  columns.handleCounts.push(count);
}

function pushRequests(columns: TrendColumns, atMs: number, count: number): void {
  columns.requestAtMs.push(atMs);
  columns.requestCounts.push(count);
}

function firstDataMs(columns: TrendColumns): number {
  return Math.min(columns.floorAtMs[0] ?? Infinity, columns.sampleAtMs[0] ?? Infinity, columns.handleAtMs[0] ?? Infinity);
}

function lastDataMs(columns: TrendColumns): number {
  return Math.max(columns.floorAtMs.at(-1) ?? -Infinity, columns.sampleAtMs.at(-1) ?? -Infinity, columns.handleAtMs.at(-1) ?? -Infinity, columns.requestAtMs.at(-1) ?? -Infinity);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

