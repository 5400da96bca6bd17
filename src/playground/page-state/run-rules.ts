import type { RunEvent } from '../../protocol/run-events.ts';
import { exitLine } from './exit-line.ts';
import type { ExitInfo, OutputChunk, PageState, RunSlice } from './page-state.ts';
import { emptyRun } from './page-state.ts';

/** Oldest output chunks are dropped past this many; the terminal keeps its own scrollback. */
export const MAX_OUTPUT_CHUNKS = 5000;

type Event<T extends RunEvent['type']> = Extract<RunEvent, { type: T }>;

/** `state` with a chunk of terminal text added. */
export function withOutput(state: PageState, chunk: OutputChunk): PageState {
  return { ...state, output: state.output.append(chunk, MAX_OUTPUT_CHUNKS) };
}

export function withNote(state: PageState, level: 'info' | 'warn' | 'error', text: string): PageState {
  return withOutput(state, { kind: `notice-${level}`, text: `${text}\n` });
}

/** Run: a fresh run slice in 'starting'; the run before it (live or not) is the one replaced. */
export function askRun(state: PageState, commandLine: string): PageState {
  const { run } = state;
  const next = { ...state, run: emptyRun('starting', run.info?.runId ?? run.replacedRunId) };
  return withNote(next, 'info', `$ ${commandLine}`);
}

/** Stop before the run has started: the runtime may not have heard of it yet, so remember. */
export function askStop(state: PageState): PageState {
  if (state.run.phase !== 'starting' || state.run.isStopAsked) return state;
  return { ...state, run: { ...state.run, isStopAsked: true } };
}

export function applyStarted(state: PageState, event: Event<'started'>): PageState {
  const { type: _type, ...info } = event;
  return { ...state, run: { ...state.run, phase: 'running', info, replacedRunId: null } };
}

/** Samples, floors and load progress count only while the run is live. */
export function applySeries(state: PageState, event: Event<'sample' | 'floor' | 'load'>): PageState {
  const { run } = state;
  if (run.phase !== 'running') return state;
  const series = run.series.append(event);
  switch (event.type) {
    case 'sample': return { ...state, run: { ...run, series, sampleCount: run.sampleCount + 1 } };
    case 'floor': return { ...state, run: { ...run, series, floorCount: run.floorCount + 1 } };
    case 'load': return { ...state, run: { ...run, series, requests: event.requests, requestErrors: event.errors } };
  }
}

/** Every exit is written to the terminal; only the current run's exit ends it. */
export function applyExited(state: PageState, event: Event<'exited'>): PageState {
  const exit: ExitInfo = { reason: event.reason, code: event.code, signal: event.signal, message: event.message };
  const written = withOutput(state, { kind: 'exit', text: `${exitLine(exit)}\n` });
  if (isStaleExit(state.run, event)) return written;
  return { ...written, run: { ...written.run, phase: 'exited', lastExit: exit, isStopAsked: false } };
}

function isStaleExit(run: RunSlice, event: Event<'exited'>): boolean {
  switch (run.phase) {
    case 'starting':
      // The run being replaced ends while the new one starts: its 'replaced' exit, or a cap or
      // crash that beat the Restart. A lost connection is the exception: nothing else will come.
      if (event.reason === 'replaced') return true;
      return event.reason !== 'disconnected' && event.runId !== '' && event.runId === run.replacedRunId;
    case 'running':
      return run.info !== null && event.runId !== '' && event.runId !== run.info.runId;
    case 'idle':
    case 'exited':
      return false;
  }
}
