import type { TrendVerdict } from '../analyzer/verdict/trend.ts';
import { FIGURE_LABEL } from '../format/figure-label.ts';
import { formatAmount, formatBytes, formatRate } from '../format/units.ts';
import { canRun, canStop, settingsProblem } from './page-state/page-selectors.ts';
import type { PageState, RunInfo, RuntimeState } from './page-state/page-state.ts';
import type { PageView } from './page-state/page-store.ts';
import type { VerdictReader } from './page-state/verdict-reader.ts';
import { createLoadClock } from './page-state/load-clock.ts';
import { undecidedBadge, undecidedWords } from './page-state/verdict-badge.ts';
import { tryingWords } from './runtime-words.ts';
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
  /** Why Run does not start (a run setting with a problem); absent on /watch, which has no settings. */
  runReason: HTMLElement | null;
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
    runReason: root.querySelector<HTMLElement>('[data-testid="run-reason"]'),
  };
}

const STATE_WORDS = { idle: 'Ready', starting: 'Starting…', running: 'Running', exited: 'Ended' } as const;

/** Run state, request count, verdict badge, runtime banner, edited marker and button states. */
export function mountStatus(el: StatusElements, view: PageView, readVerdict: VerdictReader): void {
  const readLoadSec = createLoadClock();
  view.subscribe((s) => {
    const { run } = s;
    const state = run.phase;
    el.runState.dataset.state = state;
    el.runState.textContent = state === 'exited' && run.lastExit ? `Ended (${run.lastExit.reason})` : STATE_WORDS[state];
    if (run.info) el.runState.dataset.pid = String(run.info.pid);
    else delete el.runState.dataset.pid;

    const errors = run.requestErrors ? `, ${run.requestErrors.toLocaleString('en')} failed` : '';
    el.requests.textContent = `${run.requests.toLocaleString('en')} requests${errors}`;
    el.requests.dataset.requests = String(run.requests);

    showVerdict(el, readVerdict(s), s.figure, state, run.lastExit?.reason ?? null, readLoadSec(s));

    el.run.disabled = !canRun(s);
    const blockedBy = settingsProblem(s);
    if (el.runReason) {
      el.runReason.hidden = blockedBy === null;
      el.runReason.textContent = blockedBy ?? '';
    }
    if (blockedBy) el.run.title = `Run: ${blockedBy}`;
    else el.run.removeAttribute('title');
    el.run.textContent = state === 'running' ? 'Restart' : 'Run';
    el.stop.disabled = !canStop(s);

    el.editedMarker.hidden = !s.draft.isEdited;
    el.editedMarker.textContent = s.draft.base === 'fixed' ? 'edited (from fixed.js)' : 'edited';

    showBanner(el.banner, s.runtime, run.info);
  });
}

function showVerdict(el: StatusElements, reading: TrendVerdict | null, figure: string, state: PageState['run']['phase'], exitReason: string | null, loadSec: number | null): void {
  const verdict = reading?.verdict ?? 'unknown';
  el.verdict.dataset.verdict = verdict;
  el.verdict.dataset.figure = reading?.figure ?? figure;
  delete el.verdict.dataset.undecided;
  delete el.verdict.dataset.moreSeconds;
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
    // Undecided is not a verdict: say the run is still gathering evidence, and about how long.
    const badge = undecidedBadge(reading, state, loadSec);
    el.verdict.dataset.undecided = badge.kind;
    if (badge.kind === 'deciding' && badge.moreSeconds !== null) el.verdict.dataset.moreSeconds = String(badge.moreSeconds);
    el.verdict.textContent = undecidedWords(badge);
    return;
  }
  const unit = reading.unit;
  const sign = reading.slopePerSec >= 0 ? '+' : '−';
  const rate = `${sign}${formatRate(Math.abs(reading.slopePerSec), unit)}`;
  const perRequest = reading.perRequest === null ? '' : `, ${formatAmount(reading.perRequest, unit)}/request`;
  el.verdict.textContent = `${verdict} — ${FIGURE_LABEL[reading.figure]} ${rate}${perRequest}`;
}

/** `data-choice` says whether the choice has settled (`choosing`, `chosen`, `none`); `data-runtime` which runtime it is about. */
function showBanner(banner: HTMLElement, runtime: RuntimeState, run: RunInfo | null): void {
  banner.dataset.choice = runtime.status;
  switch (runtime.status) {
    case 'choosing':
      banner.dataset.runtime = runtime.trying ?? 'none';
      banner.dataset.level = 'warn';
      banner.textContent = tryingWords(runtime.trying);
      return;
    case 'none':
      banner.dataset.runtime = runtime.kind;
      banner.dataset.level = 'warn';
      banner.textContent = runtime.reason;
      return;
    case 'chosen': {
      banner.dataset.runtime = runtime.kind;
      banner.dataset.level = 'info';
      const where = runtime.kind === 'local' ? 'Local runner: your program runs in Node on this machine' : `Runtime: ${runtime.kind}`;
      const node = run ? ` (Node ${run.nodeVersion}, heap limit ${formatBytes(run.heapLimitBytes)})` : '';
      const figures = describeFigures(run?.figuresAre ?? (runtime.capabilities.realV8Figures ? 'v8' : 'approximate'));
      banner.textContent = `${where}${node}. ${figures}`;
      if (runtime.capabilities.reason) banner.textContent += ` ${runtime.capabilities.reason}`;
    }
  }
}

function describeFigures(figuresAre: RunInfo['figuresAre']): string {
  switch (figuresAre) {
    case 'v8': return 'Figures are real V8 numbers from process.memoryUsage().';
    case 'approximate': return 'Figures are approximate: this runtime does not expose V8\u2019s own numbers.';
    case 'unavailable': return 'This runtime reports no memory figures.';
    case 'recorded': return 'Figures are a recording of an earlier real run.';
  }
}
