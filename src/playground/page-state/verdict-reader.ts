import { TrendTracker, type TrendVerdict } from '../../analyzer/verdict/trend.ts';
import type { AppendLog } from './append-log.ts';
import type { PageState, SeriesEvent } from './page-state.ts';

export type VerdictReader = (state: PageState) => TrendVerdict | null;

/**
 * A selector for the run's leak verdict: it feeds the verdict tracker only the series events it
 * has not seen (so asking every frame costs nothing new), in the order they arrived, and starts
 * over for a new run. The run's heap snapshots are fed too (when each was taken), so the floor's
 * fall at a snapshot reads as the snapshot's, not the program's. Null until the run has a sample
 * or a floor.
 */
export function createVerdictReader(): VerdictReader {
  let readLog: AppendLog<SeriesEvent> | null = null;
  let readFigure: PageState['figure'] | null = null;
  let tracker: TrendTracker | null = null;
  let nextSeq = 0;
  let reading: TrendVerdict | null = null;
  let readEntries: PageState['snapshots']['entries'] | null = null;
  let fedSnapshotIds = new Set<string>();
  return (state) => {
    const log = state.run.series;
    const { entries } = state.snapshots;
    if (log === readLog && state.figure === readFigure && entries === readEntries) return reading;
    if (!tracker || !readLog || !log.isExtensionOf(readLog) || state.figure !== readFigure) {
      tracker = new TrendTracker(state.figure);
      nextSeq = log.startSeq;
      reading = null;
      fedSnapshotIds = new Set();
    }
    const fed = tracker;
    const runId = state.run.info?.runId ?? null;
    for (const entry of entries) {
      if (entry.origin !== 'run' || entry.runId !== runId || entry.atMs === null || fedSnapshotIds.has(entry.id)) continue;
      fedSnapshotIds.add(entry.id);
      fed.addSnapshot(entry.atMs);
    }
    readEntries = entries;
    log.forEachSince(nextSeq, (event) => {
      switch (event.type) {
        case 'sample':
          fed.addSample(event.sample, event.activeHandles);
          reading = fed.current();
          return;
        case 'floor':
          fed.addFloor(event.floor);
          reading = fed.current();
          return;
        case 'load':
          fed.addRequests(event.atMs, event.requests);
          return;
      }
    });
    nextSeq = log.endSeq;
    readLog = log;
    readFigure = state.figure;
    return reading;
  };
}
