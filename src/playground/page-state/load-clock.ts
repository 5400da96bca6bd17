import type { AppendLog } from './append-log.ts';
import type { PageState, SeriesEvent } from './page-state.ts';

export type LoadClock = (state: PageState) => number | null;

/**
 * A selector for how long the run has been under load, in seconds of the program's clock: from
 * the first load report with requests answered to the latest row of any kind (null before load).
 * The clock the verdict counts in, so "deciding for 60 s" means 60 s of evidence, not of page
 * time. Like the verdict reader it reads each series event once, and starts over for a new run.
 */
export function createLoadClock(): LoadClock {
  let readLog: AppendLog<SeriesEvent> | null = null;
  let nextSeq = 0;
  let firstLoadAtMs = Number.NaN;
  let lastAtMs = Number.NEGATIVE_INFINITY;
  return (state) => {
    const log = state.run.series;
    if (log !== readLog) {
      if (!readLog || !log.isExtensionOf(readLog)) {
        nextSeq = log.startSeq;
        firstLoadAtMs = Number.NaN;
        lastAtMs = Number.NEGATIVE_INFINITY;
      }
      log.forEachSince(nextSeq, (event) => {
        const atMs = event.type === 'sample' ? event.sample.atMs : event.type === 'floor' ? event.floor.atMs : event.atMs;
        if (event.type === 'load' && event.requests > 0 && Number.isNaN(firstLoadAtMs)) firstLoadAtMs = event.atMs;
        if (atMs > lastAtMs) lastAtMs = atMs;
      });
      nextSeq = log.endSeq;
      readLog = log;
    }
    return Number.isNaN(firstLoadAtMs) ? null : Math.max(0, lastAtMs - firstLoadAtMs) / 1000;
  };
}
