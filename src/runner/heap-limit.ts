/** V8's last words when the heap is full: `FATAL ERROR: Reached heap limit` (older Nodes: `JavaScript heap out of memory`). */
const HEAP_LIMIT_TEXT = /Reached heap limit|JavaScript heap out of memory/;
/** Longer than either phrase, so a match split across two chunks of output is still seen. */
const TAIL_CHARS = 100;

/**
 * Watches a program's output for V8's heap-limit crash, chunk by chunk: whether the run ended
 * at its heap cap ('heap-cap') or some other way. Shared by the local run (stderr) and the
 * WebContainer run (the merged terminal); no Node imports, the page bundles it.
 */
export class HeapLimitWatch {
  #tail = '';
  #hasSeen = false;

  /** True once the heap-limit line has been printed. */
  get hasSeen(): boolean { return this.#hasSeen; }

  /** Feeds the next chunk of output; answers `hasSeen`. */
  feed(text: string): boolean {
    if (this.#hasSeen) return true;
    const window = this.#tail + text;
    this.#hasSeen = HEAP_LIMIT_TEXT.test(window);
    this.#tail = window.slice(-TAIL_CHARS);
    return this.#hasSeen;
  }
}
