import type { CalibrationReading } from '../../protocol/probe-messages.ts';

export type { CalibrationReading };

export type CalibratedFigures = 'v8' | 'approximate' | 'unavailable';

export interface CalibrationJudgement {
  figuresAre: CalibratedFigures;
  /** One sentence for the learner, with the numbers. */
  reason: string;
}

// V8 shows a fresh flat double array as its size plus the transition garbage of `fill` (measured
// on Node 24: 32 MiB shows as ~64 MiB); a runtime whose growth is outside these bounds is not
// counting that allocation.
const MIN_GROWTH_RATIO = 0.5;
const MAX_GROWTH_RATIO = 4;
// After the drop and a collection at least half the allocation must be gone again.
const MIN_RELEASE_RATIO = 0.5;

const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;

/**
 * Do the runtime's heap figures follow a known allocation? 'v8' when they rise by about the
 * allocation and fall again once it is freed; 'approximate' when they move but not in step;
 * 'unavailable' when they are missing or do not move at all.
 */
export function judgeCalibration(r: CalibrationReading): CalibrationJudgement {
  const { beforeBytes, afterAllocBytes, afterFreeBytes } = r;
  // Null (JSON's NaN) or NaN: the runtime gave no number.
  if (!isNumber(beforeBytes) || !isNumber(afterAllocBytes) || !isNumber(afterFreeBytes) || !(r.allocatedBytes > 0)) {
    return { figuresAre: 'unavailable', reason: 'This runtime gives no heap figures (process.memoryUsage() returned no numbers).' };
  }
  const grewBytes = afterAllocBytes - beforeBytes;
  const releasedBytes = afterAllocBytes - afterFreeBytes;
  const said = `Allocating ${mb(r.allocatedBytes)} moved heapUsed by ${mb(grewBytes)}; freeing it moved it back by ${mb(releasedBytes)}`;
  if (Math.abs(grewBytes) < r.allocatedBytes * 0.05 && Math.abs(releasedBytes) < r.allocatedBytes * 0.05) {
    return { figuresAre: 'unavailable', reason: `${said}: the figures do not respond to memory use, so they are not shown.` };
  }
  const grewInStep = grewBytes >= r.allocatedBytes * MIN_GROWTH_RATIO && grewBytes <= r.allocatedBytes * MAX_GROWTH_RATIO;
  const releasedInStep = releasedBytes >= r.allocatedBytes * MIN_RELEASE_RATIO;
  if (grewInStep && releasedInStep) {
    return { figuresAre: 'v8', reason: `${said}: the figures follow real allocations.` };
  }
  const why = !grewInStep ? 'the rise does not match the allocation' : `the memory did not come back${r.hasGc ? '' : ' (this runtime cannot force a GC)'}`;
  return { figuresAre: 'approximate', reason: `${said}: ${why}, so the figures are approximate, not V8's own.` };
}

function isNumber(n: number | null): n is number {
  return n !== null && Number.isFinite(n);
}
