import type { FloorPoint, MemorySample } from '../protocol/samples.ts';

/** Decimal MB, as the verdict's text (format/units.ts) counts them. */
const BYTES_PER_MB = 1e6;

/**
 * Memory samples of one run as columns (one array per figure, same length), in the units the
 * chart draws: seconds since the program started and MB. Appending is O(1); the chart hands the
 * arrays to uPlot without copying rows.
 */
export class SampleColumns {
  readonly seconds: number[] = [];
  readonly heapUsedMb: number[] = [];
  readonly heapTotalMb: number[] = [];
  readonly rssMb: number[] = [];
  readonly externalMb: number[] = [];
  readonly arrayBuffersMb: number[] = [];
  /** Active libuv handles and requests at each sample (a count, not MB). */
  readonly handles: number[] = [];

  get length(): number {
    return this.seconds.length;
  }

  push(sample: MemorySample, activeHandles: number): void {
    this.seconds.push(sample.atMs / 1000);
    this.heapUsedMb.push(sample.heapUsedBytes / BYTES_PER_MB);
    this.heapTotalMb.push(sample.heapTotalBytes / BYTES_PER_MB);
    this.rssMb.push(sample.rssBytes / BYTES_PER_MB);
    this.externalMb.push(sample.externalBytes / BYTES_PER_MB);
    this.arrayBuffersMb.push(sample.arrayBuffersBytes / BYTES_PER_MB);
    this.handles.push(activeHandles);
  }
}

/** Post-GC floor points of one run, as columns (seconds, then each floor figure in MB). */
export class FloorColumns {
  readonly seconds: number[] = [];
  readonly heapUsedMb: number[] = [];
  readonly externalMb: number[] = [];
  readonly arrayBuffersMb: number[] = [];

  get length(): number {
    return this.seconds.length;
  }

  push(floor: FloorPoint): void {
    this.seconds.push(floor.atMs / 1000);
    this.heapUsedMb.push(floor.heapUsedBytes / BYTES_PER_MB);
    this.externalMb.push(floor.externalBytes / BYTES_PER_MB);
    this.arrayBuffersMb.push(floor.arrayBuffersBytes / BYTES_PER_MB);
  }
}
