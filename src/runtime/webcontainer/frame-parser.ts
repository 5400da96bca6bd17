import { FRAME_END, FRAME_START } from '../../../sandbox/frame-markers.mjs';

// The markers are written once, in sandbox/, because the probe and the load loop that write
// frames are plain JavaScript mounted into the container; the page reads them from there.
export { FRAME_END, FRAME_START };
/** A frame longer than this is not ours (or is broken): its text goes to the terminal instead. */
const MAX_FRAME_CHARS = 64 * 1024;

export interface FrameParserSink {
  /** Program output with every frame removed, in order. */
  onText(text: string): void;
  /** One frame's body, parsed as JSON; `undefined` when it was not valid JSON. */
  onFrame(value: unknown): void;
}

/**
 * Splits a terminal stream into the program's text and the probe's frames
 * (`FRAME_START json FRAME_END`, see sandbox/probe.mjs). WebContainer merges stdout and stderr
 * into one pseudo-terminal, so frames may arrive in the middle of a line the program is writing
 * and split across chunks; text around them is passed on untouched.
 */
export class FrameParser {
  readonly #sink: FrameParserSink;
  /** Body of a frame whose end has not arrived yet; null outside a frame. */
  #pending: string | null = null;

  constructor(sink: FrameParserSink) {
    this.#sink = sink;
  }

  push(chunk: string): void {
    let text = '';
    let at = 0;
    while (at < chunk.length) {
      if (this.#pending === null) {
        const start = chunk.indexOf(FRAME_START, at);
        if (start < 0) { text += chunk.slice(at); break; }
        text += chunk.slice(at, start);
        this.#pending = '';
        at = start + 1;
        continue;
      }
      const end = chunk.indexOf(FRAME_END, at);
      if (end < 0) {
        this.#pending += chunk.slice(at);
        if (this.#pending.length > MAX_FRAME_CHARS) { text += this.#pending; this.#pending = null; }
        break;
      }
      const body = this.#pending + chunk.slice(at, end);
      this.#pending = null;
      at = end + 1;
      if (text) { this.#sink.onText(text); text = ''; }
      this.#sink.onFrame(parseJson(body));
    }
    if (text) this.#sink.onText(text);
  }
}

function parseJson(body: string): unknown {
  try {
    // A pseudo-terminal may have turned \n into \r\n; JSON.stringify never writes raw newlines, so strip them.
    return JSON.parse(body.replace(/\r?\n/g, ''));
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}
