import type { CheckRequest, ResponseCheckOutcome } from '../protocol/response-check.ts';
import type { RunEvent, RunEventOf } from '../protocol/run-events.ts';
import { checkResponses } from './response-check.ts';

/** The run a check is about: its id, and whether it has ended (then no answer may follow its `exited`). */
export interface CheckedRun {
  readonly runId: string;
  readonly hasExited: boolean;
}

/**
 * The response checks of one page's runs (one run at a time, as a socket session has). It
 * learns from the run's own events where the load reaches the program (`load-ready`), sends a
 * check there when asked, and answers with one `responses-checked` event, unless the run has
 * ended by then: `exited` stays the last event of a run, and the page reads a run that ended
 * before its check came back as unchecked.
 */
export class RunResponseChecks {
  readonly #emit: (event: RunEventOf<'responses-checked'>) => void;
  #current: { runId: string; target: string | null; checking: AbortController | null } | null = null;

  constructor(emit: (event: RunEventOf<'responses-checked'>) => void) {
    this.#emit = emit;
  }

  /** Every event of the session's runs passes here, in order. */
  observe(event: RunEvent): void {
    switch (event.type) {
      case 'started':
        this.#current = { runId: event.runId, target: null, checking: null };
        return;
      case 'load-ready':
        // A load re-aimed at another port connects again; the latest is where the program answers.
        if (this.#current) this.#current.target = event.target;
        return;
      case 'exited':
        if (this.#current?.runId !== event.runId) return;
        this.#current.checking?.abort();
        this.#current = null;
        return;
      default:
        return;
    }
  }

  /** Sends `requests` to `run`'s program; the answer is a `responses-checked` event for that run. */
  check(run: CheckedRun | null, requests: readonly CheckRequest[]): void {
    const current = this.#current;
    if (!run || run.hasExited || current?.runId !== run.runId) {
      return this.#answer(run?.runId ?? '', { kind: 'not-checked', blame: 'runner', reason: 'No program is running, so there is nothing to send the check requests to.' });
    }
    if (current.target === null) {
      return this.#answer(run.runId, { kind: 'not-checked', blame: 'program', reason: "The program has not accepted the load's connections, so no check request could be sent. Does it listen on process.env.PORT?" });
    }
    if (current.checking) {
      return this.#answer(run.runId, { kind: 'not-checked', blame: 'runner', reason: 'A response check of this run is already under way.' });
    }
    const checking = new AbortController();
    current.checking = checking;
    void checkResponses(current.target, requests, checking.signal).then((outcome) => {
      if (this.#current !== current || checking.signal.aborted) return; // the run ended first
      current.checking = null;
      this.#answer(run.runId, outcome);
    });
  }

  #answer(runId: string, outcome: ResponseCheckOutcome): void {
    this.#emit({ type: 'responses-checked', runId, outcome });
  }
}
