import { byTestId, h } from './dom.ts';
import type { PageView } from './page-state/page-store.ts';
import { CAPTURE_PHASES } from './page-state/snapshot-types.ts';

const PHASE_WORDS = { writing: 'writing', transferring: 'transferring', parsing: 'parsing', dominators: 'dominators' } as const;

/**
 * The snapshot being made or opened: its four phases with the current one marked, and a bar
 * (indeterminate where the phase has no size). Also the last refusal or error, in words.
 */
export function mountSnapshotProgress(root: HTMLElement, view: PageView): void {
  const box = byTestId(root, 'snapshot-progress');
  const message = byTestId(root, 'snapshot-message');
  const label = h('span', { class: 'progress-label' });
  const steps = h('ol', { class: 'phases' }, CAPTURE_PHASES.map((phase) => h('li', { 'data-phase': phase, text: PHASE_WORDS[phase] })));
  const bar = h('progress', { max: 1 });
  box.replaceChildren(label, steps, bar);

  view.subscribe(({ snapshots: s }) => {
    const p = s.progress;
    box.hidden = p === null;
    if (p) {
      box.dataset.phase = p.phase;
      label.textContent = p.label;
      const at = CAPTURE_PHASES.indexOf(p.phase);
      steps.querySelectorAll('li').forEach((li, i) => { li.dataset.state = i < at ? 'done' : i === at ? 'now' : 'later'; });
      if (p.fraction === null) bar.removeAttribute('value');
      else bar.value = p.fraction;
    }
    message.hidden = s.message === null;
    message.dataset.level = s.message?.level ?? '';
    message.textContent = s.message?.text ?? '';
  });
}
