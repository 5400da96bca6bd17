import type { StackFrame } from '../protocol/allocation-results.ts';
import { formatBytes } from '../format/units.ts';
import type { PageStore } from './page-state/page-store.ts';
import { byTestId, formatCount, h } from './dom.ts';

/** Frames shown per stack: the allocating function and its nearest callers. */
const FRAMES_PER_STACK = 5;

function frameText(frame: StackFrame): string {
  const name = frame.functionName || '(anonymous)';
  if (frame.url === '') return `${name} (native)`;
  const file = frame.url.slice(frame.url.lastIndexOf('/') + 1);
  return `${file}${frame.line > 0 ? `:${frame.line}:${frame.column}` : ''} ${name}`;
}

/**
 * Beside the retainer paths: where the selected class's objects were allocated, when the
 * snapshot carries allocation traces (written with allocation tracking on); in a comparison,
 * the objects new since the first snapshot. Without traces it says how to get them. Reads the
 * page state only.
 */
export function mountClassAllocations(panel: HTMLElement, store: PageStore): void {
  const section = byTestId(panel, 'class-allocations');
  const heading = byTestId(section, 'class-allocations-heading');
  const list = byTestId(section, 'class-allocation-stacks');
  let shown: unknown = null;
  store.subscribe((state) => {
    const stacks = state.allocation.classStacks;
    const selected = state.snapshots.selectedClass;
    if (!stacks || stacks.className !== selected) {
      section.hidden = true;
      shown = null;
      return;
    }
    if (stacks === shown) return;
    shown = stacks;
    section.hidden = false;
    list.replaceChildren();
    if (stacks.status === 'failed') {
      section.dataset.status = 'failed';
      heading.textContent = `Allocated at: ${stacks.className}`;
      list.append(h('li', { class: 'empty', text: stacks.message }));
      return;
    }
    const { result } = stacks;
    section.dataset.status = result.hasTraces ? 'ready' : 'no-traces';
    if (!result.hasTraces) {
      heading.textContent = `Allocated at: ${result.className}`;
      list.append(h('li', { class: 'hint', text: 'This snapshot has no allocation traces. Write it with allocation tracking on (node --track-heap-objects, or DevTools\' Allocations on timeline) to see where these objects were allocated; or read the run\'s Allocated at tab.' }));
      return;
    }
    heading.textContent = `Allocated at: ${formatCount(result.count)} ${result.className} (${formatBytes(result.selfSize)}), by stack`;
    for (const s of result.stacks) {
      const frames = s.stack.slice(0, FRAMES_PER_STACK).map((f, k) => h('div', { class: 'alloc-stack-frame', text: `${k === 0 ? '' : '← '}${frameText(f)}` }));
      list.append(h('li', { 'data-testid': 'class-allocation-stack' }, [
        h('span', { class: 'alloc-stack-count', text: `${formatCount(s.count)} · ${formatBytes(s.selfSize)}` }),
        h('div', { class: 'alloc-stack-frames' }, frames.length ? frames : [h('div', { text: '(no frame of your code)' })]),
      ]));
    }
    if (result.untracedCount > 0) list.append(h('li', { class: 'hint', text: `${formatCount(result.untracedCount)} of them have no trace (allocated before tracking started).` }));
  });
}
