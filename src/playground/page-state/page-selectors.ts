import type { PageState, SnapshotEntry } from './page-state.ts';
import type { SettingsField } from './settings-rules.ts';

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

/** Run works once a runtime is chosen, except while a run is starting or the run settings have a problem. */
export function canRun(state: PageState): boolean {
  return state.runtime.status === 'chosen' && state.run.phase !== 'starting' && settingsProblem(state) === null;
}

/** Whether the run settings shape the next run: not on a recording, which replays what was recorded. */
export function settingsApply(state: PageState): { doApply: boolean; reason: string | null } {
  const { runtime } = state;
  if (runtime.status === 'chosen' && !runtime.capabilities.runsCode) return { doApply: false, reason: 'a recording replays the run it recorded; settings shape live runs' };
  return { doApply: true, reason: null };
}

/** What keeps Run from starting with the settings: the first field with a problem, in words; null when none does. */
export function settingsProblem(state: PageState): string | null {
  const { settings } = state;
  if (!settings || settings.checked !== null || !settingsApply(state).doApply) return null;
  const [field, problem] = Object.entries(settings.problems)[0] ?? [];
  return field ? `fix the run settings first: ${SETTING_LABEL[field as SettingsField]} ${problem}` : null;
}

/** Each setting as its label says it. */
export const SETTING_LABEL: Record<SettingsField, string> = {
  nodeFlags: 'Node flags:', heapCapMiB: 'Heap cap', paths: 'Load paths:', ratePerSec: 'Rate', method: 'Method', durationSec: 'Duration',
};

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
