import type { ExitReason, RunEvent } from '../../../src/protocol/run-events.ts';
import type { PageAction } from '../../../src/playground/page-state/page-actions.ts';
import { initialPageState, type PageState } from '../../../src/playground/page-state/page-state.ts';
import { reduce } from '../../../src/playground/page-state/reduce.ts';

/** Actions a page sees, as the runtimes send them: small builders so a test reads as a story. */
export const runEvent = (event: RunEvent): PageAction => ({ type: 'run-event', event });

export const started = (runId: string, pid = 4242): PageAction =>
  runEvent({ type: 'started', runId, pid, nodeVersion: 'v24.21.0', heapLimitBytes: 64 * 1048576, figuresAre: 'v8' });

export const sample = (atMs: number, heapUsedBytes = 8e6): PageAction => runEvent({
  type: 'sample',
  sample: { atMs, heapUsedBytes, heapTotalBytes: heapUsedBytes * 1.5, rssBytes: 50e6, externalBytes: 2e6, arrayBuffersBytes: 1e5 },
  activeHandles: 4,
});

export const floor = (atMs: number, heapUsedBytes = 7e6): PageAction =>
  runEvent({ type: 'floor', floor: { atMs, heapUsedBytes, externalBytes: 2e6, arrayBuffersBytes: 1e5, isForced: false } });

export const load = (atMs: number, requests: number): PageAction => runEvent({ type: 'load', atMs, requests, errors: 0 });

export const exited = (runId: string, reason: ExitReason, code: number | null = null): PageAction =>
  runEvent({ type: 'exited', runId, reason, code, signal: null, message: '' });

export const snapshotReady = (url: string, atMs: number): PageAction =>
  runEvent({ type: 'snapshot-ready', snapshot: { snapshotId: url, url, sizeBytes: 3e6, atMs, heapUsedBytes: 9e6 } });

export const askRun: PageAction = { type: 'run-asked', commandLine: 'node main.js   (leaky.js)' };

export const localChosen: PageAction = { type: 'runtime-chosen', kind: 'local', capabilities: { realV8Figures: true, snapshots: true, runsCode: true } };

/** The state after `actions`, from a lesson page's first state. */
export function after(actions: readonly PageAction[], from: PageState = initialPageState({ figure: 'heapUsed', highlightClass: 'AuditRecord' })): PageState {
  return actions.reduce(reduce, from);
}

/** The terminal's text, as the terminal view would write it (without colours). */
export function terminalText(state: PageState): string {
  let text = '';
  state.output.forEachSince(0, (chunk) => { text += chunk.text; });
  return text;
}
