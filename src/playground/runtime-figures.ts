import type { RunInfo } from './page-state/page-state.ts';
import type { PageView } from './page-state/page-store.ts';

const LABELS: Record<RunInfo['figuresAre'], string> = {
  v8: '',
  approximate: 'Approximate figures: this runtime\u2019s memory numbers did not follow a known allocation closely, so they are not V8\u2019s own. For real figures run `npm start` or pick "Recording".',
  unavailable: 'Memory figures unavailable: this runtime\u2019s numbers did not respond to a known allocation, so none are drawn. For real figures run `npm start` or pick "Recording".',
  recorded: 'Recorded figures: a replay of a run on real Node, not a live program.',
};

/**
 * A caption above the chart saying what its figures are when they are not live V8 numbers
 * (`figuresAre` from the run's `started` event), and `data-figures-are` on the chart element.
 */
export function mountFiguresLabel(chart: HTMLElement, view: PageView): void {
  const label = document.createElement('p');
  label.className = 'figures-label';
  label.dataset.testid = 'figures-label';
  label.setAttribute('role', 'note');
  label.hidden = true;
  chart.before(label);
  view.subscribe((s) => {
    const figuresAre = s.run.info?.figuresAre;
    if (!figuresAre) return;
    chart.dataset.figuresAre = figuresAre;
    label.dataset.figuresAre = figuresAre;
    label.textContent = LABELS[figuresAre];
    label.hidden = figuresAre === 'v8';
  });
}
