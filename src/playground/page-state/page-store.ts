import type { PageAction } from './page-actions.ts';
import type { PageState } from './page-state.ts';
import { reduce } from './reduce.ts';

export type StateListener = (state: PageState) => void;
export type ActionListener = (action: PageAction) => void;

/** What a view is given: the state to read and word of changes; nothing to change it with. */
export interface PageView {
  readonly state: PageState;
  /** Calls `listener` now and after every change (at most once per microtask). */
  subscribe(listener: StateListener): () => void;
}

/**
 * The page's one store: `dispatch` runs the pure `reduce` and keeps the result. Views subscribe
 * to states; controllers also hear each action after it was applied (`onAction`), to do what
 * the state cannot: call the runtime or the analyzer, which answer with more actions.
 *
 * Views are told once per microtask, however many actions came (snapshot progress comes fast,
 * and a click often dispatches two); controllers are told of every action, synchronously.
 */
export class PageStore implements PageView {
  #state: PageState;
  readonly #listeners = new Set<StateListener>();
  readonly #actionListeners = new Set<ActionListener>();
  #isNotifyScheduled = false;

  constructor(initial: PageState) {
    this.#state = initial;
  }

  get state(): PageState {
    return this.#state;
  }

  dispatch(action: PageAction): void {
    const before = this.#state;
    this.#state = reduce(before, action);
    for (const listener of this.#actionListeners) isolate(() => listener(action));
    if (this.#state !== before) this.#scheduleNotify();
  }

  subscribe(listener: StateListener): () => void {
    this.#listeners.add(listener);
    listener(this.#state);
    return () => this.#listeners.delete(listener);
  }

  onAction(listener: ActionListener): () => void {
    this.#actionListeners.add(listener);
    return () => this.#actionListeners.delete(listener);
  }

  #scheduleNotify(): void {
    if (this.#isNotifyScheduled) return;
    this.#isNotifyScheduled = true;
    queueMicrotask(() => {
      this.#isNotifyScheduled = false;
      const state = this.#state;
      for (const listener of this.#listeners) isolate(() => listener(state));
    });
  }
}

/** A broken view or controller must not stop the others, nor the runtime that dispatched; it is said in the console. */
function isolate(call: () => void): void {
  try {
    call();
  } catch (err) {
    console.error('Leak Lab: a page listener threw', err);
  }
}
