import type { Figure, FloorPoint, MemorySample } from '../../protocol/samples.ts';
import type { Series } from './trend-series.ts';

/** Column arrays of everything the verdict needs, ascending by time within each group. */
export interface TrendColumns {
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

/** Columns with no rows yet; the push functions below append one row each. */
export function emptyColumns(): TrendColumns {
  return {
    floorAtMs: [], heapUsed: [], external: [], arrayBuffers: [],
    sampleAtMs: [], rss: [], handleAtMs: [], handleCounts: [],
    requestAtMs: [], requestCounts: [],
  };
}

export function pushFloor(columns: TrendColumns, floor: FloorPoint): void {
  columns.floorAtMs.push(floor.atMs);
  columns.heapUsed.push(floor.heapUsedBytes);
  columns.external.push(floor.externalBytes);
  columns.arrayBuffers.push(floor.arrayBuffersBytes);
}

export function pushSample(columns: TrendColumns, sample: MemorySample): void {
  columns.sampleAtMs.push(sample.atMs);
  columns.rss.push(sample.rssBytes);
}

export function pushHandles(columns: TrendColumns, atMs: number, count: number): void {
  columns.handleAtMs.push(atMs);
  columns.handleCounts.push(count);
}

export function pushRequests(columns: TrendColumns, atMs: number, count: number): void {
  columns.requestAtMs.push(atMs);
  columns.requestCounts.push(count);
}

/** Time of the first floor, sample or handle row; unlike `lastDataMs`, request rows are not counted. */
export function firstDataMs(columns: TrendColumns): number {
  return Math.min(columns.floorAtMs[0] ?? Infinity, columns.sampleAtMs[0] ?? Infinity, columns.handleAtMs[0] ?? Infinity);
}

/** Time of the latest row of any kind, requests included. */
export function lastDataMs(columns: TrendColumns): number {
  return Math.max(columns.floorAtMs.at(-1) ?? -Infinity, columns.sampleAtMs.at(-1) ?? -Infinity, columns.handleAtMs.at(-1) ?? -Infinity, columns.requestAtMs.at(-1) ?? -Infinity);
}

/** One figure's points as a Series over the columns (no copy). */
export function seriesOf(columns: TrendColumns, figure: Figure): Series {
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
