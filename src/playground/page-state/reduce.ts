import type { RunEvent } from '../../protocol/run-events.ts';
import type { PageAction } from './page-actions.ts';
import type { PageState } from './page-state.ts';
import { applyExited, applySeries, applyStarted, askRun, askStop, withNote, withOutput } from './run-rules.ts';
import { applySnapshotFailed, applySnapshotProgress, applySnapshotReady, reduceSnapshotIntake } from './snapshot-intake-rules.ts';
import { reduceSnapshotQuery } from './snapshot-query-rules.ts';
import { editSetting, resetSettings } from './settings-rules.ts';
import { applyArtifacts, releaseRunFiles } from './run-files-rules.ts';
import { applyAllocProfile, applyAllocUnavailable, reduceAllocation, withFreshAllocation } from './allocation-rules.ts';
import { reduceChallenge } from './challenge-rules.ts';

/**
 * The page's one state transition: pure, so `reduce(s, a)` never changes `s` and the same
 * inputs always give the same state. Every view shows what this returns; every rule about
 * runs, snapshots and the runtime choice is here or in the rules files it calls.
 */
export function reduce(state: PageState, action: PageAction): PageState {
  const next = reduceSlices(state, action);
  // The check reads what the other slices made of the action (a snapshot just listed, a comparison).
  const challenge = reduceChallenge(next.challenge, action, next);
  return challenge === next.challenge ? next : { ...next, challenge };
}

function reduceSlices(state: PageState, action: PageAction): PageState {
  switch (action.type) {
    case 'run-event': return reduceRunEvent(state, action.event);
    case 'run-asked': return withFreshAllocation(askRun(state, action.commandLine));
    case 'stop-asked': return askStop(state);
    case 'note': return withNote(state, action.level, action.text);
    case 'draft-changed':
      if (action.base === state.draft.base && action.isEdited === state.draft.isEdited) return state;
      return { ...state, draft: { base: action.base, isEdited: action.isEdited } };
    case 'terminal-resized':
      if (state.terminalSize?.cols === action.cols && state.terminalSize.rows === action.rows) return state;
      return { ...state, terminalSize: { cols: action.cols, rows: action.rows } };
    case 'runtime-choosing': return { ...state, runtime: { status: 'choosing', trying: action.kind } };
    case 'runtime-chosen': return { ...state, runtime: { status: 'chosen', kind: action.kind, capabilities: action.capabilities } };
    case 'runtime-unavailable': return { ...state, runtime: { status: 'none', kind: action.kind, reason: action.reason } };
    case 'setting-edited': return withSettings(state, state.settings && editSetting(state.settings, action.field, action.text));
    case 'settings-reset': return withSettings(state, state.settings && resetSettings(state.settings));
    case 'run-files-released': return releaseRunFiles(state, action.runId);
    case 'snapshot-asked':
    case 'snapshot-fetch-progress':
    case 'snapshot-open-progress':
    case 'snapshot-opened':
    case 'snapshot-open-failed':
    case 'files-asked':
    case 'files-refused':
    case 'file-opening':
    case 'snapshot-deleted':
    case 'snapshot-picked':
    case 'picks-set':
    case 'snapshot-moved-up':
      return withSnapshots(state, reduceSnapshotIntake(state.snapshots, action));
    case 'class-selected': {
      // Another class: the stacks shown were the last one's.
      const next = withSnapshots(state, reduceSnapshotQuery(state.snapshots, action));
      return next.allocation.classStacks ? { ...next, allocation: { ...next.allocation, classStacks: null } } : next;
    }
    case 'compare-refused':
    case 'compare-asked':
    case 'compare-answered':
    case 'compare-failed':
    case 'retainers-answered':
    case 'retainers-failed':
    case 'snapshot-task-failed':
      return withSnapshots(state, reduceSnapshotQuery(state.snapshots, action));
    case 'alloc-folding-set':
    case 'profiles-opening':
    case 'profiles-answered':
    case 'profiles-failed':
    case 'class-allocations-answered':
    case 'class-allocations-failed': {
      const allocation = reduceAllocation(state.allocation, action);
      return allocation === state.allocation ? state : { ...state, allocation };
    }
    case 'challenge-asked':
    case 'challenge-snapshot-asked':
    case 'challenge-responses-asked':
    case 'challenge-responses-lost':
    case 'challenge-time-up':
    case 'challenge-stopping':
    case 'challenge-decided':
      return state; // the challenge slice's own; reduceChallenge takes them
    default:
      return ignored(state, action);
  }
}

/** What a runtime's event changes. A new RunEvent type gets its case here (the compiler insists). */
function reduceRunEvent(state: PageState, event: RunEvent): PageState {
  switch (event.type) {
    case 'started': return withFreshAllocation(applyStarted(state, event));
    case 'output': return withOutput(state, { kind: event.stream, text: event.text });
    case 'sample':
    case 'floor':
    case 'load':
      return applySeries(state, event);
    case 'notice': {
      const noted = withNote(state, event.level, event.text);
      return event.code === 'alloc-sites-unavailable' ? applyAllocUnavailable(noted, event.text) : noted;
    }
    case 'alloc-profile': return applyAllocProfile(state, event.profile);
    case 'snapshot-progress': return withSnapshots(state, applySnapshotProgress(state.snapshots, event));
    case 'snapshot-ready': return withSnapshots(state, applySnapshotReady(state.snapshots, event.snapshot, snapshotRunId(state)));
    case 'snapshot-failed': return withSnapshots(state, applySnapshotFailed(state.snapshots, event.reason));
    case 'exited': return applyExited(state, event);
    // The terminal already has the driver's `load-started` notice; nothing else reads it yet.
    case 'load-ready': return state;
    case 'artifacts': return applyArtifacts(state, event);
    // The challenge slice's evidence (reduceChallenge); nothing else shows it.
    case 'responses-checked': return state;
    default: return ignored(state, event);
  }
}

/**
 * The run a snapshot arriving now was taken in: while a new run starts, the old one's events
 * still trail in, so a snapshot then is the old run's (the chart of the new run must not mark it).
 */
function snapshotRunId(state: PageState): string | null {
  return state.run.phase === 'starting' ? state.run.replacedRunId : state.run.info?.runId ?? null;
}

function withSettings(state: PageState, settings: PageState['settings']): PageState {
  return settings === state.settings ? state : { ...state, settings };
}

function withSnapshots(state: PageState, snapshots: PageState['snapshots']): PageState {
  return snapshots === state.snapshots ? state : { ...state, snapshots };
}

/**
 * The compiler proves every action is handled (`never`); at run time, something sent by a newer
 * runner to a page cached from before leaves the state as it was instead of breaking the page.
 */
function ignored(state: PageState, _unknown: never): PageState {
  return state;
}
