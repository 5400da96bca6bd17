import type { LessonFrontmatter } from '../../lessons/schema.ts';
import { CHECK_LIMITS } from '../../protocol/response-check.ts';
import { SnapshotSchedule, warmupSnapshotAtMs, type ScheduleStep } from '../../runner/snapshot-schedule.ts';
import type { PageAction } from '../page-state/page-actions.ts';
import { canTakeSnapshot } from '../page-state/page-selectors.ts';
import type { PageStore } from '../page-state/page-store.ts';
import { isReadyToDecide, type ChallengeAttempt } from '../page-state/challenge-slice.ts';
import { PAGE_DECIDE_CAP_SEC } from '../page-state/verdict-badge.ts';
import type { VerdictReader } from '../page-state/verdict-reader.ts';
import type { RuntimePort } from '../runtime-port.ts';
import { challengeAvailability } from './challenge-availability.ts';
import type { VerdictSummary } from './challenge-evidence.ts';
import { lessonCheck } from './lesson-check.ts';

/** As a headless run: seconds count from the load's first connection, or from here if it never comes. */
const LISTEN_GRACE_SEC = 5;
/** The controller looks at the clock this often too, for runs whose samples stop (a blocked loop). */
const TICK_MS = 250;
/** After the check stopped its run, this long for the comparison before deciding without it. */
const COMPARE_WAIT_MS = 60_000;
/** A check may be made longer after an undecided one, up to the frontmatter's own maximum. */
export const MAX_CHECK_SECONDS = 120;

export interface ChallengeControllerDeps {
  meta: LessonFrontmatter;
  store: PageStore;
  runtime: Pick<RuntimePort, 'stop' | 'checkResponses'>;
  /** Starts a run of the editor's text, exactly as the Run button does. */
  startRun(): void;
  /** Asks for a heap snapshot, as the Snapshot button does (it joins the list and is opened there). */
  takeSnapshot(): void;
  /** Compares two snapshots of the list, as ticking them and pressing Compare does. */
  compareSnapshots(entryIds: readonly string[]): void;
  readVerdict: VerdictReader;
  /** Wall-clock ms (performance.now in the page). */
  now(): number;
  nowIso(): string;
}

/**
 * "Check my fix": runs the learner's program under the lesson's load for the lesson's seconds,
 * and on while the verdict is undecided (up to PAGE_DECIDE_CAP_SEC, as `leaklab run --diff
 * --fail-on-leak` does up to its --max-seconds), takes a heap snapshot after the warm-up and one at the end,
 * sends the lesson's check requests in between, stops the run, and once the comparison is in
 * asks the store to decide. It drives the same Run, Snapshot and Compare the learner has, so the
 * evidence is on the page where they already look: the chart, the snapshot list and comparison,
 * the terminal. The schedule (SnapshotSchedule, shared with the headless run) says when.
 */
export class ChallengeController {
  readonly #deps: ChallengeControllerDeps;
  #schedule: SnapshotSchedule | null = null;
  #deadlineMs = Number.POSITIVE_INFINITY;
  #isLoadTimed = false;
  #isTimeUp = false;
  /** The snapshot asked of the runtime and not settled yet, or one the schedule wants taken as soon as it can be. */
  #asked: 'warm-up' | 'end' | null = null;
  #wanted: 'warm-up' | 'end' | null = null;
  #isAwaitingEndOpen = false;
  #responsesAskedAtMs: number | null = null;
  #lastSampleAtMs = 0;
  #stoppedAtMs: number | null = null;
  #ticker: ReturnType<typeof setInterval> | null = null;
  #verdictAtTimeUp: ReturnType<VerdictReader> = null;

  constructor(deps: ChallengeControllerDeps) {
    this.#deps = deps;
    // After the action's own dispatch has finished: what this does dispatches again, and every
    // other listener must see the action that came first before it sees ours.
    deps.store.onAction((action) => queueMicrotask(() => this.#onAction(action)));
  }

  /** Starts a check of the editor's program; `seconds` longer than the lesson's after an undecided one. */
  check(seconds = this.#deps.meta.durationSec): void {
    const { store, meta } = this.#deps;
    if (!challengeAvailability(store.state).canCheck) return;
    this.#reset();
    const { requests } = lessonCheck(meta);
    store.dispatch({ type: 'challenge-asked', seconds: Math.min(seconds, MAX_CHECK_SECONDS), leakingClass: meta.leakingClass ?? null, requests });
    this.#deps.startRun();
  }

  dispose(): void {
    this.#reset();
  }

  #onAction(action: PageAction): void {
    const attempt = this.#deps.store.state.challenge.attempt;
    if (!attempt) return this.#reset(); // decided or cancelled
    switch (action.type) {
      case 'run-event': {
        const { event } = action;
        if (event.type === 'started' && event.runId === attempt.runId && !this.#schedule) this.#begin(attempt);
        else if (event.type === 'load-ready') this.#onLoadReady(attempt);
        else if (event.type === 'sample') this.#lastSampleAtMs = event.sample.atMs;
        else if ((event.type === 'snapshot-ready' || event.type === 'snapshot-failed') && this.#asked) this.#onSnapshotSettled();
        break;
      }
      case 'snapshot-opened':
      case 'snapshot-open-failed':
        if (this.#isAwaitingEndOpen && action.entryId === attempt.endEntryId) this.#stopAndCompare();
        break;
      default:
        break;
    }
    this.#tick();
  }

  #begin(attempt: ChallengeAttempt): void {
    const hasClass = attempt.leakingClass !== null;
    // The lesson's seconds are a minimum: an undecided verdict runs on, up to the page's cap.
    const untilDecided = { maxRunMs: Math.max(attempt.seconds, PAGE_DECIDE_CAP_SEC) * 1000 };
    this.#schedule = new SnapshotSchedule({ atMs: hasClass ? [warmupSnapshotAtMs(attempt.seconds)] : [], finalSnapshot: hasClass, untilDecided });
    this.#deadlineMs = this.#deps.now() + (attempt.seconds + LISTEN_GRACE_SEC) * 1000;
    this.#schedule.startClock(this.#deps.now() + LISTEN_GRACE_SEC * 1000);
    this.#ticker = setInterval(() => this.#tick(), TICK_MS);
  }

  #onLoadReady(attempt: ChallengeAttempt): void {
    if (!this.#schedule || this.#isLoadTimed) return;
    this.#isLoadTimed = true;
    this.#deadlineMs = this.#deps.now() + attempt.seconds * 1000;
    this.#schedule.startClock(this.#deps.now());
  }

  /** Everything that depends on time or on what has arrived: called on each action and each tick. */
  #tick(): void {
    const { store, now } = this.#deps;
    const attempt = store.state.challenge.attempt;
    if (!attempt) return this.#reset();
    if (isReadyToDecide(attempt)) return this.#decide();
    const nowMs = now();
    // An analyzer that never answers must not leave the check hanging: decide, the comparison missing.
    if (this.#stoppedAtMs !== null && nowMs - this.#stoppedAtMs > COMPARE_WAIT_MS) return this.#decide();
    const schedule = this.#schedule;
    if (!schedule || attempt.hasRunEnded || attempt.isStopping) return;
    if (!this.#isTimeUp && !this.#asked && !this.#wanted && canTakeSnapshot(store.state)) {
      this.#apply(schedule.onSample(this.#lastSampleAtMs, nowMs), 'warm-up');
    }
    if (this.#wanted && canTakeSnapshot(store.state)) this.#askSnapshot(this.#wanted);
    this.#checkResponses(attempt, nowMs);
    const isResponseCheckOver = attempt.responses !== null && attempt.responses !== 'asked';
    if (!this.#isTimeUp && nowMs >= this.#deadlineMs && isResponseCheckOver) {
      // A program that has answered no request by now gives the verdict nothing to wait for.
      const reading = this.#deps.readVerdict(store.state);
      const isDecided = (reading?.verdict ?? 'unknown') !== 'unknown' || attempt.requestCount === 0;
      const step = schedule.onTimeUp(nowMs, false, isDecided);
      if (step.type !== 'run-on') {
        this.#isTimeUp = true;
        // The verdict judged is the one at time up: what comes after is the final snapshot's pause
        // and collection, the check's own doing (as in leaklab run, src/runner/headless-session.ts).
        this.#verdictAtTimeUp = reading;
        store.dispatch({ type: 'challenge-time-up' });
      }
      this.#apply(step, 'end');
    }
  }

  /**
   * The check requests go once the warm-up snapshot is written (its pause would stall them), or
   * at the warm-up time for a lesson without snapshots; at the latest when time is up, when a
   * program that never listened gets its answer from the runner.
   */
  #checkResponses(attempt: ChallengeAttempt, nowMs: number): void {
    const { store, runtime } = this.#deps;
    if (attempt.responses === 'asked' && this.#responsesAskedAtMs !== null) {
      const waitMs = CHECK_LIMITS.requestTimeoutMs * attempt.requests.length + 10_000;
      if (nowMs - this.#responsesAskedAtMs > waitMs) {
        store.dispatch({ type: 'challenge-responses-lost', reason: `the runner did not answer the response check within ${Math.round(waitMs / 1000)} s.` });
      }
      return;
    }
    if (attempt.responses !== null) return;
    const isWarm = attempt.leakingClass === null ? this.#lastSampleAtMs >= warmupSnapshotAtMs(attempt.seconds) : attempt.step === 'measuring';
    const isDue = (attempt.isLoadReady && isWarm && store.state.snapshots.capture === null) || nowMs >= this.#deadlineMs;
    if (!isDue) return;
    this.#responsesAskedAtMs = nowMs;
    store.dispatch({ type: 'challenge-responses-asked' });
    if (runtime.checkResponses) runtime.checkResponses(attempt.requests);
    else store.dispatch({ type: 'challenge-responses-lost', reason: 'this runtime cannot send requests to the program.' });
  }

  #apply(step: ScheduleStep, which: 'warm-up' | 'end'): void {
    switch (step.type) {
      case 'none': return;
      case 'take-snapshot': return this.#askSnapshot(which);
      case 'run-on':
        this.#deadlineMs = this.#deps.now() + step.ms;
        return;
      case 'stop': return this.#finish();
    }
  }

  #askSnapshot(which: 'warm-up' | 'end'): void {
    const { store, takeSnapshot } = this.#deps;
    if (!canTakeSnapshot(store.state)) {
      this.#wanted = which; // the learner's own snapshot is being written: right after it
      return;
    }
    this.#wanted = null;
    this.#asked = which;
    store.dispatch({ type: 'challenge-snapshot-asked', which });
    takeSnapshot();
  }

  #onSnapshotSettled(): void {
    const schedule = this.#schedule;
    const attempt = this.#deps.store.state.challenge.attempt;
    this.#asked = null;
    if (!schedule || !attempt) return;
    this.#apply(schedule.onSnapshotSettled(this.#deps.now(), attempt.hasRunEnded), this.#isTimeUp ? 'end' : 'warm-up');
  }

  /** Time is up and the end snapshot (if any) is written: it must be fetched before the run ends and its file goes. */
  #finish(): void {
    const attempt = this.#deps.store.state.challenge.attempt;
    if (!attempt) return;
    const endEntry = this.#deps.store.state.snapshots.entries.find((e) => e.id === attempt.endEntryId);
    if (attempt.leakingClass !== null && endEntry?.status === 'loading') {
      this.#isAwaitingEndOpen = true;
      return;
    }
    this.#stopAndCompare();
  }

  #stopAndCompare(): void {
    this.#isAwaitingEndOpen = false;
    const { store, runtime, compareSnapshots } = this.#deps;
    this.#stoppedAtMs = this.#deps.now();
    store.dispatch({ type: 'challenge-stopping' });
    runtime.stop();
    const attempt = store.state.challenge.attempt;
    if (!attempt || attempt.classGrowth !== null || !attempt.warmupEntryId || !attempt.endEntryId) return;
    // The snapshot list compares the newest two run snapshots by itself; any other pair (the
    // learner took one in between) is compared here.
    const ready = store.state.snapshots.entries.filter((e) => e.origin === 'run' && e.status === 'ready');
    const isAutoPair = ready[ready.length - 2]?.id === attempt.warmupEntryId && ready[ready.length - 1]?.id === attempt.endEntryId;
    if (!isAutoPair) compareSnapshots([attempt.warmupEntryId, attempt.endEntryId]);
  }

  #decide(): void {
    const { store, readVerdict, nowIso } = this.#deps;
    const reading = this.#verdictAtTimeUp ?? readVerdict(store.state);
    const verdict: VerdictSummary | null = reading && {
      verdict: reading.verdict, figure: reading.figure, slopePerSec: reading.slopePerSec,
      perRequest: reading.perRequest, reason: reading.reason,
    };
    this.#reset();
    store.dispatch({ type: 'challenge-decided', verdict, decidedAtIso: nowIso() });
  }

  #reset(): void {
    if (this.#ticker !== null) clearInterval(this.#ticker);
    this.#ticker = null;
    this.#schedule = null;
    this.#deadlineMs = Number.POSITIVE_INFINITY;
    this.#isLoadTimed = false;
    this.#isTimeUp = false;
    this.#asked = null;
    this.#wanted = null;
    this.#isAwaitingEndOpen = false;
    this.#responsesAskedAtMs = null;
    this.#lastSampleAtMs = 0;
    this.#stoppedAtMs = null;
    this.#verdictAtTimeUp = null;
  }
}
