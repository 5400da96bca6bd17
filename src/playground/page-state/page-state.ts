import type { SnapshotInfo } from '../../analyzer/query-results.ts';
import type { ExitReason, ProgramFile, RunEvent } from '../../protocol/run-events.ts';
import type { Figure } from '../../protocol/samples.ts';
import type { RuntimeCapabilities, RuntimeKind } from '../../runtime/runtime.ts';
import type { BaseVariant } from '../saved-edits.ts';
import { AppendLog } from './append-log.ts';
import type { Comparison, ProgressInfo, Retainers, SnapshotMessage } from './snapshot-types.ts';
import type { SettingsSlice } from './settings-rules.ts';
import { EMPTY_ALLOCATION, type AllocationSlice } from './allocation-slice.ts';
import { EMPTY_CHALLENGE, type ChallengeSlice } from './challenge-slice.ts';

/**
 * Everything a lesson page, /watch or /analyze shows, as one immutable value. Only `reduce`
 * makes a new one (page-state/reduce.ts); views read it and never change it.
 */
export interface PageState {
  /** The figure the verdict is about (the lesson's; heapUsed on /watch). */
  readonly figure: Figure;
  readonly runtime: RuntimeState;
  /** The terminal's size as last measured; a controller tells the runtime. */
  readonly terminalSize: TerminalSize | null;
  readonly run: RunSlice;
  /** Terminal text: the program's output, the page's notices and exit lines. */
  readonly output: AppendLog<OutputChunk>;
  /** Which lesson file the editor holds and whether the learner changed it. */
  readonly draft: DraftInfo;
  readonly snapshots: SnapshotsSlice;
  /** Where the live memory was allocated: the probe's profiles of the run, or profiles from files. */
  readonly allocation: AllocationSlice;
  /** "Check my fix": the check under way and the last one's result (challenge-slice.ts). */
  readonly challenge: ChallengeSlice;
  /** The run settings beside Run (lesson pages only; null on /watch and /analyze). */
  readonly settings: SettingsSlice | null;
  /** The files recent runs wrote, newest run first (see run-files-rules.ts). */
  readonly runFiles: readonly RunFilesEntry[];
}

/** The files one run wrote, as its `artifacts` event listed them. */
export interface RunFilesEntry {
  readonly runId: string;
  readonly files: readonly ProgramFile[];
  readonly moreFiles: number;
  /** How long the runner keeps the downloadable ones after the run; null when none are kept. */
  readonly keptForMs: number | null;
}

/** Where the page is in choosing its runtime; the banner and the buttons read it. */
export type RuntimeState =
  /** `trying` is the runtime being tried right now, if the choice has got that far. */
  | { readonly status: 'choosing'; readonly trying: RuntimeKind | null }
  | { readonly status: 'chosen'; readonly kind: RuntimeKind; readonly capabilities: RuntimeCapabilities }
  /** No runtime: `kind` is what was asked for or tried last ('none' when nothing was). */
  | { readonly status: 'none'; readonly kind: RuntimeKind | 'none'; readonly reason: string };

export interface TerminalSize {
  readonly cols: number;
  readonly rows: number;
}

export type RunPhase = 'idle' | 'starting' | 'running' | 'exited';

export interface RunInfo {
  readonly runId: string;
  readonly pid: number;
  readonly nodeVersion: string;
  readonly heapLimitBytes: number;
  readonly figuresAre: Extract<RunEvent, { type: 'started' }>['figuresAre'];
}

export interface ExitInfo {
  readonly reason: ExitReason;
  readonly code: number | null;
  readonly signal: string | null;
  readonly message: string;
}

/** The series events of a run, in the order they arrived; the chart and the verdict read them. */
export type SeriesEvent = Extract<RunEvent, { type: 'sample' | 'floor' | 'load' }>;

/**
 * The current run. Invariant: while `phase` is 'starting', events still arriving from the run
 * being replaced (samples, floors, load, its `exited` with reason 'replaced') do not touch it.
 */
export interface RunSlice {
  readonly phase: RunPhase;
  /** Null until the run's `started` arrives. */
  readonly info: RunInfo | null;
  /** The run before this one, whose last events may still arrive while this one starts: their snapshots are its. */
  readonly replacedRunId: string | null;
  readonly lastExit: ExitInfo | null;
  /** Stop was pressed before the run started: its controller stops it as soon as it has. */
  readonly isStopAsked: boolean;
  /** Samples, floors and load progress of this run only (a new log per run). */
  readonly series: AppendLog<SeriesEvent>;
  readonly sampleCount: number;
  readonly floorCount: number;
  readonly requests: number;
  readonly requestErrors: number;
}

/** One piece of terminal text; `kind` picks its colour. */
export interface OutputChunk {
  readonly kind: 'stdout' | 'stderr' | 'notice-info' | 'notice-warn' | 'notice-error' | 'exit';
  readonly text: string;
}

export interface DraftInfo {
  readonly base: BaseVariant;
  readonly isEdited: boolean;
}

/** One snapshot the page holds: taken from a run, or a file the user dropped. */
export interface SnapshotEntry {
  /** The page's own id (also the worker's); unique for the page's lifetime. */
  readonly id: string;
  /** `#3` for a run's snapshot, the file name for a dropped file. */
  readonly label: string;
  readonly origin: 'run' | 'file';
  /** Where the runtime serves a run snapshot's bytes; null for files. */
  readonly url: string | null;
  /** The run it was taken in (for chart markers); null for files. */
  readonly runId: string | null;
  /** The program's clock when it was written; null for files. */
  readonly atMs: number | null;
  readonly sizeBytes: number;
  readonly heapUsedBytes: number | null;
  readonly status: 'loading' | 'ready';
  readonly info: SnapshotInfo | null;
  /** Wall time from the start of the download (or file read) to the end of the dominators. */
  readonly openMs: number | null;
}

/** A snapshot on its way in: asked of the runtime, or written and being fetched and opened. */
export type Capture =
  | { readonly stage: 'asked' }
  | { readonly stage: 'opening'; readonly entryId: string };

export interface SnapshotsSlice {
  /** Oldest first: the order comparisons take. */
  readonly entries: readonly SnapshotEntry[];
  /** Ids ticked for Compare; Compare takes them in list order. */
  readonly picked: readonly string[];
  readonly capture: Capture | null;
  readonly progress: ProgressInfo | null;
  readonly message: SnapshotMessage | null;
  readonly comparison: Comparison | null;
  readonly isComparing: boolean;
  readonly selectedClass: string | null;
  readonly retainers: Retainers | null;
  /** The lesson's leaking class, highlighted (never pinned) in tables. */
  readonly highlightClass: string | null;
  /** Run snapshots taken so far: the next is labelled `#${runSnapshotCount + 1}`. */
  readonly runSnapshotCount: number;
  /** The next entry's id is `snap-${nextEntryNumber}`. */
  readonly nextEntryNumber: number;
}

export interface PageStateOptions {
  figure: Figure;
  highlightClass: string | null;
  /** Lesson pages choose a runtime after loading; /watch and /analyze know theirs at once. */
  runtime?: RuntimeState;
  /** Lesson pages: the lesson's run settings (and the learner's saved ones). */
  settings?: SettingsSlice;
}

export function emptyRun(phase: RunPhase, replacedRunId: string | null): RunSlice {
  return {
    phase, info: null, replacedRunId, lastExit: null, isStopAsked: false,
    series: AppendLog.empty(), sampleCount: 0, floorCount: 0, requests: 0, requestErrors: 0,
  };
}

export function initialPageState(options: PageStateOptions): PageState {
  return {
    figure: options.figure,
    runtime: options.runtime ?? { status: 'choosing', trying: null },
    terminalSize: null,
    run: emptyRun('idle', null),
    output: AppendLog.empty(),
    draft: { base: 'leaky', isEdited: false },
    snapshots: {
      entries: [], picked: [], capture: null, progress: null, message: null, comparison: null, isComparing: false,
      selectedClass: null, retainers: null, highlightClass: options.highlightClass, runSnapshotCount: 0, nextEntryNumber: 1,
    },
    settings: options.settings ?? null,
    runFiles: [],
    allocation: EMPTY_ALLOCATION,
    challenge: EMPTY_CHALLENGE,
  };
}
