/**
 * Caps how much of a program's output reaches the page: a program printing in a tight loop
 * must not freeze the terminal or the socket. Bytes over the per-second budget or the total
 * budget are dropped and counted, so the runner can say how much it dropped.
 */
export class OutputLimiter {
  readonly bytesPerSec: number;
  readonly totalBytes: number;
  private windowStartMs = 0;
  private windowBytes = 0;
  private passedBytes = 0;
  droppedBytes = 0;
  droppedSinceReport = 0;

  constructor(bytesPerSec: number, totalBytes: number) {
    this.bytesPerSec = bytesPerSec;
    this.totalBytes = totalBytes;
  }

  /** The part of `text` that may pass now ('' when over budget). */
  admit(text: string, nowMs: number): string {
    if (nowMs - this.windowStartMs >= 1000) {
      this.windowStartMs = nowMs;
      this.windowBytes = 0;
    }
    const room = Math.min(this.bytesPerSec - this.windowBytes, this.totalBytes - this.passedBytes);
    if (room <= 0) {
      this.drop(text.length);
      return '';
    }
    const passed = text.length <= room ? text : text.slice(0, room);
    this.windowBytes += passed.length;
    this.passedBytes += passed.length;
    if (passed.length < text.length) this.drop(text.length - passed.length);
    return passed;
  }

  get isTotalExhausted(): boolean {
    return this.passedBytes >= this.totalBytes;
  }

  private drop(n: number): void {
    this.droppedBytes += n;
    this.droppedSinceReport += n;
  }
}
