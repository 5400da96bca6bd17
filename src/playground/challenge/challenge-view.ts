import type { CheckedResponse } from '../../protocol/response-check.ts';
import { h } from '../dom.ts';
import type { ChallengeResult, ChallengeSlice } from '../page-state/challenge-slice.ts';
import type { PageState } from '../page-state/page-state.ts';
import type { PageView } from '../page-state/page-store.ts';
import { challengeAvailability } from './challenge-availability.ts';
import { MAX_CHECK_SECONDS } from './challenge-controller.ts';
import type { CheckLine } from './challenge-decision.ts';
import { describeExpectation, describeGot, stepWords } from './challenge-words.ts';

export interface ChallengeElements {
  /** "Check my fix" in the toolbar. */
  button: HTMLButtonElement;
  /** The panel the check's progress and result are shown in. */
  panel: HTMLElement;
}

export interface ChallengeViewOptions {
  /** The lesson has no `check:` and gets the default (each load path answers 200 with a body). */
  isDefaultCheck: boolean;
  onCheck(seconds?: number): void;
}

const MARK_TEXT: Record<CheckLine['mark'], string> = { pass: '✓', fail: '✗', undecided: '?', 'not-applicable': '–' };
const MARK_WORDS: Record<CheckLine['mark'], string> = { pass: 'passes', fail: 'fails', undecided: 'undecided', 'not-applicable': 'does not apply' };

/**
 * "Check my fix" and its panel: the step while a check runs; then pass, fail or undecided with
 * each part's evidence (the verdict with its numbers, the leaking class's count between the two
 * snapshots, every check request with what was expected and what came back). Reads the state only;
 * the button calls the controller.
 */
export function mountChallenge(el: ChallengeElements, view: PageView, options: ChallengeViewOptions): void {
  let shown: ChallengeSlice | null = null;
  let shownWhy: string | null = null;
  let retrySeconds: number | null = null;
  el.button.addEventListener('click', () => options.onCheck());
  el.panel.addEventListener('click', (e) => {
    const target = e.target as HTMLElement;
    if (target.closest('[data-testid="check-longer"]') && retrySeconds !== null) options.onCheck(retrySeconds);
  });

  view.subscribe((state) => {
    const availability = challengeAvailability(state);
    el.button.disabled = !availability.canCheck;
    el.button.title = availability.canCheck ? 'Run your program under the lesson\'s load and check that it no longer leaks and still answers correctly' : availability.reason;
    const slice = state.challenge;
    const why = availability.canCheck ? null : availability.reason;
    // The panel is rebuilt only when the check moved on (not on every sample).
    if (slice === shown && why === shownWhy && !slice.attempt) return;
    shown = slice;
    shownWhy = why;
    retrySeconds = null;
    if (slice.attempt) return showAttempt(el.panel, state);
    if (!slice.result) {
      el.panel.hidden = availability.canCheck || availability.reason === 'Choosing a runtime…' || availability.reason === 'A run is starting.';
      el.panel.dataset.outcome = 'none';
      el.panel.replaceChildren(h('p', { class: 'challenge-why', 'data-testid': 'challenge-why', text: availability.canCheck ? '' : `Check my fix cannot run here: ${availability.reason}` }));
      return;
    }
    retrySeconds = showResult(el.panel, slice.result, options.isDefaultCheck);
  });
}

function showAttempt(panel: HTMLElement, state: PageState): void {
  const a = state.challenge.attempt!;
  panel.hidden = false;
  panel.dataset.outcome = 'checking';
  panel.dataset.step = a.step;
  const headline = `Checking your fix: ${a.seconds} s under the lesson's load…`;
  const step = stepWords(a);
  const headlineEl = panel.querySelector('[data-testid="challenge-headline"]');
  const stepEl = panel.querySelector('[data-testid="challenge-step"]');
  if (headlineEl && stepEl) {
    headlineEl.textContent = headline;
    stepEl.textContent = step;
    return;
  }
  panel.replaceChildren(
    h('p', { class: 'challenge-headline', 'data-testid': 'challenge-headline', text: headline }),
    h('p', { class: 'challenge-step', 'data-testid': 'challenge-step', text: step }),
  );
}

/** Shows a result; returns the seconds for "Check again for longer", if offered. */
function showResult(panel: HTMLElement, result: ChallengeResult, isDefaultCheck: boolean): number | null {
  panel.hidden = false;
  delete panel.dataset.step;
  if (result.kind === 'cancelled') {
    panel.dataset.outcome = 'cancelled';
    panel.replaceChildren(h('p', { class: 'challenge-headline', 'data-testid': 'challenge-headline', text: result.reason }));
    return null;
  }
  const { decision, evidence } = result;
  panel.dataset.outcome = decision.outcome;
  const lines = decision.lines.map((line) => h('li', { 'data-part': line.part, 'data-mark': line.mark, 'data-testid': `challenge-line-${line.part}` }, [
    h('span', { class: 'mark', 'aria-label': MARK_WORDS[line.mark], text: MARK_TEXT[line.mark] }),
    h('span', { class: 'text', text: line.text }),
  ]));
  const children: Node[] = [
    h('p', { class: 'challenge-headline', 'data-testid': 'challenge-headline', text: decision.headline }),
    h('ul', { class: 'challenge-lines' }, lines),
  ];
  if (evidence.classGrowth.kind === 'measured' && evidence.classGrowth.topGrowing.length > 0) {
    const top = evidence.classGrowth.topGrowing.map((k) => `${k.name} +${k.countDelta.toLocaleString('en')}`).join(', ');
    children.push(h('p', { class: 'challenge-note', text: `Grew most between the two snapshots: ${top}. The comparison is in the Heap snapshots tab; the chart above is this run.` }));
  }
  if (evidence.responses?.kind === 'checked') children.push(responsesTable(evidence.responses.results));
  if (isDefaultCheck) children.push(h('p', { class: 'challenge-note', text: 'This lesson has no response check of its own (check: in its frontmatter), so each load path only has to answer 200 with a body.' }));
  // Longer helps when the run could not tell, or when the floor is flat but the class still grew
  // (a bound that is not reached yet at the warm-up snapshot); not when the program leaks.
  const mark = (part: CheckLine['part']) => decision.lines.find((l) => l.part === part)?.mark;
  const isBoundNotReached = mark('verdict') === 'pass' && mark('class') === 'fail';
  const canGoLonger = evidence.seconds < MAX_CHECK_SECONDS && (decision.outcome === 'undecided' || isBoundNotReached);
  const retry = canGoLonger ? Math.min(evidence.seconds * 2, MAX_CHECK_SECONDS) : null;
  if (retry !== null) children.push(h('button', { type: 'button', 'data-testid': 'check-longer', text: `Check again for ${retry} s` }));
  panel.replaceChildren(...children);
  return retry;
}

/** Every check request: what was asked, what the answer had to be, what came back, what was wrong. */
function responsesTable(results: readonly CheckedResponse[]): HTMLElement {
  const rows = results.map((r) => {
    const isRight = r.problems.length === 0;
    const body = r.got.kind === 'response' ? h('pre', { class: 'challenge-body', tabindex: 0, 'data-testid': 'challenge-got-body', text: r.got.bodyExcerpt === '' ? '(empty body)' : r.got.bodyExcerpt }) : '';
    return h('tr', { 'data-mark': isRight ? 'pass' : 'fail', 'data-testid': 'challenge-response' }, [
      h('td', { class: 'mark', 'aria-label': isRight ? 'right' : 'wrong', text: isRight ? '✓' : '✗' }),
      h('td', { class: 'asked' }, [h('code', { text: `${r.method} ${r.path}` })]),
      h('td', { class: 'expected', text: describeExpectation(r.expect) }),
      h('td', { class: 'got' }, [describeGot(r.got), body, ...(isRight ? [] : [h('p', { class: 'problems', 'data-testid': 'challenge-problems', text: r.problems.join(' ') })])]),
    ]);
  });
  return h('table', { class: 'challenge-responses', 'data-testid': 'challenge-responses' }, [
    h('caption', { text: 'Check requests, sent while the load ran' }),
    h('thead', {}, [h('tr', {}, [h('th', { scope: 'col', 'aria-label': 'Right or wrong' }), h('th', { scope: 'col', text: 'Asked' }), h('th', { scope: 'col', text: 'Expected' }), h('th', { scope: 'col', text: 'Came back' })])]),
    h('tbody', {}, rows),
  ]);
}
