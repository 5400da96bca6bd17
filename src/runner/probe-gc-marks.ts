/**
 * The reason V8's `--trace-gc` gives a collection asked for with `gc()`, which is how the probe
 * forces the full collection it measures the floor with (sandbox/probe.mjs, at most once a second,
 * only in a second when the program had no major GC of its own).
 */
const FORCED_GC_REASON = /testing; GC in old space requested/g;
/** Longer than the phrase, so one split across two chunks of output is still found. */
const TAIL_CHARS = 64;

/** What a marked line gets after its reason. */
export const PROBE_GC_MARK = ' [forced by the Leak Lab probe]';

/** The terminal's words at the start of a `--trace-gc` run. */
export const PROBE_GC_NOTICE = `--trace-gc: the probe forces a full collection at most once a second, only in a second when the program had none of its own, to measure the heap's floor. Those Mark-Compact lines end "testing; GC in old space requested" and are marked${PROBE_GC_MARK}: do not count them as the program's (a gc() call in the program's own code reads the same, and is marked too).`;

/** True for the flags that make V8 print a line per collection. */
export function tracesGc(nodeFlags: readonly string[]): boolean {
  return nodeFlags.some((flag) => flag === '--trace-gc' || flag === '--trace-gc-verbose');
}

/**
 * Marks the probe's forced collections in `--trace-gc` output, chunk by chunk as the program's
 * stdout arrives: the mark goes right after the reason, in the chunk where the reason ends. No
 * Node imports: any runtime's output can pass through it.
 */
export class ProbeGcMarks {
  #tail = '';

  /** The chunk with a mark after each forced-collection reason that ends in it. */
  mark(text: string): string {
    const window = this.#tail + text;
    const tailLength = this.#tail.length;
    let out = '';
    let from = 0;
    for (const match of window.matchAll(FORCED_GC_REASON)) {
      const end = match.index + match[0].length - tailLength;
      if (end <= 0) continue; // ended in the previous chunk, which was marked then
      out += text.slice(from, end) + PROBE_GC_MARK;
      from = end;
    }
    this.#tail = window.slice(-TAIL_CHARS);
    return out + text.slice(from);
  }
}
