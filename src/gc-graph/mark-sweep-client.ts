import { formatBytes } from '../format/units.ts';
import { markingWaves } from './marking-waves.ts';
import type { GcGraph } from './types.ts';

/** Time between marking waves; long enough to follow with the eye. */
const WAVE_MS = 650;

type Phase = 'idle' | 'marking' | 'marked' | 'swept';

/**
 * Drives one MarkSweep figure: Mark runs the mark phase wave by wave from the roots over strong
 * edges (markingWaves, on the drawn graph), Sweep crosses out every unmarked object and adds up
 * their bytes, Reset starts over. The state is on each node as `data-state` and in the status line.
 */
export function mountMarkSweep(figure: HTMLElement): void {
  const graph = JSON.parse(figure.querySelector('script[type="application/json"]')!.textContent!) as GcGraph;
  const markButton = figure.querySelector<HTMLButtonElement>('[data-testid="mark"]')!;
  const sweepButton = figure.querySelector<HTMLButtonElement>('[data-testid="sweep"]')!;
  const resetButton = figure.querySelector<HTMLButtonElement>('[data-testid="mark-sweep-reset"]')!;
  const status = figure.querySelector<HTMLElement>('[data-testid="mark-sweep-status"]')!;
  const nodeEls = new Map<number, SVGGElement>();
  for (const el of figure.querySelectorAll<SVGGElement>('[data-node-id]')) nodeEls.set(Number(el.dataset.nodeId), el);
  const edgeEls = [...figure.querySelectorAll<SVGGElement>('[data-edge]')];
  const waves = markingWaves(graph.nodes, graph.edges);
  const isReducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const total = graph.nodes.length;
  const marked = new Set<number>();
  let phase: Phase = 'idle';
  let timer: ReturnType<typeof setTimeout> | undefined;

  const render = (): void => {
    markButton.disabled = phase !== 'idle';
    sweepButton.disabled = phase !== 'marked';
    figure.dataset.phase = phase;
    const garbage = graph.nodes.filter((n) => !marked.has(n.id));
    const garbageBytes = formatBytes(garbage.reduce((sum, n) => sum + n.selfSize, 0));
    status.textContent = {
      idle: `${total} objects, none marked yet. Press Mark to trace from the root.`,
      marking: `Marking: ${marked.size} of ${total} objects reached so far.`,
      marked: `Marked ${marked.size} of ${total} objects; ${garbage.length} unreachable, ${garbageBytes}. Press Sweep to free them.`,
      swept: `Swept ${garbage.length} unreachable objects and freed ${garbageBytes}; ${marked.size} of ${total} objects survive.`,
    }[phase];
  };

  const markWave = (i: number): void => {
    for (const id of waves[i]) {
      marked.add(id);
      nodeEls.get(id)?.setAttribute('data-state', 'marked');
    }
    // The strong edges that this wave's objects were reached over light up with them.
    for (const el of edgeEls) {
      if (el.dataset.weak !== 'true' && marked.has(Number(el.dataset.from)) && marked.has(Number(el.dataset.to))) el.classList.add('is-traced');
    }
    if (i + 1 < waves.length) {
      phase = 'marking';
      timer = setTimeout(() => markWave(i + 1), isReducedMotion ? 0 : WAVE_MS);
    } else {
      phase = 'marked';
    }
    render();
  };

  markButton.addEventListener('click', () => {
    if (phase !== 'idle') return;
    markWave(0);
  });
  sweepButton.addEventListener('click', () => {
    if (phase !== 'marked') return;
    for (const [id, el] of nodeEls) if (!marked.has(id)) el.setAttribute('data-state', 'swept');
    for (const el of edgeEls) {
      if (!marked.has(Number(el.dataset.from)) || !marked.has(Number(el.dataset.to))) el.classList.add('is-swept');
    }
    phase = 'swept';
    render();
  });
  resetButton.addEventListener('click', () => {
    clearTimeout(timer);
    marked.clear();
    for (const el of nodeEls.values()) el.setAttribute('data-state', 'unvisited');
    for (const el of edgeEls) el.classList.remove('is-traced', 'is-swept');
    phase = 'idle';
    render();
  });
  render();
}
