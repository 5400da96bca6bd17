import type { FloorPoint, MemorySample } from '../protocol/samples.ts';
import type { AppendLog } from './page-state/append-log.ts';
import type { SeriesEvent } from './page-state/page-state.ts';
import type { ChartPlan, FloorColumnName, SampleColumnName } from './heap-chart-plan.ts';

/** Decimal MB, as the verdict's text (format/units.ts) counts them. */
const BYTES_PER_MB = 1e6;

function sampleValue(column: SampleColumnName, sample: MemorySample, activeHandles: number): number {
  switch (column) {
    case 'heapUsedMb': return sample.heapUsedBytes / BYTES_PER_MB;
    case 'heapTotalMb': return sample.heapTotalBytes / BYTES_PER_MB;
    case 'rssMb': return sample.rssBytes / BYTES_PER_MB;
    case 'externalMb': return sample.externalBytes / BYTES_PER_MB;
    case 'arrayBuffersMb': return sample.arrayBuffersBytes / BYTES_PER_MB;
    case 'handles': return activeHandles;
  }
}

function floorValue(column: FloorColumnName, floor: FloorPoint): number {
  switch (column) {
    case 'heapUsedMb': return floor.heapUsedBytes / BYTES_PER_MB;
    case 'externalMb': return floor.externalBytes / BYTES_PER_MB;
    case 'arrayBuffersMb': return floor.arrayBuffersBytes / BYTES_PER_MB;
  }
}

/**
 * One run's chart data in uPlot's aligned form: one shared x column (seconds on the program's
 * clock, ascending), a column per line of the plan and one for the floor, with null where a row
 * has no value for a series (lines span the gaps; floors are dots). Rows are added as they
 * arrive, so keeping the chart current costs the new rows only, however long the run; the
 * arrays are the ones uPlot draws from, never copied.
 */
export class AlignedColumns {
  readonly x: number[] = [];
  readonly lines: (number | null)[][];
  readonly floor: (number | null)[] = [];
  readonly #plan: ChartPlan;
  #sampleCount = 0;
  #floorCount = 0;
  /** The series log's next sequence number to read. */
  #nextSeq = 0;

  constructor(plan: ChartPlan) {
    this.#plan = plan;
    this.lines = plan.lines.map(() => []);
  }

  get sampleCount(): number { return this.#sampleCount; }
  get floorCount(): number { return this.#floorCount; }

  /** `[x, ...lines, floor]`: the same arrays every time. */
  get data(): (number | null)[][] {
    return [this.x, ...this.lines, this.floor];
  }

  /** Adds the events of `log` not read yet; returns how many rows that added. */
  readFrom(log: AppendLog<SeriesEvent>): number {
    let added = 0;
    log.forEachSince(this.#nextSeq, (event) => {
      if (event.type === 'sample') added += this.#addRow(event.sample.atMs / 1000, (c) => sampleValue(c, event.sample, event.activeHandles), null);
      else if (event.type === 'floor') added += this.#addRow(event.floor.atMs / 1000, null, floorValue(this.#plan.floor.column, event.floor));
    });
    this.#nextSeq = log.endSeq;
    return added;
  }

  /**
   * Samples and floors come from one clock but on two paths, so a row can arrive a little after
   * a later one: it goes where its time belongs (after rows of the same time), which moves only
   * the few rows behind it.
   */
  #addRow(seconds: number, lineValue: ((column: SampleColumnName) => number) | null, floorValue: number | null): 1 {
    let at = this.x.length;
    while (at > 0 && this.x[at - 1] > seconds) at--;
    const { lines } = this.#plan;
    const put = <T>(column: T[], value: T): void => {
      if (at === column.length) column.push(value);
      else column.splice(at, 0, value);
    };
    put(this.x, seconds);
    for (let c = 0; c < lines.length; c++) put(this.lines[c], lineValue ? lineValue(lines[c].column) : null);
    put(this.floor, floorValue);
    if (lineValue) this.#sampleCount++;
    else this.#floorCount++;
    return 1;
  }
}
