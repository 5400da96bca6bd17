import type { Figure, FloorPoint, MemorySample } from '../../protocol/samples.ts';

/**
 * What the verdict keeps of a run, in constant memory however long it lasts (a `leaklab watch`
 * of hours): per figure a ring of its latest points, and a ring of request counts. The verdict
 * looks at most `maxWindowMs` back, so older points are simply overwritten.
 */

/** Time-ordered (atMs, value) pairs in a fixed-size ring; index 0 is the oldest kept. */
export class PointRing {
  readonly #timesMs: Float64Array;
  readonly #values: Float64Array;
  #start = 0;
  #length = 0;

  constructor(capacity: number) {
    this.#timesMs = new Float64Array(capacity);
    this.#values = new Float64Array(capacity);
  }

  get length(): number { return this.#length; }
  timeAt(i: number): number { return this.#timesMs[(this.#start + i) % this.#timesMs.length]; }
  valueAt(i: number): number { return this.#values[(this.#start + i) % this.#values.length]; }

  push(atMs: number, value: number): void {
    const capacity = this.#timesMs.length;
    const slot = (this.#start + this.#length) % capacity;
    this.#timesMs[slot] = atMs;
    this.#values[slot] = value;
    if (this.#length < capacity) this.#length++;
    else this.#start = (this.#start + 1) % capacity;
  }

  /** Replaces the newest point. */
  replaceLast(atMs: number, value: number): void {
    const slot = (this.#start + this.#length - 1) % this.#timesMs.length;
    this.#timesMs[slot] = atMs;
    this.#values[slot] = value;
  }

  /** First index with time ≥ atMs (length when none). */
  firstAtOrAfter(atMs: number): number {
    let lo = 0;
    let hi = this.#length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.timeAt(mid) < atMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Copies points with time in [fromMs, toMs] into plain arrays. */
  slice(fromMs: number, toMs: number): { timesMs: number[]; values: number[] } {
    const timesMs: number[] = [];
    const values: number[] = [];
    for (let i = this.firstAtOrAfter(fromMs); i < this.#length && this.timeAt(i) <= toMs; i++) {
      timesMs.push(this.timeAt(i));
      values.push(this.valueAt(i));
    }
    return { timesMs, values };
  }
}

/** Floors closer together than this are one point (their lower value): heavy churn brings a major GC every 100 ms. */
const FLOOR_MERGE_MS = 250;
/** Samples (rss, handles) are reduced to their lowest value per bucket: a floor of their own. */
const SAMPLE_BUCKET_MS = 1000;
/** Request rows are kept about this far apart. */
const REQUEST_ROW_MS = 1000;
/** Heap snapshots remembered (their times only): a run takes a few, a watch of hours one a minute at most. */
const SNAPSHOT_CAPACITY = 256;

export interface StoreLimits {
  /** Points kept per figure. */
  pointCapacity: number;
  requestCapacity: number;
  /** The request count whose time `warmedUpAtMs` records. */
  warmupRequests: number;
}

export class TrendStore {
  readonly #figures: Record<Figure, PointRing>;
  readonly requests: PointRing;
  /** Program-clock times heap snapshots were taken at (values unused). */
  readonly snapshots = new PointRing(SNAPSHOT_CAPACITY);
  /** Per dense figure (rss, handles): the bucket being filled, not yet a point. */
  readonly #open: Partial<Record<Figure, { bucket: number; atMs: number; value: number }>> = {};
  /** Program-clock time of the first request row with requests done; NaN until load is seen. */
  firstLoadMs = Number.NaN;
  /**
   * When the third row with more requests than the one before arrived (NaN until then). A row or
   * two says how many requests ran, not when load started or whether it stopped: a server that
   * hangs its requests (an exhausted pool) answers a few and then none.
   */
  loadTimingFromMs = Number.NaN;
  #loadRises = 0;
  /** When the count first reached `warmupRequests` (NaN until then). */
  warmedUpAtMs = Number.NaN;
  /** Time of the latest request row whose count rose. */
  lastLoadRiseMs = Number.NaN;
  /** Time of the first floor or sample (not requests). */
  firstDataMs = Number.NaN;
  /** Time of the latest row of any kind. */
  lastDataMs = Number.NEGATIVE_INFINITY;
  #lastCount = 0;
  #sawSamples = false;

  readonly #warmupRequests: number;

  constructor(limits: StoreLimits) {
    this.#warmupRequests = limits.warmupRequests;
    const ring = (): PointRing => new PointRing(limits.pointCapacity);
    this.#figures = { heapUsed: ring(), external: ring(), arrayBuffers: ring(), rss: ring(), handles: ring() };
    this.requests = new PointRing(limits.requestCapacity);
  }

  points(figure: Figure): PointRing {
    return this.#figures[figure];
  }

  /** Whether the probe measures this figure at all (handles and rss come with samples). */
  measures(figure: Figure): boolean {
    return figure === 'rss' || figure === 'handles' ? this.#sawSamples : this.#figures[figure].length > 0;
  }

  addFloor(floor: FloorPoint): void {
    this.#sawData(floor.atMs);
    this.#addMerged('heapUsed', floor.atMs, floor.heapUsedBytes);
    this.#addMerged('external', floor.atMs, floor.externalBytes);
    this.#addMerged('arrayBuffers', floor.atMs, floor.arrayBuffersBytes);
  }

  addSample(sample: MemorySample, activeHandles?: number): void {
    this.#sawData(sample.atMs);
    this.#sawSamples = true;
    this.#addBucketed('rss', sample.atMs, sample.rssBytes);
    if (activeHandles !== undefined) this.#addBucketed('handles', sample.atMs, activeHandles);
  }

  addRequests(atMs: number, count: number): void {
    if (atMs > this.lastDataMs) this.lastDataMs = atMs;
    if (count > this.#lastCount) {
      if (Number.isNaN(this.firstLoadMs)) this.firstLoadMs = atMs;
      this.lastLoadRiseMs = atMs;
      if (++this.#loadRises === 3) this.loadTimingFromMs = atMs;
    }
    if (Number.isNaN(this.warmedUpAtMs) && count >= this.#warmupRequests) this.warmedUpAtMs = atMs;
    this.#lastCount = Math.max(this.#lastCount, count);
    const rows = this.requests;
    if (rows.length >= 2 && atMs - rows.timeAt(rows.length - 2) < REQUEST_ROW_MS) rows.replaceLast(atMs, count);
    else rows.push(atMs, count);
  }

  /**
   * A snapshot's time only labels the floors around it: it is not data, so it moves no clock (its
   * row may arrive after the floors that followed it, once the file is written). Snapshots are
   * taken one at a time, so their times come in order; a time not after the latest is a repeat.
   */
  addSnapshot(atMs: number): void {
    const ring = this.snapshots;
    if (ring.length > 0 && atMs <= ring.timeAt(ring.length - 1)) return; // one probe takes one at a time: an older time is a repeat
    ring.push(atMs, 0);
  }

  /** Whether a heap snapshot was taken in (afterMs, atMs]. */
  hasSnapshotIn(afterMs: number, atMs: number): boolean {
    const i = this.snapshots.firstAtOrAfter(afterMs + 1e-9);
    return i < this.snapshots.length && this.snapshots.timeAt(i) <= atMs;
  }

  /** Time of the latest request row at or before `untilMs` whose count rose (NaN when none). */
  lastLoadRiseAtOrBefore(untilMs: number): number {
    if (untilMs >= this.lastLoadRiseMs) return this.lastLoadRiseMs;
    const rows = this.requests;
    for (let i = rows.firstAtOrAfter(untilMs + 1e-9) - 1; i >= 1; i--) {
      if (rows.valueAt(i) > rows.valueAt(i - 1)) return rows.timeAt(i);
    }
    return rows.length > 0 && rows.valueAt(0) > 0 && rows.timeAt(0) <= untilMs ? rows.timeAt(0) : Number.NaN;
  }

  /** Requests done by `atMs`, interpolated between the rows around it (null before the first row). */
  requestsAt(atMs: number): number | null {
    const rows = this.requests;
    if (rows.length === 0 || atMs < rows.timeAt(0)) return null;
    const after = rows.firstAtOrAfter(atMs);
    if (after >= rows.length) return rows.valueAt(rows.length - 1);
    if (after === 0 || rows.timeAt(after) === atMs) return rows.valueAt(after);
    const t0 = rows.timeAt(after - 1);
    const t1 = rows.timeAt(after);
    return rows.valueAt(after - 1) + ((rows.valueAt(after) - rows.valueAt(after - 1)) * (atMs - t0)) / (t1 - t0);
  }

  #sawData(atMs: number): void {
    if (Number.isNaN(this.firstDataMs)) this.firstDataMs = atMs;
    if (atMs > this.lastDataMs) this.lastDataMs = atMs;
  }

  #addMerged(figure: Figure, atMs: number, value: number): void {
    const ring = this.#figures[figure];
    const last = ring.length - 1;
    if (last >= 0 && atMs - ring.timeAt(last) < FLOOR_MERGE_MS) {
      if (value < ring.valueAt(last)) ring.replaceLast(atMs, value);
      return;
    }
    ring.push(atMs, value);
  }

  /** Only whole buckets become points, so the newest point is never a partial (higher) minimum. */
  #addBucketed(figure: Figure, atMs: number, value: number): void {
    const bucket = Math.floor(atMs / SAMPLE_BUCKET_MS);
    const open = this.#open[figure];
    if (!open || bucket !== open.bucket) {
      if (open) this.#figures[figure].push(open.atMs, open.value);
      this.#open[figure] = { bucket, atMs, value };
    } else if (value < open.value) {
      open.atMs = atMs;
      open.value = value;
    }
  }
}
