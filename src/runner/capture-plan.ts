/**
 * What a heap snapshot will cost, estimated from the heap before it is written, and whether the
 * run can afford it. Measured on Node 24 (README, "What a snapshot costs"): the file is about
 * 1.45 to 1.61 times the used heap; V8 builds the whole graph outside the JS heap first, so the
 * process grows by 6.4 to 7.2 times the used heap while it writes (its JS heap does not grow at
 * all); writing takes 30 to 110 ms per MB of heap, slower on a busy machine. The estimates use
 * the top of each range, so a refusal errs towards safety. No Node imports: numbers in, words out.
 */
export const SNAPSHOT_FILE_PER_HEAP_BYTE = 1.75;
export const SNAPSHOT_MEMORY_PER_HEAP_BYTE = 7.2;
export const SNAPSHOT_MS_PER_HEAP_MB = 110;

export interface CaptureEstimate {
  sizeBytes: number;
  writeMs: number;
  /** How much more memory (rss) the process needs while V8 writes. */
  extraMemoryBytes: number;
}

/** What the run has room for right now. */
export interface CaptureRoom {
  heapUsedBytes: number;
  rssBytes: number;
  /** The rss at which the runner ends the run (its memory cap); null when there is none. */
  rssCapBytes: number | null;
  /** Memory the machine has free for the process; null when unknown. */
  machineFreeBytes: number | null;
  /** The largest snapshot the runner keeps. */
  maxSnapshotBytes: number;
  /** The run has allocation sites on: the cheaper way to see what grows, offered in a refusal. */
  hasAllocSites: boolean;
  /**
   * Memory an earlier snapshot of this process left in it (the allocator keeps what V8 freed):
   * the next snapshot reuses it before the process grows again. 0 before the first.
   */
  reusableBytes: number;
}

export type CapturePlan =
  | { ok: true; estimate: CaptureEstimate }
  | { ok: false; estimate: CaptureEstimate; reason: string };

export function estimateCapture(heapUsedBytes: number): CaptureEstimate {
  return {
    sizeBytes: Math.round(heapUsedBytes * SNAPSHOT_FILE_PER_HEAP_BYTE),
    writeMs: Math.round((heapUsedBytes / 1e6) * SNAPSHOT_MS_PER_HEAP_MB),
    extraMemoryBytes: Math.round(heapUsedBytes * SNAPSHOT_MEMORY_PER_HEAP_BYTE),
  };
}

const mib = (bytes: number): string => `${Math.round(bytes / 1048576)} MiB`;

/**
 * Whether to write a snapshot now. Refused when the process would pass the run's memory cap or
 * the machine's free memory while V8 writes (the cap would end the run right after, or the
 * kernel's OOM killer during the write), or the file would be over the size cap. The reason says
 * the numbers and the cheaper ways: allocation sites, or a snapshot with a smaller heap.
 */
export function planCapture(room: CaptureRoom): CapturePlan {
  const estimate = estimateCapture(room.heapUsedBytes);
  const growsBytes = Math.max(0, estimate.extraMemoryBytes - room.reusableBytes);
  const needs = `Writing a snapshot of this ${mib(room.heapUsedBytes)} heap needs about ${mib(estimate.extraMemoryBytes)} more memory while V8 writes it (a file of about ${mib(estimate.sizeBytes)}, ${(estimate.writeMs / 1000).toFixed(1)} s)`;
  const cheaper = room.hasAllocSites
    ? 'The allocation sites (the Allocated at view, leaklab run --alloc-sites) show what grows without a snapshot; or take snapshots earlier in the run, or with a smaller --heap-cap so the leak shows at a smaller heap.'
    : 'Allocation sites show what grows without a snapshot (leaklab run --alloc-sites); or take snapshots earlier in the run, or with a smaller --heap-cap so the leak shows at a smaller heap.';
  if (room.rssCapBytes !== null && room.rssBytes + growsBytes > room.rssCapBytes) {
    return { ok: false, estimate, reason: `${needs}, and the process already uses ${mib(room.rssBytes)} of the run's ${mib(room.rssCapBytes)} memory cap: the run would be ended for it. ${cheaper}` };
  }
  if (room.machineFreeBytes !== null && growsBytes > room.machineFreeBytes) {
    return { ok: false, estimate, reason: `${needs}, and this machine has ${mib(room.machineFreeBytes)} free: the kernel could kill the program mid-write. ${cheaper}` };
  }
  if (estimate.sizeBytes > room.maxSnapshotBytes) {
    return { ok: false, estimate, reason: `${needs}: over the ${mib(room.maxSnapshotBytes)} snapshot size cap. ${cheaper}` };
  }
  return { ok: true, estimate };
}
