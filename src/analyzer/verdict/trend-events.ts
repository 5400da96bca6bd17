import type { FloorPoint, MemorySample } from '../../protocol/samples.ts';
import type { Figure } from '../../protocol/samples.ts';
import { FIGURES } from '../../protocol/samples.ts';
import type { RunEvent } from '../../protocol/run-events.ts';

/**
 * What a `TrendTracker` is fed, one row at a time, in the order it arrived. A run's series file
 * (`leaklab run --series FILE`) is these rows as JSON lines after one header line, so a run can be
 * judged again later by a new rule (the verdict benchmark does that) and give the same answer the
 * live tracker gave.
 */
export type TrendEvent =
  | { type: 'sample'; sample: MemorySample; activeHandles?: number }
  | { type: 'floor'; floor: FloorPoint }
  /** Cumulative requests answered by `atMs` (the program's clock). */
  | { type: 'requests'; atMs: number; count: number }
  /**
   * A heap snapshot was taken at `atMs` (the program's clock, when writing began). Writing one
   * collects the heap and throws away compiled code and caches, so the floor falls then: that
   * fall is the tool's, not the program's. Files written before this row existed still read.
   */
  | { type: 'snapshot'; atMs: number };

/** The first line of a series file. */
export interface SeriesHeader {
  type: 'series';
  format: typeof SERIES_FORMAT;
  /** The figure the run watches (the tracker's primary figure). */
  figure: Figure;
}

/**
 * Bumped when a row's shape changes; older files are refused with the format they have. A new
 * kind of row (like `snapshot`) keeps the format: every file of this format still reads.
 */
export const SERIES_FORMAT = 1;

export class SeriesFileError extends Error {
  readonly code = 'bad-series';
  constructor(message: string) {
    super(message);
    this.name = 'SeriesFileError';
  }
}

/** One line of a series file (no newline). */
export function seriesLine(row: SeriesHeader | TrendEvent): string {
  return JSON.stringify(row);
}

/**
 * Parses a whole series file. Every row is checked, since the file may come from anyone's disk;
 * the error names the line and what was wrong with it.
 */
export function parseSeries(text: string, source: string): { header: SeriesHeader; events: TrendEvent[] } {
  const lines = text.split('\n');
  const at = (lineNumber: number, what: string): SeriesFileError =>
    new SeriesFileError(`${source}:${lineNumber}: ${what}. Make the file again with \`leaklab run ... --series FILE\`.`);
  const first = parseJsonLine(lines[0] ?? '', () => at(1, 'not JSON'));
  if (!isRecord(first) || first.type !== 'series') throw at(1, 'no series header (expected {"type":"series",...})');
  if (first.format !== SERIES_FORMAT) throw at(1, `format ${String(first.format)}, but this Leak Lab reads format ${SERIES_FORMAT}`);
  if (!FIGURES.includes(first.figure as Figure)) throw at(1, `figure ${JSON.stringify(first.figure)} is none of ${FIGURES.join(', ')}`);
  const header: SeriesHeader = { type: 'series', format: SERIES_FORMAT, figure: first.figure as Figure };
  const events: TrendEvent[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const row = parseJsonLine(lines[i], () => at(i + 1, 'not JSON'));
    const event = asEvent(row);
    if (!event) throw at(i + 1, `not a sample, floor, requests or snapshot row: ${lines[i].slice(0, 120)}`);
    events.push(event);
  }
  return { header, events };
}

function parseJsonLine(line: string, fail: () => Error): unknown {
  try {
    return JSON.parse(line);
  } catch (err) {
    if (err instanceof SyntaxError) throw fail();
    throw err;
  }
}

function asEvent(row: unknown): TrendEvent | null {
  if (!isRecord(row)) return null;
  switch (row.type) {
    case 'sample': {
      const s = row.sample;
      if (!isRecord(s) || !allFinite(s, ['atMs', 'heapUsedBytes', 'heapTotalBytes', 'rssBytes', 'externalBytes', 'arrayBuffersBytes'])) return null;
      if (row.activeHandles !== undefined && !Number.isFinite(row.activeHandles)) return null;
      return { type: 'sample', sample: s as unknown as MemorySample, ...(row.activeHandles !== undefined && { activeHandles: row.activeHandles as number }) };
    }
    case 'floor': {
      const f = row.floor;
      if (!isRecord(f) || !allFinite(f, ['atMs', 'heapUsedBytes', 'externalBytes', 'arrayBuffersBytes']) || typeof f.isForced !== 'boolean') return null;
      return { type: 'floor', floor: f as unknown as FloorPoint };
    }
    case 'requests':
      return allFinite(row, ['atMs', 'count']) ? { type: 'requests', atMs: row.atMs as number, count: row.count as number } : null;
    case 'snapshot':
      return allFinite(row, ['atMs']) ? { type: 'snapshot', atMs: row.atMs as number } : null;
    default:
      return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function allFinite(record: Record<string, unknown>, keys: string[]): boolean {
  return keys.every((key) => typeof record[key] === 'number' && Number.isFinite(record[key]));
}

/** The row a run event feeds the tracker, or null for events the verdict does not read. */
export function trendEventOf(event: RunEvent): TrendEvent | null {
  switch (event.type) {
    case 'sample': return { type: 'sample', sample: event.sample, activeHandles: event.activeHandles };
    case 'floor': return { type: 'floor', floor: event.floor };
    case 'load': return { type: 'requests', atMs: event.atMs, count: event.requests };
    case 'snapshot-ready': return { type: 'snapshot', atMs: event.snapshot.atMs };
    default: return null;
  }
}
