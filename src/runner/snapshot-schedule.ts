/** What the schedule wants done next. */
export type ScheduleStep =
  | { type: 'none' }
  | { type: 'take-snapshot' }
  | { type: 'stop' }
  /** Time is up, but snapshots held the program still for `ms`: run on for that long, then ask again. */
  | { type: 'run-on'; ms: number };

export interface SnapshotTimes {
  /** Program-clock times (ms after start) at which to take heap snapshots. */
  atMs: readonly number[];
  /** Take one more snapshot when the time is up, before stopping. */
  finalSnapshot: boolean;
  /**
   * Run on past the time while the verdict is undecided, up to `maxRunMs` of run in all (counted
   * as the run's seconds are: from `startClock`, without the time snapshots held the program).
   */
  untilDecided?: { maxRunMs: number };
}

/** While undecided past the time, ask the verdict again this often. */
export const DECIDE_POLL_MS = 500;

/**
 * When the warm-up snapshot of a comparison is taken: 30 % into the run, and not before 2 s. The
 * headless run and the page's "Check my fix" both take it then, so both compare the same moments.
 */
export function warmupSnapshotAtMs(seconds: number): number {
  return Math.max(2000, Math.round(seconds * 300));
}

/** Pauses shorter than this are not worth running on for. */
const MIN_CREDIT_MS = 250;

const NONE: ScheduleStep = { type: 'none' };

/**
 * When a headless run takes its heap snapshots and when it stops. V8 pauses the whole program
 * while it writes a snapshot (seconds, for a big heap), so that time is credited back: the run's
 * `seconds` stay seconds the program actually ran under load. At most one snapshot is asked for
 * at a time; when time is up the final one is taken (after any still being written) and then the
 * run stops. Pure: wall-clock times come in as arguments, so it is tested without processes.
 */
export class SnapshotSchedule {
  readonly #due: number[];
  readonly #finalSnapshot: boolean;
  readonly #maxRunMs: number | null;
  /** Wall-clock ms when the run's seconds began to count (see startClock). */
  #clockStartMs = Number.NaN;
  /** Wall-clock ms when the snapshot being written was asked for; null when none is. */
  #pendingSinceMs: number | null = null;
  #isFinalRequested = false;
  #isTimeUp = false;
  #pausedMs = 0;
  #creditedMs = 0;

  constructor(times: SnapshotTimes) {
    this.#due = [...times.atMs].sort((a, b) => a - b);
    this.#finalSnapshot = times.finalSnapshot;
    this.#maxRunMs = times.untilDecided?.maxRunMs ?? null;
  }

  /** The run's seconds count from wall-clock `nowMs` (again, when the load connects after a start without it). */
  startClock(nowMs: number): void {
    this.#clockStartMs = nowMs;
  }

  /** Run time at wall-clock `nowMs`: since the clock started, without the pauses for snapshots. */
  ranMs(nowMs: number): number {
    const writingMs = this.#pendingSinceMs !== null && !this.#isFinalRequested ? nowMs - this.#pendingSinceMs : 0;
    return Number.isNaN(this.#clockStartMs) ? 0 : Math.max(0, nowMs - this.#clockStartMs - this.#pausedMs - writingMs);
  }

  /** Wall-clock ms the program spent paused for snapshots (the final one aside). */
  get pausedMs(): number { return this.#pausedMs; }
  get isSnapshotPending(): boolean { return this.#pendingSinceMs !== null; }

  /** A sample at program time `atMs` arrived at wall-clock `nowMs`: a snapshot may be due. */
  onSample(atMs: number, nowMs: number): ScheduleStep {
    if (!this.#due.length || atMs < this.#due[0] || this.#pendingSinceMs !== null || this.#isTimeUp) return NONE;
    this.#due.shift();
    return this.#ask(nowMs);
  }

  /** The snapshot asked for was written or refused. */
  onSnapshotSettled(nowMs: number, hasExited: boolean): ScheduleStep {
    const since = this.#pendingSinceMs ?? nowMs;
    this.#pendingSinceMs = null;
    if (!this.#isFinalRequested) this.#pausedMs += nowMs - since;
    if (!this.#isTimeUp) return NONE;
    // Time was up while an earlier snapshot was being written: the final one is still owed.
    if (!this.#isFinalRequested && this.#finalSnapshot && !hasExited) return this.#askFinal(nowMs);
    return { type: 'stop' };
  }

  /**
   * The run's seconds are over (counted without the pauses credited so far). `isDecided`: whether
   * the verdict is leaking or flat now; with `untilDecided`, an undecided run goes on, asking
   * again every `DECIDE_POLL_MS`, until it is decided or has run `maxRunMs`. Either way the final
   * snapshot comes after that, so a comparison spans the whole run.
   */
  onTimeUp(nowMs: number, hasExited: boolean, isDecided = true): ScheduleStep {
    const writingMs = this.#pendingSinceMs !== null && !this.#isFinalRequested ? nowMs - this.#pendingSinceMs : 0;
    const owedMs = this.#pausedMs - this.#creditedMs + writingMs;
    if (owedMs > MIN_CREDIT_MS && !hasExited) {
      this.#creditedMs += owedMs;
      return { type: 'run-on', ms: owedMs };
    }
    if (this.#maxRunMs !== null && !isDecided && !hasExited && !this.#isTimeUp) {
      const leftMs = this.#maxRunMs - this.ranMs(nowMs);
      if (leftMs > 0) return { type: 'run-on', ms: Math.min(DECIDE_POLL_MS, leftMs) };
    }
    if (!this.#finalSnapshot || hasExited) return { type: 'stop' };
    this.#isTimeUp = true;
    // A snapshot still being written settles first; its onSnapshotSettled asks for the final one.
    return this.#pendingSinceMs === null ? this.#askFinal(nowMs) : NONE;
  }

  #askFinal(nowMs: number): ScheduleStep {
    this.#isFinalRequested = true;
    return this.#ask(nowMs);
  }

  #ask(nowMs: number): ScheduleStep {
    this.#pendingSinceMs = nowMs;
    return { type: 'take-snapshot' };
  }
}
