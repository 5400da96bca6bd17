import type { PageState, SnapshotEntry } from './page-state.ts';

/** Whether this page can take snapshots at all (the runtime decides), and why not. */
export function snapshotCapability(state: PageState): { canSnapshot: boolean; reason: string | null } {
  const { runtime } = state;
  switch (runtime.status) {
    case 'choosing': return { canSnapshot: false, reason: 'No runtime has been chosen yet.' };
    case 'none': return { canSnapshot: false, reason: runtime.reason };
    case 'chosen':
      return runtime.capabilities.snapshots
        ? { canSnapshot: true, reason: null }
        : { canSnapshot: false, reason: runtime.capabilities.reason ?? 'This runtime cannot take heap snapshots.' };
  }
}

/** The Snapshot button works now: a runtime that can, a live run, and no snapshot already on its way. */
export function canTakeSnapshot(state: PageState): boolean {
  return snapshotCapability(state).canSnapshot && state.run.phase === 'running' && state.snapshots.capture === null;
}

/** Run works once a runtime is chosen, except while a run is starting. */
export function canRun(state: PageState): boolean {
  return state.runtime.status === 'chosen' && state.run.phase !== 'starting';
}

export function canStop(state: PageState): boolean {
  return state.runtime.status === 'chosen' && (state.run.phase === 'starting' || state.run.phase === 'running');
}

/** A snapshot marked on the chart: seconds on the program's clock and its `#n`. */
export interface SnapshotMark {
  readonly seconds: number;
  readonly label: string;
}

/** Marks follow the live run: snapshots outlive their run in the list, not on the chart. */
export function snapshotMarks(state: PageState): SnapshotMark[] {
  const runId = state.run.info?.runId ?? null;
  if (runId === null) return [];
  return state.snapshots.entries
    .filter((e): e is SnapshotEntry & { atMs: number } => e.runId === runId && e.atMs !== null)
    .map((e) => ({ seconds: e.atMs / 1000, label: e.label }));
}
