import type { AllocationTreeNode, StackFrame } from '../protocol/allocation-results.ts';
import { formatBytes } from '../format/units.ts';
import type { PageStore } from './page-state/page-store.ts';
import { allocationView, type AllocationView } from './page-state/allocation-selectors.ts';
import { flameLayout, type FlameBox } from './flame-layout.ts';
import { byTestId, h } from './dom.ts';

/** Tree rows drawn at most; the rest of a big profile is summed up in one line. */
const MAX_ROWS = 400;
/** Rows opened on first draw: paths holding at least this share of the root. */
const OPEN_SHARE = 0.05;
const ROW_PX = 18;

export interface AllocationViewHooks {
  /** A frame of the learner's main.js was clicked: mark its line (the controller decides how). */
  onProgramFrame: (line: number) => void;
  /** The fold box changed. */
  onFolding: (isFolded: boolean) => void;
}

/**
 * The "Allocated at" view: the call paths whose live memory grew (or, for one profile file, is
 * live), as a top-down tree with bytes per second and per request, and as a flame graph drawn
 * on canvas. Reads the page state only; clicks go out through `hooks`.
 */
export function mountAllocationView(panel: HTMLElement, store: PageStore, hooks: AllocationViewHooks): void {
  const heading = byTestId(panel, 'alloc-heading');
  const empty = byTestId(panel, 'alloc-empty');
  const body = byTestId(panel, 'alloc-body');
  const tree = byTestId(panel, 'alloc-tree');
  const canvas = byTestId<HTMLCanvasElement>(panel, 'alloc-flame');
  const fold = byTestId<HTMLInputElement>(panel, 'alloc-fold');
  const note = byTestId(panel, 'alloc-note');
  const flameWidth = byTestId(panel, 'alloc-flame-width');
  fold.addEventListener('change', () => hooks.onFolding(fold.checked));
  let shownTree: AllocationTreeNode | null = null;
  let boxes: FlameBox[] = [];
  let view: AllocationView = allocationView(store.state);

  const frameIsProgram = (frame: StackFrame | undefined): boolean =>
    frame !== undefined && view.status === 'ready' && view.isRun && frame.origin === 'app' && fileOf(frame.url) === 'main.js' && frame.line > 0;

  canvas.addEventListener('click', (e) => {
    const rect = canvas.getBoundingClientRect();
    const x = (e.clientX - rect.left) / rect.width;
    const depth = Math.floor((e.clientY - rect.top) / ROW_PX);
    const hit = boxes.find((b) => b.depth === depth && x >= b.x && x < b.x + b.width);
    if (hit?.node.frame && frameIsProgram(hit.node.frame)) hooks.onProgramFrame(hit.node.frame.line);
  });

  store.subscribe((state) => {
    view = allocationView(state);
    panel.dataset.status = view.status;
    if (view.status === 'empty') {
      heading.textContent = 'Allocated at';
      empty.textContent = view.text;
      empty.hidden = false;
      body.hidden = true;
      shownTree = null;
      return;
    }
    empty.hidden = true;
    body.hidden = false;
    fold.checked = view.isFolded;
    heading.textContent = view.heading;
    note.textContent = noteFor(view);
    flameWidth.textContent = view.isGrowth ? 'share of the growth' : 'share of the live memory';
    if (view.tree === shownTree) return;
    shownTree = view.tree;
    drawTree(tree, view, frameIsProgram, hooks);
    boxes = flameLayout(view.tree);
    drawFlame(canvas, boxes, frameIsProgram);
  });
}

function noteFor(view: Extract<AllocationView, { status: 'ready' }>): string {
  const sample = view.intervalBytes ? ` One sample stands for about ${formatBytes(view.intervalBytes)}, so a few samples more is noise.` : '';
  const where = ' V8 names the function an allocation happened in, at the line where the function starts.';
  return `${view.isGrowth ? 'Live bytes more at the end than at the start, per call path' : 'Live bytes per call path'}; frames of Node, natives and node_modules ${view.isFolded ? 'are folded into their callers' : 'are shown'}.${where}${sample}`;
}

function fileOf(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}

function frameLabel(frame: StackFrame | undefined): string {
  if (!frame) return '(all)';
  const name = frame.functionName || '(anonymous)';
  if (frame.url === '') return `${name} (${frame.origin === 'native' ? 'native' : 'script collected'})`;
  // As the CLI prints a frame: file:line:column, then the function.
  return `${fileOf(frame.url)}${frame.line > 0 ? `:${frame.line}:${frame.column}` : ''} ${name}`;
}

function drawTree(list: HTMLElement, view: Extract<AllocationView, { status: 'ready' }>, isProgram: (f: StackFrame | undefined) => boolean, hooks: AllocationViewHooks): void {
  const rootTotal = view.tree.totalBytes;
  let rows = 0;
  const rowFor = (node: AllocationTreeNode): HTMLElement => {
    rows++;
    const share = rootTotal > 0 ? node.totalBytes / rootTotal : 0;
    const figures = [`${view.isGrowth ? '+' : ''}${formatBytes(node.totalBytes)}`];
    if (view.seconds) figures.push(`${formatBytes(node.totalBytes / view.seconds)}/s`);
    if (view.requests) figures.push(`${formatBytes(node.totalBytes / view.requests)}/request`);
    figures.push(`${node.totalSamples.toLocaleString('en')} samples`);
    const { frame } = node;
    const label = frame && isProgram(frame)
      ? h('button', { type: 'button', class: 'alloc-frame program', 'data-testid': 'alloc-program-frame', 'data-line': frame.line, title: `Mark line ${frame.line} in the editor`, text: frameLabel(frame) })
      : h('span', { class: `alloc-frame ${frame?.origin ?? 'root'}`, text: frameLabel(frame) });
    if (frame && isProgram(frame)) {
      label.addEventListener('click', (e) => {
        e.preventDefault(); // a click on the frame marks its line; the row's triangle opens it
        hooks.onProgramFrame(frame.line);
      });
    }
    const summary = h('summary', { class: 'alloc-row', 'data-testid': 'alloc-row', 'data-total-bytes': node.totalBytes }, [
      h('span', { class: 'alloc-bar', style: `width: ${(share * 100).toFixed(1)}%` }),
      label,
      h('span', { class: 'alloc-figures', text: figures.join(' · ') }),
    ]);
    const details = h('details', {}, [summary]);
    if (share >= OPEN_SHARE) details.open = true;
    for (const child of node.children) {
      if (rows >= MAX_ROWS) break;
      details.append(rowFor(child));
    }
    if (node.children.length === 0) details.classList.add('leaf');
    return details;
  };
  list.replaceChildren();
  if (view.tree.children.length === 0) {
    list.append(h('p', { class: 'empty', text: view.isGrowth ? 'No call path holds more live memory than at the start.' : 'The profile holds no sampled allocations.' }));
    return;
  }
  for (const child of view.tree.children) {
    if (rows >= MAX_ROWS) break;
    list.append(rowFor(child));
  }
  if (rows >= MAX_ROWS) list.append(h('p', { class: 'hint', text: `Only the first ${MAX_ROWS} call paths are drawn.` }));
}

function drawFlame(canvas: HTMLCanvasElement, boxes: FlameBox[], isProgram: (f: StackFrame | undefined) => boolean): void {
  const depth = boxes.reduce((max, b) => Math.max(max, b.depth), 0) + 1;
  const cssWidth = canvas.parentElement?.clientWidth || 800;
  const ratio = globalThis.devicePixelRatio || 1;
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${depth * ROW_PX}px`;
  canvas.width = Math.round(cssWidth * ratio);
  canvas.height = Math.round(depth * ROW_PX * ratio);
  canvas.dataset.boxes = String(boxes.length);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.scale(ratio, ratio);
  ctx.font = '11px ui-monospace, monospace';
  ctx.textBaseline = 'middle';
  for (const box of boxes) {
    const x = box.x * cssWidth, w = Math.max(1, box.width * cssWidth - 1), y = box.depth * ROW_PX;
    const frame = box.node.frame;
    // The learner's code warm, Node's and packages' cool, the root grey.
    ctx.fillStyle = !frame ? '#d4d4d8' : isProgram(frame) ? '#f59e0b' : frame.origin === 'app' ? '#fbbf24' : '#93c5fd';
    ctx.fillRect(x, y, w, ROW_PX - 1);
    if (w > 30) {
      ctx.fillStyle = '#111827';
      const text = frame ? `${frame.functionName || '(anonymous)'}${frame.line ? ` :${frame.line}` : ''}` : `all: ${formatBytes(box.node.totalBytes)}`;
      ctx.save();
      ctx.beginPath();
      ctx.rect(x, y, w, ROW_PX);
      ctx.clip();
      ctx.fillText(text, x + 3, y + ROW_PX / 2);
      ctx.restore();
    }
  }
}
