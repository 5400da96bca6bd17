import type { RetainersResult, SnapshotInfo } from '../../analyzer/query-results.ts';
import type { RunEvent } from '../../protocol/run-events.ts';
import type { RuntimeCapabilities, RuntimeKind } from '../../runtime/runtime.ts';
import type { BaseVariant } from '../saved-edits.ts';
import type { CapturePhase, Comparison } from './snapshot-types.ts';
import type { SettingsField } from './settings-rules.ts';
import type { AllocationTreeNode, ClassAllocationsResult } from '../../protocol/allocation-results.ts';
import type { ChallengeAction } from './challenge-slice.ts';

/**
 * Everything that can change the page's state: the runtime's events, wrapped so their names
 * never collide with the page's own, and what the page's controllers saw or did. Controllers
 * dispatch these; `reduce` is the only reader.
 */
export type PageAction = RunEventAction | RunAction | RuntimeAction | SnapshotIntakeAction | SnapshotQueryAction | AllocationAction | ChallengeAction | SettingsAction;

export type AllocationAction =
  /** The "fold Node and node_modules" box of the Allocated at view. */
  | { type: 'alloc-folding-set'; isFolded: boolean }
  /** /analyze: `.heapprofile` files chosen, oldest first; their tree is on its way from the worker. */
  | { type: 'profiles-opening'; names: readonly string[] }
  /** The worker's tree: what is live (one profile) or what grew (two). */
  | { type: 'profiles-answered'; names: readonly string[]; tree: AllocationTreeNode; intervalBytes: number | null }
  | { type: 'profiles-failed'; names: readonly string[]; message: string }
  /** Where the selected class's objects were allocated, from the snapshot's allocation traces (or that it has none). */
  | { type: 'class-allocations-answered'; className: string; result: ClassAllocationsResult }
  | { type: 'class-allocations-failed'; className: string; message: string };

export type SettingsAction =
  /** The learner typed `text` into a run setting's field. */
  | { type: 'setting-edited'; field: SettingsField; text: string }
  /** Reset: the lesson's own settings again. */
  | { type: 'settings-reset' }
  /** The learner let go of a run's files; the runner removes them. */
  | { type: 'run-files-released'; runId: string };

export type RunEventAction = { type: 'run-event'; event: RunEvent };

export type RunAction =
  /** The learner pressed Run: clear the previous run's figures; `commandLine` is echoed in the terminal. */
  | { type: 'run-asked'; commandLine: string }
  /** The learner pressed Stop; remembered while starting, since the runtime may not hear it yet. */
  | { type: 'stop-asked' }
  /** A line the page itself wants in the terminal (a missing runtime, a failed start). */
  | { type: 'note'; level: 'info' | 'warn' | 'error'; text: string }
  /** The editor now holds `base` (leaky.js or fixed.js), changed by the learner or not. */
  | { type: 'draft-changed'; base: BaseVariant; isEdited: boolean }
  | { type: 'terminal-resized'; cols: number; rows: number };

export type RuntimeAction =
  | { type: 'runtime-choosing'; kind: RuntimeKind }
  | { type: 'runtime-chosen'; kind: RuntimeKind; capabilities: RuntimeCapabilities }
  | { type: 'runtime-unavailable'; kind: RuntimeKind | 'none'; reason: string };

export type SnapshotIntakeAction =
  /** The Snapshot button asked the runtime for one; it arrives as a `snapshot-ready` run event. */
  | { type: 'snapshot-asked' }
  | { type: 'snapshot-fetch-progress'; entryId: string; fraction: number | null }
  | { type: 'snapshot-open-progress'; entryId: string; phase: CapturePhase; fraction: number | null }
  | { type: 'snapshot-opened'; entryId: string; info: SnapshotInfo | null; openMs: number }
  | { type: 'snapshot-open-failed'; entryId: string; message: string }
  /** /analyze: files were chosen and fit; clears the last message. */
  | { type: 'files-asked' }
  | { type: 'files-refused'; chosenCount: number; roomCount: number }
  /** /analyze: a file's turn to be opened; it gets the next entry id. */
  | { type: 'file-opening'; name: string; sizeBytes: number }
  | { type: 'snapshot-deleted'; entryId: string }
  | { type: 'snapshot-picked'; entryId: string; isPicked: boolean }
  | { type: 'picks-set'; entryIds: readonly string[] }
  | { type: 'snapshot-moved-up'; entryId: string };

export type SnapshotQueryAction =
  /** Compare with none, or more than three, ticked. */
  | { type: 'compare-refused' }
  | { type: 'compare-asked'; entryIds: readonly string[] }
  | { type: 'compare-answered'; comparison: Comparison }
  | { type: 'compare-failed'; message: string }
  | { type: 'class-selected'; className: string }
  | { type: 'retainers-answered'; snapshotId: string; className: string; result: RetainersResult; stepLines: readonly (readonly (number | null)[])[] }
  | { type: 'retainers-failed'; className: string; message: string }
  /** A queued analyzer task failed in a way no other action describes. */
  | { type: 'snapshot-task-failed'; message: string };
