import { FIGURE_LABEL } from '../format/figure-label.ts';
import { formatAmount, formatBytes, formatRate } from '../format/units.ts';
import type { RuntimePick } from '../runtime/pick-runtime.ts';
import type { RunInfo, SessionStore, TrendReading } from './session-store.ts';
import { byTestId } from './dom.ts';

/** The elements the status view writes to, found by data-testid in the playground markup. */
export interface StatusElements {
  runState: HTMLElement;
  requests: HTMLElement;
  verdict: HTMLElement;
  verdictDetail: HTMLElement;
  banner: HTMLElement;
  editedMarker: HTMLElement;
  run: HTMLButtonElement;
  stop: HTMLButtonElement;
}

/** Finds the status elements by their data-testid under `root` (the lesson playground and /watch share them). */
export function findStatusElements(root: ParentNode, banner: HTMLElement): StatusElements {
  return {
    runState: byTestId(root, 'run-state'),
    requests: byTestId(root, 'requests'),
    verdict: byTestId(root, 'verdict'),
    verdictDetail: byTestId(root, 'verdict-detail'),
    banner,
    editedMarker: byTestId(root, 'edited'),
    run: byTestId(root, 'run'),
    stop: byTestId(root, 'stop'),
  };
}

const STATE_WORDS = { idle: 'Ready', starting: 'Starting…', running: 'Running', exited: 'Ended' } as const;

/** Run state, request count, verdict badge, runtime banner, edited marker and button states. */
export function mountStatus(el: StatusElements, store: SessionStore, pick: RuntimePick): void {
  store.subscribe((s) => {
    const state = s.runState;
    el.runState.dataset.state = state;
    el.runState.textContent = state === 'exited' && s.lastExit ? `Ended (${s.lastExit.reason})` : STATE_WORDS[state];
    if (s.run) el.runState.dataset.pid = String(s.run.pid);
    else delete el.runState.dataset.pid;

    const errors = s.requestErrors ? `, ${s.requestErrors.toLocaleString('en')} failed` : '';
    el.requests.textContent = `${s.requests.toLocaleString('en')} requests${errors}`;
    el.requests.dataset.requests = String(s.requests);

    showVerdict(el, s.verdict, s.figure, state, s.lastExit?.reason ?? null);

    const isLive = state === 'starting' || state === 'running';
    el.run.disabled = !pick.runtime || state === 'starting';
    el.run.textContent = state === 'running' ? 'Restart' : 'Run';
    el.stop.disabled = !pick.runtime || !isLive;

    el.editedMarker.hidden = !s.draft.isEdited;
    el.editedMarker.textContent = s.draft.base === 'fixed' ? 'edited (from fixed.js)' : 'edited';

    showBanner(el.banner, pick, s.run);
  });
}

function showVerdict(el: StatusElements, reading: TrendReading | null, figure: string, state: string, exitReason: string | null): void {
  const verdict = reading?.verdict ?? 'unknown';
  el.verdict.dataset.verdict = verdict;
  el.verdict.dataset.figure = reading?.figure ?? figure;
  const reason = reading?.reason ?? (state === 'idle' ? 'Press Run to watch the memory.' : 'Waiting for enough samples.');
  el.verdict.title = reason;
  el.verdictDetail.textContent = reason;
  // A crash at the heap limit ends the run before the floor can be judged; it is the plainest
  // sign of unbounded growth there is, so say it rather than "not sure".
  if (exitReason === 'heap-cap' && verdict !== 'leaking') {
    el.verdict.dataset.exit = 'heap-cap';
    el.verdict.textContent = 'crashed — the heap reached its limit';
    el.verdictDetail.textContent = 'V8 ran out of heap (FATAL ERROR: Reached heap limit) before the floor could be judged: memory kept growing until the cap.';
    return;
  }
  delete el.verdict.dataset.exit;
  if (!reading || verdict === 'unknown') {
    el.verdict.textContent = state === 'idle' ? 'no verdict yet' : 'not sure yet';
    return;
  }
  const unit = reading.unit;
  const sign = reading.slopePerSec >= 0 ? '+' : '−';
  const rate = `${sign}${formatRate(Math.abs(reading.slopePerSec), unit)}`;
  const perRequest = reading.perRequest === null ? '' : `, ${formatAmount(reading.perRequest, unit)}/request`;
  el.verdict.textContent = `${verdict} — ${FIGURE_LABEL[reading.figure]} ${rate}${perRequest}`;
}

function showBanner(banner: HTMLElement, pick: RuntimePick, run: RunInfo | null): void {
  banner.dataset.runtime = pick.kind;
  if (!pick.runtime) {
    banner.dataset.level = 'warn';
    banner.textContent = pick.reason;
    return;
  }
  banner.dataset.level = 'info';
  const where = pick.kind === 'local' ? 'Local runner: your program runs in Node on this machine' : `Runtime: ${pick.kind}`;
  const node = run ? ` (Node ${run.nodeVersion}, heap limit ${formatBytes(run.heapLimitBytes)})` : '';
  const figures = describeFigures(run?.figuresAre ?? (pick.runtime.capabilities.realV8Figures ? 'v8' : 'approximate'));
  banner.textContent = `${where}${node}. ${figures}`;
  if (pick.runtime.capabilities.reason) banner.textContent += ` ${pick.runtime.capabilities.reason}`;
}

function describeFigures(figuresAre: RunInfo['figuresAre']): string {
  switch (figuresAre) {
    case 'v8': return 'Figures are real V8 numbers from process.memoryUsage().';
    case 'approximate': return 'Figures are approximate: this runtime does not expose V8\u2019s own numbers.';
    case 'unavailable': return 'This runtime reports no memory figures.';
    case 'recorded': return 'Figures are a recording of an earlier real run.';
  }
}
