import type { RunEvent } from '../../protocol/run-events.ts';
import { decideChallenge } from '../challenge/challenge-decision.ts';
import type { ClassGrowth } from '../challenge/challenge-evidence.ts';
import { exitLine } from './exit-line.ts';
import type { PageAction } from './page-actions.ts';
import type { PageState, SnapshotsSlice } from './page-state.ts';
import { type ChallengeAttempt, type ChallengeSlice, evidenceOf, newAttempt } from './challenge-slice.ts';

/** Classes listed beside the leaking class, for context. */
const TOP_GROWING = 5;

/**
 * The challenge slice's transitions. `state` is the page after the other slices took `action`
 * (a snapshot that just arrived is already in its list). The check's own actions move it on;
 * the run's events and the snapshot tools' answers are its evidence; Run or Stop pressed by the
 * learner while it goes cancels it, saying so.
 */
export function reduceChallenge(slice: ChallengeSlice, action: PageAction, state: PageState): ChallengeSlice {
  if (action.type === 'challenge-asked') return { attempt: newAttempt(action), result: null };
  const a = slice.attempt;
  if (!a) return slice;
  if (action.type === 'challenge-decided') return decided(a, action);
  const next = nextAttempt(a, action, state);
  if (next === 'cancel-run') return cancelled(a, 'You started another run, so the check stopped. Press Check my fix to check again.');
  if (next === 'cancel-stop') return cancelled(a, 'You pressed Stop before the check was over. Press Check my fix to check again.');
  return next === a ? slice : { ...slice, attempt: next };
}

type Next = ChallengeAttempt | 'cancel-run' | 'cancel-stop';

function nextAttempt(a: ChallengeAttempt, action: PageAction, state: PageState): Next {
  switch (action.type) {
    case 'run-asked': return a.isRunAsked ? 'cancel-run' : { ...a, isRunAsked: true };
    case 'stop-asked': return a.isStopping ? a : 'cancel-stop';
    case 'run-event': return onRunEvent(a, action.event, state.snapshots);
    case 'challenge-snapshot-asked': return { ...a, pendingSnapshot: action.which, ...(action.which === 'end' ? { step: 'finishing' } : {}) };
    case 'challenge-responses-asked': return { ...a, responses: 'asked' };
    case 'challenge-responses-lost': return a.responses === 'asked' ? { ...a, responses: { kind: 'not-checked', blame: 'runner', reason: action.reason } } : a;
    case 'challenge-time-up': return { ...a, step: 'finishing' };
    case 'challenge-stopping': return { ...a, isStopping: true, step: 'comparing' };
    case 'snapshot-open-failed':
      return isOurs(a, action.entryId) && a.classGrowth === null ? { ...a, classGrowth: missing(`a snapshot of the check could not be opened: ${action.message}`) } : a;
    case 'snapshot-deleted':
      return isOurs(a, action.entryId) && a.classGrowth === null ? { ...a, classGrowth: missing('a snapshot of the check was deleted before the comparison.') } : a;
    case 'compare-answered': {
      const c = action.comparison;
      if (a.classGrowth !== null || c.kind !== 'diff' || c.snapshotIds[0] !== a.warmupEntryId || c.snapshotIds[c.snapshotIds.length - 1] !== a.endEntryId) return a;
      return { ...a, classGrowth: measured(a, c.diff.classes, state.snapshots) };
    }
    case 'compare-failed':
      return a.step === 'comparing' && a.classGrowth === null ? { ...a, classGrowth: missing(`the snapshots could not be compared: ${action.message}`) } : a;
    default:
      return a;
  }
}

function onRunEvent(a: ChallengeAttempt, event: RunEvent, snapshots: SnapshotsSlice): ChallengeAttempt {
  switch (event.type) {
    case 'started':
      return a.isRunAsked && a.runId === null ? { ...a, runId: event.runId, step: 'warming-up' } : a;
    case 'load-ready':
      return a.runId !== null ? { ...a, isLoadReady: true } : a;
    case 'load':
      return a.runId !== null ? { ...a, requestCount: event.requests } : a;
    case 'snapshot-ready': {
      if (a.pendingSnapshot === null) return a;
      const entryId = snapshots.entries[snapshots.entries.length - 1]?.id ?? null;
      return a.pendingSnapshot === 'warm-up'
        ? { ...a, pendingSnapshot: null, warmupEntryId: entryId, step: 'measuring' }
        : { ...a, pendingSnapshot: null, endEntryId: entryId };
    }
    case 'snapshot-failed': {
      if (a.pendingSnapshot === null) return a;
      const growth = a.classGrowth ?? missing(`the ${a.pendingSnapshot} snapshot failed: ${event.reason}`);
      return { ...a, pendingSnapshot: null, classGrowth: growth, ...(a.pendingSnapshot === 'warm-up' ? { step: 'measuring' } : {}) };
    }
    case 'responses-checked':
      if (a.responses !== 'asked' || (event.runId !== '' && event.runId !== a.runId)) return a;
      return { ...a, responses: event.outcome };
    case 'exited': {
      // A failed start has no run id; the run being replaced by ours ends with 'replaced'.
      const isOurs = a.runId !== null ? event.runId === a.runId : a.isRunAsked && event.reason !== 'replaced';
      if (!isOurs || a.hasRunEnded) return a;
      const exit = a.isStopping ? null : { reason: event.reason, code: event.code, signal: event.signal, line: exitLine(event) };
      return { ...a, hasRunEnded: true, exit, pendingSnapshot: null };
    }
    default:
      return a;
  }
}

function measured(a: ChallengeAttempt, classes: readonly { name: string; countDelta: number; added: number; removed: number }[], snapshots: SnapshotsSlice): ClassGrowth {
  const className = a.leakingClass ?? '';
  const row = classes.find((k) => k.name === className);
  const count = row ? pickCount(row) : { name: className, countDelta: 0, added: 0, removed: 0 };
  const topGrowing = classes.filter((k) => k.countDelta > 0).sort((x, y) => y.countDelta - x.countDelta).slice(0, TOP_GROWING).map(pickCount);
  const moment = (id: string | null) => {
    const entry = snapshots.entries.find((e) => e.id === id);
    return { label: entry?.label ?? '?', atMs: entry?.atMs ?? null };
  };
  return { kind: 'measured', className, count, warmup: moment(a.warmupEntryId), end: moment(a.endEntryId), topGrowing };
}

function pickCount(k: { name: string; countDelta: number; added: number; removed: number }) {
  return { name: k.name, countDelta: k.countDelta, added: k.added, removed: k.removed };
}

function isOurs(a: ChallengeAttempt, entryId: string): boolean {
  return entryId === a.warmupEntryId || entryId === a.endEntryId;
}

function missing(reason: string): ClassGrowth {
  return { kind: 'missing', reason };
}

function cancelled(a: ChallengeAttempt, reason: string): ChallengeSlice {
  return { attempt: null, result: { kind: 'cancelled', seconds: a.seconds, reason } };
}

function decided(a: ChallengeAttempt, action: Extract<PageAction, { type: 'challenge-decided' }>): ChallengeSlice {
  const evidence = evidenceOf(a, action.verdict);
  return { attempt: null, result: { kind: 'decided', decision: decideChallenge(evidence), evidence, decidedAtIso: action.decidedAtIso } };
}
