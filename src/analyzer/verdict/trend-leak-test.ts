import { fitLine, normalCdf, slopeStandardError, theilSenSlope, tQuantile, type LineFit } from './trend-fit.ts';
import type { FigureLimits } from './trend-thresholds.ts';
import { SURENESS, TIMING } from './trend-thresholds.ts';
import { indexAtOrAfter, lowerEnvelope, requestRate, type Points } from './trend-window.ts';
import type { PointRing, TrendStore } from './trend-store.ts';

/** What a figure is judged with: its points in the judged window and the size that counts. */
export interface FigureContext {
  limits: FigureLimits;
  store: TrendStore;
  points: Points;
  /** `flat` means under this (the practical minimum, per second at this run's rate). */
  minPerSec: number;
  /** A leak is at least this: the practical minimum, and never under the minimum without load (see FigureLimits). */
  leakMinPerSec: number;
  isPrimary: boolean;
  /** All the figure's points kept, and since when they count (load start), for "is this a new high?". */
  ring: PointRing;
  historyFromMs: number;
  /** Falls of the floor count from here (after the time-based warm-up: startup garbage freed is no sign). */
  fallsFromMs: number;
}

/** Why a window's rise is not (yet) a leak; the figure's reason says it in words. */
export type LeakFailure =
  | 'too-small'       // the slope is under the practical minimum
  | 'not-sure'        // the lower bound is not clearly above zero
  | 'little-so-far'   // sure, but it has not yet added more than a healthy server's late warm-up does
  | 'late-only'       // the earlier half did not rise: a step or a late start
  | 'not-rising-now'  // the latest half does not rise on its own
  | 'slowing'         // the latest half rises clearly slower than the earlier: levelling off
  | 'envelope'        // the lowest levels do not rise: a sawtooth or spikes
  | 'not-new-high'    // a recent window rises, but back to a level seen before
  | 'after-a-fall';   // the floor fell back lately: a sawtooth's rising edge

export interface WindowTest {
  fromIndex: number;
  fit: LineFit;
  /** z of the slope against zero. */
  z: number;
  failure: LeakFailure | null;
}

/** The quantile a one-sided normal z stands for, for `dof` degrees of freedom. */
export function tFor(z: number, dof: number): number {
  return tQuantile(normalCdf(z), dof);
}

/**
 * Tests points [fromIndex, end) for a sure, sustained leak of at least the practical minimum.
 * The rise must be sure over the whole window, show in its latest half on its own, have been
 * there in the earlier half too, not be slowing down (comparing per request, so a load that
 * sags is not a levelling off), and lift the window's lower envelope.
 */
export function testWindow(ctx: FigureContext, fromIndex: number, isRecent: boolean): WindowTest | null {
  const { timesMs, values } = ctx.points;
  const end = timesMs.length;
  const fit = fitLine(timesMs, values, fromIndex, end, ctx.limits.noise);
  if (!fit) return null;
  const z = fit.slopePerSec / fit.standardErrorPerSec;
  const result = (failure: LeakFailure | null): WindowTest => ({ fromIndex, fit, z, failure });
  if (fit.slopePerSec < ctx.leakMinPerSec) return result('too-small');
  const leakZ = ctx.isPrimary ? SURENESS.leakZ : SURENESS.secondaryLeakZ;
  if (z < tFor(leakZ, fit.dof)) return result('not-sure');
  const rise = fit.slopePerSec * (fit.spanMs / 1000);
  if (rise < ctx.limits.minRise) return result('little-so-far');

  const midMs = timesMs[fromIndex] + fit.spanMs / 2;
  const split = Math.min(end - 2, Math.max(fromIndex + 2, indexAtOrAfter(timesMs, midMs)));
  const early = halfSlope(ctx, fit, fromIndex, split);
  const late = halfSlope(ctx, fit, split, end);
  if (late.perUnit / late.sePerUnit < tFor(SURENESS.latestHalfZ, fit.dof)) return result('not-rising-now');
  if (early.perUnit / early.sePerUnit < tFor(SURENESS.earlierHalfZ, fit.dof)) return result('late-only');
  const slowdownZ = (early.perUnit - late.perUnit) / Math.hypot(early.sePerUnit, late.sePerUnit);
  if (slowdownZ > tFor(SURENESS.slowdownZ, fit.dof)) return result('slowing');

  const envelope = envelopeFit(ctx, fromIndex);
  if (envelope && envelope.slopePerSec / envelope.standardErrorPerSec < tFor(SURENESS.envelopeZ, envelope.dof)) return result('envelope');
  if (isRecent && !isNewHigh(ctx, fromIndex, fit)) return result('not-new-high');
  if (fellLately(ctx, fit)) return result('after-a-fall');
  return result(null);
}

/** A half's slope, per request when load ran (else per second), with its error from the whole fit's noise. */
function halfSlope(ctx: FigureContext, fit: LineFit, from: number, to: number): { perUnit: number; sePerUnit: number } {
  const { timesMs, values } = ctx.points;
  const slope = theilSenSlope(timesMs, values, from, to);
  const se = slopeStandardError(timesMs, from, to, fit.sigma, fit.inflation);
  const rate = requestRate(ctx.store, timesMs[from], timesMs[to - 1]) ?? 1;
  return { perUnit: slope / rate, sePerUnit: se / rate };
}

/** Blocks for the lower envelope: eight, or fewer so each holds two points on average. */
export function envelopeFit(ctx: FigureContext, fromIndex: number): LineFit | null {
  const n = ctx.points.timesMs.length - fromIndex;
  const blocks = Math.min(8, Math.floor(n / 2));
  if (blocks < 4) return null;
  const envelope = lowerEnvelope({ timesMs: ctx.points.timesMs.slice(fromIndex), values: ctx.points.values.slice(fromIndex) }, blocks);
  return fitLine(envelope.timesMs, envelope.values, 0, envelope.timesMs.length, ctx.limits.noise);
}

/**
 * A floor that fell back lately (a cache emptied, a pool shrunk) is not a pure leak, and the
 * rising edge of a sawtooth is a perfect line: no leak is called within `TIMING.fallHoldMs` of a
 * fall after warm-up. A fall is a drop of the level (each point capped at the higher of its
 * neighbours, so one late read does not count; a low point does, floors are never read too low)
 * by more than 5 noise scales and a quarter of the window's rise.
 *
 * A fall at a heap snapshot (see `isSnapshotFall`) is looked past: writing a snapshot collects
 * the heap and throws away compiled code and the engine's caches, which says nothing about the
 * program's own memory; holding the leak back for 15 s after it would make `--diff` runs (their
 * warm-up snapshot) and a learner pressing Snapshot undo a verdict the floors support.
 */
function fellLately(ctx: FigureContext, fit: LineFit): boolean {
  const { ring } = ctx;
  const nowMs = ctx.points.timesMs[ctx.points.timesMs.length - 1];
  const margin = Math.max(5 * ctx.limits.noise.sigma, 0.25 * fit.slopePerSec * (fit.spanMs / 1000));
  const from = ring.firstAtOrAfter(Math.max(ctx.fallsFromMs, nowMs - TIMING.fallHoldMs) - 2000);
  let previous = Number.NaN;
  for (let i = from + 1; i + 1 < ring.length && ring.timeAt(i) <= nowMs; i++) {
    const a = ring.valueAt(i - 1);
    const b = ring.valueAt(i);
    const c = ring.valueAt(i + 1);
    // Floors are only ever read too high: a point above both neighbours is capped to the higher
    // one, a low point is real.
    const level = Math.min(b, Math.max(a, c));
    const atMs = ring.timeAt(i);
    if (level < previous - margin && atMs >= ctx.fallsFromMs && nowMs - atMs < TIMING.fallHoldMs && !isSnapshotFall(ctx, i)) return true;
    previous = level;
  }
  return false;
}

/**
 * Whether the fall to ring point `i` is a heap snapshot's: a snapshot was taken after the point
 * two before it. Its collection shows in the first floor written after it; one floor more of
 * slack covers a floor that was read while the snapshot was being asked for.
 */
function isSnapshotFall(ctx: FigureContext, i: number): boolean {
  const { ring } = ctx;
  const afterMs = i >= 2 ? ring.timeAt(i - 2) : Number.NEGATIVE_INFINITY;
  return ctx.store.hasSnapshotIn(afterMs, ring.timeAt(i));
}

/**
 * A leak makes new highs; a cache that refills after a purge, or a pool that grows again after it
 * shrank, returns to a level seen before. The end of a recent window's line must stand above
 * every earlier level (each capped at the higher of its neighbours, so one late read does not count).
 *
 * Levels before a heap snapshot count as if lowered by the snapshot's fall: that fall took away
 * compiled code and caches (not the program's memory), which come back only slowly, so a leak
 * that goes on after a snapshot would otherwise have to climb back over the tool's own drop
 * before a recent window could show it. A program's purge is not a snapshot and still counts.
 */
function isNewHigh(ctx: FigureContext, fromIndex: number, fit: LineFit): boolean {
  const { ring } = ctx;
  const from = ring.firstAtOrAfter(ctx.historyFromMs);
  const to = ring.firstAtOrAfter(ctx.points.timesMs[fromIndex]);
  let ceiling = Number.NEGATIVE_INFINITY;
  const levelAt = (i: number): number => Math.min(ring.valueAt(i), Math.max(ring.valueAt(i - 1), ring.valueAt(i + 1)));
  for (let i = from + 1; i + 1 < to; i++) {
    // The snapshot's fall: from the level before it to the lower of the two floors after it.
    if (Number.isFinite(ceiling) && ctx.store.hasSnapshotIn(ring.timeAt(i - 1), ring.timeAt(i))) {
      const after = Math.min(ring.valueAt(i), i + 1 < ring.length ? ring.valueAt(i + 1) : Infinity);
      const before = i - 1 > from ? levelAt(i - 1) : ring.valueAt(i - 1);
      ceiling -= Math.max(0, before - after);
    }
    ceiling = Math.max(ceiling, levelAt(i));
  }
  const endLevel = fit.levelAtMs(ctx.points.timesMs[ctx.points.timesMs.length - 1]);
  return endLevel > ceiling + 2 * fit.sigma;
}
