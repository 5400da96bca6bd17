import type { RetainerPath, RetainerStep } from '../analyzer/query-results.ts';
import { formatBytes } from '../format/units.ts';
import { byTestId, formatCount, h } from './dom.ts';
import type { PageView } from './page-state/page-store.ts';
import type { Retainers } from './page-state/snapshot-types.ts';

/** How each kind of edge reads to a learner. */
const EDGE_WORDS: Record<string, string> = {
  property: 'property',
  element: 'index',
  context: 'closure variable',
  internal: 'internal',
  hidden: 'hidden',
  shortcut: 'shortcut',
  weak: 'weak',
};

/**
 * Why the selected class stays alive: the shortest paths from a GC root to its objects, one
 * line per step (the edge taken, what kind of edge, the object reached), with a link to the
 * line of main.js where a closure on the path was written.
 */
export function mountRetainers(root: HTMLElement, view: PageView, onRevealLine: (line: number) => void): void {
  const section = byTestId(root, 'retainers');
  const heading = byTestId(section, 'retainers-heading');
  const list = byTestId(section, 'retainer-paths');
  let drawn: Retainers | null = null;

  list.addEventListener('click', (e) => {
    const link = (e.target as HTMLElement).closest<HTMLElement>('[data-line]');
    if (link) onRevealLine(Number(link.dataset.line));
  });

  view.subscribe(({ snapshots: s }) => {
    const r = s.retainers;
    section.hidden = r === null;
    if (r === drawn || r === null) return;
    drawn = r;
    section.dataset.status = r.status;
    section.dataset.class = r.className;
    switch (r.status) {
      case 'loading':
        heading.textContent = `Finding what keeps ${r.className} alive…`;
        list.replaceChildren();
        return;
      case 'failed':
        heading.textContent = `Could not trace ${r.className}: ${r.message}`;
        list.replaceChildren();
        return;
      case 'ready': {
        const { result } = r;
        const sample = result.examinedCount < result.instanceCount ? ` (paths of an even sample of ${formatCount(result.examinedCount)})` : '';
        heading.textContent = `What keeps ${formatCount(result.instanceCount)} ${r.className} alive in ${r.snapshotLabel}${sample}`;
        list.replaceChildren(...(result.paths.length === 0
          ? [h('li', { class: 'no-path', text: 'No strong path from a GC root: these objects are garbage or only weakly held.' })]
          : result.paths.map((path, p) => pathItem(path, r.stepLines[p] ?? []))));
        return;
      }
    }
  });
}

function pathItem(path: RetainerPath, lines: readonly (number | null)[]): HTMLElement {
  const share = path.instances > 1 ? `${formatCount(path.instances)} objects share this path` : 'one object';
  return h('li', { class: 'retainer-path', 'data-testid': 'retainer-path', 'data-text': path.text }, [
    h('p', { class: 'path-meta', text: `${share}; the one traced retains ${formatBytes(path.retainedSize)}` }),
    h('ol', { class: 'steps' }, [
      h('li', { class: 'step root', text: `${path.root} (GC root)` }),
      ...path.steps.map((step, i) => stepItem(step, lines[i] ?? null)),
    ]),
  ]);
}

function stepItem(step: RetainerStep, line: number | null): HTMLElement {
  const kind = EDGE_WORDS[step.edgeType] ?? step.edgeType;
  const target = step.nodeName ? `${step.nodeName}() ${step.className}` : step.className;
  return h('li', { class: 'step', 'data-testid': 'retainer-step', 'data-edge': step.edge, 'data-edge-type': step.edgeType, 'data-class': step.className }, [
    h('code', { class: 'edge', text: step.edge }),
    h('span', { class: 'edge-kind', text: kind }),
    h('span', { class: 'arrow', text: '→' }),
    h('span', { class: 'target', text: target }),
    ...(line === null ? [] : [h('button', { type: 'button', class: 'source-line', 'data-testid': 'source-line', 'data-line': line, text: `main.js:${line}`, title: 'Show this line in the editor' })]),
  ]);
}
