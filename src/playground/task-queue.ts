/**
 * Runs tasks one after another, as the analyzer worker works. A task that throws does not stop
 * the ones after it; its error goes to `onFailure`, so it reaches the page rather than being lost.
 */
export class TaskQueue {
  readonly #onFailure: (err: unknown) => void;
  #tail: Promise<void> = Promise.resolve();

  constructor(onFailure: (err: unknown) => void) {
    this.#onFailure = onFailure;
  }

  enqueue(task: () => Promise<void>): void {
    this.#tail = this.#tail.then(task).catch((err: unknown) => this.#onFailure(err));
  }
}
