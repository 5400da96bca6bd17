import type { RunEvent } from '../protocol/run-events.ts';
import type { RunEventListener } from './runtime.ts';

/** The listeners of one runtime: every runtime hands its RunEvents to the page through one of these. */
export class RunEventHub {
  readonly #listeners = new Set<RunEventListener>();

  on(listener: RunEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(event: RunEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (err) {
        // A broken view must not stop the other listeners or the runtime; say so in the console.
        console.error('Leak Lab: a run-event listener threw', err);
      }
    }
  }

  /** A start that never got going: a notice with the detail, then the one `exited` the contract promises. */
  failStart(code: string, text: string): void {
    this.emit({ type: 'notice', level: 'error', code, text });
    this.emit({ type: 'exited', runId: '', reason: 'failed', code: null, signal: null, message: '' });
  }

  clear(): void {
    this.#listeners.clear();
  }
}
