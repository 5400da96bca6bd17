import type { SnapshotQueryAction } from './page-actions.ts';
import type { SnapshotsSlice } from './page-state.ts';
import { entryOf } from './snapshot-intake-rules.ts';
import type { Comparison } from './snapshot-types.ts';

/**
 * The analyzer's answers about open snapshots: a summary or comparison, and a class's retainer
 * paths. An answer about something no longer on screen (a deleted snapshot, another class,
 * another comparison) is dropped: the analyzer works one task at a time, so answers can trail.
 */
export function reduceSnapshotQuery(s: SnapshotsSlice, action: SnapshotQueryAction): SnapshotsSlice {
  switch (action.type) {
    case 'compare-refused':
      return { ...s, message: { level: 'info', text: 'Tick one snapshot for its summary, or two or three to compare them.' } };
    case 'compare-asked':
      return { ...s, isComparing: true, message: null };
    case 'compare-answered': {
      const settled = { ...s, isComparing: false, progress: settledProgress(s) };
      if (!comparedIds(action.comparison).every((id) => entryOf(s, id))) return settled;
      return { ...settled, comparison: action.comparison, selectedClass: null, retainers: null };
    }
    case 'compare-failed':
      return { ...s, isComparing: false, progress: settledProgress(s), message: { level: 'error', text: action.message } };
    case 'class-selected':
      if (!s.comparison) return s;
      return { ...s, selectedClass: action.className, retainers: { status: 'loading', className: action.className } };
    case 'retainers-answered': {
      const settled = { ...s, progress: settledProgress(s) };
      const entry = entryOf(s, action.snapshotId);
      if (!entry || s.selectedClass !== action.className || tracedSnapshotId(s.comparison) !== action.snapshotId) return settled;
      return { ...settled, retainers: { status: 'ready', className: action.className, snapshotLabel: entry.label, result: action.result, stepLines: action.stepLines } };
    }
    case 'retainers-failed': {
      const settled = { ...s, progress: settledProgress(s) };
      if (s.selectedClass !== action.className) return settled;
      return { ...settled, retainers: { status: 'failed', className: action.className, message: action.message } };
    }
    case 'snapshot-task-failed':
      return { ...s, message: { level: 'error', text: action.message } };
  }
}

/** The snapshots a comparison is about, oldest first. */
export function comparedIds(comparison: Comparison): readonly string[] {
  return comparison.kind === 'summary' ? [comparison.snapshotId] : comparison.snapshotIds;
}

/** Retainer paths are traced in the newest snapshot on screen. */
export function tracedSnapshotId(comparison: Comparison | null): string | null {
  if (!comparison) return null;
  const ids = comparedIds(comparison);
  return ids[ids.length - 1];
}

/** A query re-opened a snapshot from its bytes: its progress goes, unless a capture owns the box. */
function settledProgress(s: SnapshotsSlice): SnapshotsSlice['progress'] {
  return s.capture ? s.progress : null;
}
