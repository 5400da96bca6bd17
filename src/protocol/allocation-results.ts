/**
 * Result types of the allocation questions: sampling heap profiles (`.heapprofile`) and the
 * allocation traces of heap snapshots written with tracking on. Plain JSON-able data, sizes in
 * bytes; the shapes of `leaklab profile --json` and of `--class` on snapshots with traces.
 */

/**
 * Whose code a frame is: the user's program (`app`), a package under node_modules, Node's own
 * JavaScript (`node:` URLs), or V8 natives and builtins (no script). All but `app` are folded
 * into their caller by default.
 */
export type FrameOrigin = 'app' | 'node-modules' | 'node-internal' | 'native';

/** One function on an allocation stack. Lines and columns are 1-based; 0 = unknown. */
export interface StackFrame {
  functionName: string;
  /** The script's URL or path as V8 names it (`file:///app/server.js`, `/app/server.js`, `node:events`), or '' for natives. */
  url: string;
  /** Where the function is (V8 records functions, not the line of each allocation; the column is its parameters' opening parenthesis). */
  line: number;
  column: number;
  origin: FrameOrigin;
  /** When a source map moved the frame: where it was in the generated file. */
  generated?: { url: string; line: number; column: number };
}

/** One call path and what was allocated on it (self) or on it and below (total). */
export interface AllocationSite {
  /** Innermost frame first: the function that allocated, then its callers. Empty: no frame of the user's code. */
  stack: StackFrame[];
  selfBytes: number;
  totalBytes: number;
  /** Samples the profiler took on this path: each stands for about `sampleIntervalBytes` bytes, not one object. */
  selfSamples: number;
  totalSamples: number;
}

/** `leaklab profile FILE --json`: the call paths that hold the most live sampled bytes. */
export interface ProfileSitesResult {
  totalBytes: number;
  totalSamples: number;
  /** About how many bytes one sample stands for (the median sample), when the profile lists its samples. */
  sampleIntervalBytes?: number;
  /** Frames of Node, natives and node_modules were folded into their callers. */
  isFolded: boolean;
  sites: AllocationSite[];
}

/** A node of the top-down allocation tree. */
export interface AllocationTreeNode {
  /** Undefined for the root (and, folded, for what no frame of the user's code allocated). */
  frame?: StackFrame;
  selfBytes: number;
  totalBytes: number;
  selfSamples: number;
  totalSamples: number;
  children: AllocationTreeNode[];
}

/** One call path in a comparison of two profiles. */
export interface ProfileDiffSite {
  stack: StackFrame[];
  bytesBefore: number;
  bytesAfter: number;
  /** Growth of the live sampled bytes on this path from the first profile to the second. */
  bytesDelta: number;
  samplesBefore: number;
  samplesAfter: number;
}

/** `leaklab profile A B --json`: where live memory grew between two profiles. */
export interface ProfileDiffResult {
  totalBytesBefore: number;
  totalBytesAfter: number;
  sampleIntervalBytes?: number;
  isFolded: boolean;
  /** Largest growth first; paths whose bytes did not change are left out. */
  sites: ProfileDiffSite[];
}

/** Live objects of one class allocated on one stack, from a snapshot's allocation traces. */
export interface ClassAllocationStack {
  stack: StackFrame[];
  count: number;
  selfSize: number;
}

/** The allocation stacks of a class's objects (all live ones, or those new since an earlier snapshot). */
export interface ClassAllocationsResult {
  className: string;
  /** Objects looked at (a class's live objects, or the ones a diff found new). */
  count: number;
  selfSize: number;
  /** False when the snapshot was written without allocation tracking: then `stacks` is empty. */
  hasTraces: boolean;
  /** Objects with no trace: allocated before tracking started. */
  untracedCount: number;
  isFolded: boolean;
  stacks: ClassAllocationStack[];
}

/** One call path whose live memory grew during a run, between two of the probe's profiles. */
export interface SiteGrowth {
  /** Innermost frame first, as in AllocationSite. */
  stack: StackFrame[];
  bytesBefore: number;
  bytesAfter: number;
  /** Live bytes more on this path at the end than at the start of the window (V8's estimate from its samples). */
  bytesGrown: number;
  samplesBefore: number;
  samplesAfter: number;
  bytesPerSec: number;
  /**
   * Samples gained per second: a sample is about one interval's worth of bytes, not one object
   * (the inspector's profile cannot say how many objects a sample stands for; see AllocProfile).
   */
  samplesPerSec: number;
  /** Null when the run had no load (or no request in the window). */
  bytesPerRequest: number | null;
  samplesPerRequest: number | null;
  /**
   * The growth is more than sampling noise: at least MIN_GROWN_SAMPLES more samples, and more than
   * three standard deviations of the two sample counts (each a Poisson count).
   */
  isAboveNoise: boolean;
}

/** The growth of live memory by allocating stack over a window of a run: the leak's allocation sites. */
export interface AllocationGrowthResult {
  /** The program's clock at the two profiles compared. */
  fromMs: number;
  toMs: number;
  /** Requests answered between them; null without load. */
  requests: number | null;
  /** About how many bytes one sample stands for. */
  intervalBytes: number;
  totalBytesBefore: number;
  totalBytesAfter: number;
  isFolded: boolean;
  /** Paths that grew, largest growth first (those above noise before the rest); at most `top`. */
  sites: SiteGrowth[];
}
