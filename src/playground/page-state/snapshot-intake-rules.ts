import type { RunEvent, SnapshotRef } from '../../protocol/run-events.ts';
import type { SnapshotIntakeAction } from './page-actions.ts';
import type { Capture, SnapshotEntry, SnapshotsSlice } from './page-state.ts';
import { MAX_FILES, type ProgressInfo } from './snapshot-types.ts';

/** How a snapshot is named in the progress box: `Snapshot #2`, or a file's name. */
export function progressLabel(entry: SnapshotEntry): string {
  return entry.origin === 'run' ? `Snapshot ${entry.label}` : entry.label;
}

/** The runtime wrote a snapshot: it joins the list (as the run's `#n`) and is fetched and opened next. */
export function applySnapshotReady(s: SnapshotsSlice, ref: SnapshotRef, runId: string | null): SnapshotsSlice {
  const entry: SnapshotEntry = {
    id: `snap-${s.nextEntryNumber}`, label: `#${s.runSnapshotCount + 1}`, origin: 'run', url: ref.url, runId,
    atMs: ref.atMs, sizeBytes: ref.sizeBytes, heapUsedBytes: ref.heapUsedBytes, status: 'loading', info: null, openMs: null,
  };
  return {
    ...s,
    entries: [...s.entries, entry],
    runSnapshotCount: s.runSnapshotCount + 1,
    nextEntryNumber: s.nextEntryNumber + 1,
    capture: { stage: 'opening', entryId: entry.id },
    progress: { label: progressLabel(entry), phase: 'transferring', fraction: 0 },
  };
}

export function applySnapshotFailed(s: SnapshotsSlice, reason: string): SnapshotsSlice {
  return { ...s, capture: null, progress: null, message: { level: 'error', text: `No snapshot: ${reason}` } };
}

/** The runtime's own progress while it writes and serves the snapshot. */
export function applySnapshotProgress(s: SnapshotsSlice, event: Extract<RunEvent, { type: 'snapshot-progress' }>): SnapshotsSlice {
  if (!s.progress) return s;
  const fraction = event.totalBytes ? (event.loadedBytes ?? 0) / event.totalBytes : null;
  return { ...s, progress: { ...s.progress, phase: event.phase, fraction } };
}

/** Snapshots asked for, fetched, opened, dropped, ticked and reordered. */
export function reduceSnapshotIntake(s: SnapshotsSlice, action: SnapshotIntakeAction): SnapshotsSlice {
  switch (action.type) {
    case 'snapshot-asked':
      if (s.capture) return s;
      return { ...s, capture: { stage: 'asked' }, message: null, progress: { label: `Snapshot #${s.runSnapshotCount + 1}`, phase: 'writing', fraction: null } };
    case 'snapshot-fetch-progress':
      return withEntryProgress(s, action.entryId, 'transferring', action.fraction);
    case 'snapshot-open-progress':
      return withEntryProgress(s, action.entryId, action.phase, action.fraction);
    case 'snapshot-opened': {
      if (!entryOf(s, action.entryId)) return s;
      const entries = s.entries.map((e) => (e.id === action.entryId ? { ...e, status: 'ready' as const, info: action.info, openMs: action.openMs } : e));
      return { ...s, entries, capture: captureWithout(s.capture, action.entryId), progress: null };
    }
    case 'snapshot-open-failed': {
      const entry = entryOf(s, action.entryId);
      if (!entry) return s;
      // Several files can fail in one drop: keep each one's reason.
      const text = entry.origin === 'run' ? `Snapshot ${entry.label} could not be opened: ${action.message}` : `Could not open ${entry.label}: ${action.message}`;
      const joined = entry.origin === 'file' && s.message?.level === 'error' ? `${s.message.text}\n${text}` : text;
      return { ...withoutEntry(s, entry.id), progress: null, message: { level: 'error', text: joined } };
    }
    case 'files-asked':
      return { ...s, message: null };
    case 'files-refused':
      return { ...s, message: { level: 'error', text: `Up to ${MAX_FILES} snapshots at a time: ${action.chosenCount} chosen, room for ${Math.max(action.roomCount, 0)}. Delete one from the list first.` } };
    case 'file-opening': {
      const entry: SnapshotEntry = {
        id: `snap-${s.nextEntryNumber}`, label: action.name, origin: 'file', url: null, runId: null,
        atMs: null, sizeBytes: action.sizeBytes, heapUsedBytes: null, status: 'loading', info: null, openMs: null,
      };
      return { ...s, entries: [...s.entries, entry], nextEntryNumber: s.nextEntryNumber + 1 };
    }
    case 'snapshot-deleted':
      return entryOf(s, action.entryId) ? withoutEntry(s, action.entryId) : s;
    case 'snapshot-picked': {
      if (!entryOf(s, action.entryId)) return s;
      const others = s.picked.filter((p) => p !== action.entryId);
      return { ...s, picked: action.isPicked ? [...others, action.entryId] : others };
    }
    case 'picks-set':
      return { ...s, picked: action.entryIds.filter((id) => entryOf(s, id)) };
    case 'snapshot-moved-up': {
      const at = s.entries.findIndex((e) => e.id === action.entryId);
      if (at <= 0) return s;
      const entries = [...s.entries];
      [entries[at - 1], entries[at]] = [entries[at], entries[at - 1]];
      return { ...s, entries };
    }
  }
}

export function entryOf(s: SnapshotsSlice, id: string): SnapshotEntry | undefined {
  return s.entries.find((e) => e.id === id);
}

/** The id of the entry the next `file-opening` makes (controllers need it to open the file). */
export function nextEntryId(s: SnapshotsSlice): string {
  return `snap-${s.nextEntryNumber}`;
}

function withEntryProgress(s: SnapshotsSlice, entryId: string, phase: ProgressInfo['phase'], fraction: number | null): SnapshotsSlice {
  const entry = entryOf(s, entryId);
  return entry ? { ...s, progress: { label: progressLabel(entry), phase, fraction } } : s;
}

function captureWithout(capture: Capture | null, entryId: string): Capture | null {
  return capture?.stage === 'opening' && capture.entryId === entryId ? null : capture;
}

/** The list without `id`, and nothing on screen that was about it. */
function withoutEntry(s: SnapshotsSlice, id: string): SnapshotsSlice {
  const c = s.comparison;
  const isShown = c !== null && (c.kind === 'summary' ? c.snapshotId === id : c.snapshotIds.includes(id));
  const capture = captureWithout(s.capture, id);
  return {
    ...s,
    entries: s.entries.filter((e) => e.id !== id),
    picked: s.picked.filter((p) => p !== id),
    capture,
    progress: capture === s.capture ? s.progress : null,
    ...(isShown ? { comparison: null, selectedClass: null, retainers: null } : {}),
  };
}
