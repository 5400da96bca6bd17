// Replays one recorded run through the TrendTracker the page uses, as the page would see it: the
// verdict is read twice a second of the program's clock, so the timeline says when the page's badge
// would have changed.
import { readFileSync } from 'node:fs';
import { parseSeries, type TrendEvent } from '../../src/analyzer/verdict/trend-events.ts';
import { TrendTracker, type TrendVerdict, type VerdictKind } from '../../src/analyzer/verdict/trend.ts';

export interface TimelinePoint {
  /** Seconds since load started (negative before). */
  atSec: number;
  verdict: VerdictKind;
  moreSecondsNeeded: number | null;
}

export interface Timeline {
  /** Program-clock ms of the first request row with requests done (NaN without load). */
  loadStartMs: number;
  /** Seconds of load the run had. */
  loadSec: number;
  points: TimelinePoint[];
  final: TrendVerdict;
  /** Requests per second over the run (after the first). */
  requestsPerSec: number | null;
}

const READ_EVERY_MS = 500;

function timeOf(event: TrendEvent): number {
  return event.type === 'sample' ? event.sample.atMs : event.type === 'floor' ? event.floor.atMs : event.atMs;
}

export function replaySeries(file: string): Timeline {
  const { header, events } = parseSeries(readFileSync(file, 'utf8'), file);
  const tracker = new TrendTracker(header.figure);
  const firstLoad = events.find((e) => e.type === 'requests' && e.count > 0);
  const loadStartMs = firstLoad ? timeOf(firstLoad) : timeOf(events[0] ?? { type: 'requests', atMs: 0, count: 0 });
  const points: TimelinePoint[] = [];
  let nextReadMs = Number.NEGATIVE_INFINITY;
  let lastMs = 0;
  let lastRequests = 0;
  for (const event of events) {
    tracker.add(event);
    const atMs = timeOf(event);
    lastMs = Math.max(lastMs, atMs);
    if (event.type === 'requests') lastRequests = Math.max(lastRequests, event.count);
    if (atMs >= nextReadMs) {
      const v = tracker.current();
      points.push({ atSec: (atMs - loadStartMs) / 1000, verdict: v.verdict, moreSecondsNeeded: v.moreSecondsNeeded });
      nextReadMs = atMs + READ_EVERY_MS;
    }
  }
  const final = tracker.current();
  points.push({ atSec: (lastMs - loadStartMs) / 1000, verdict: final.verdict, moreSecondsNeeded: final.moreSecondsNeeded });
  const loadSec = Math.max(0, (lastMs - loadStartMs) / 1000);
  return { loadStartMs, loadSec, points, final, requestsPerSec: firstLoad && loadSec > 0 ? lastRequests / loadSec : null };
}

/**
 * When the verdict became `expected` for good: the first reading from which every later one is
 * `expected`, in seconds of load; null when the run did not end there.
 */
export function settledAtSec(timeline: Timeline, expected: VerdictKind): number | null {
  const { points } = timeline;
  if (points.length === 0 || points[points.length - 1].verdict !== expected) return null;
  let i = points.length - 1;
  while (i > 0 && points[i - 1].verdict === expected) i--;
  return Math.max(0, points[i].atSec);
}

/** Whether the run was ever called `kind` (after load started). */
export function wasEver(timeline: Timeline, kind: VerdictKind): boolean {
  return timeline.points.some((p) => p.verdict === kind);
}
