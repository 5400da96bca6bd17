import { markingWaves } from './marking-waves.ts';
import type { GcGraph, GcGraphEdge, GcGraphNode } from './types.ts';

/** Where one object's box sits, in SVG user units (top-left corner). */
export interface PlacedNode { node: GcGraphNode; x: number; y: number }

/** One edge as a path: a straight line, or a bend when the opposite edge exists too (a cycle). */
export interface PlacedEdge { edge: GcGraphEdge; path: string; labelX: number; labelY: number; labelAnchor: 'start' | 'middle' | 'end' }

export interface GcGraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  /** The band under the reachable layers that holds what marking cannot reach; absent if empty. */
  unreachableBand?: { y: number; height: number };
}

export const BOX_WIDTH = 84;
export const BOX_HEIGHT = 36;
/** About the lesson column's width in CSS pixels, so the text is drawn near its nominal size. */
const WIDTH = 540;
const MIN_GAP = 8;
/** Room for an arrow and its name between two boxes of one row. */
const IN_ROW_GAP = 34;
const LAYER_GAP = 78;
const TOP = 8;
const BAND_GAP = 30;

/**
 * A layered layout: reachable objects in rows by marking wave (breadth-first depth from the
 * roots over strong edges), in the order marking found them, so children sit near their parent.
 * Unreachable objects go in one row of their own, below a separator, grouped by what leads into
 * them (a WeakRef's target first, then what it holds).
 */
export function layoutGcGraph(graph: GcGraph): GcGraphLayout {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const rows = markingWaves(graph.nodes, graph.edges);
  const marked = new Set(rows.flat());
  const unreachable = unreachableOrder(graph, marked);
  const positions = new Map<number, { x: number; y: number }>();
  rows.forEach((row, depth) => placeRow(row, TOP + depth * LAYER_GAP, positions, graph.edges));
  let height = TOP + (rows.length - 1) * LAYER_GAP + BOX_HEIGHT + TOP;
  let unreachableBand: GcGraphLayout['unreachableBand'];
  if (unreachable.length > 0) {
    const bandY = height + BAND_GAP / 2;
    placeChains(unreachable, bandY + BAND_GAP, positions, graph.edges);
    unreachableBand = { y: bandY, height: BAND_GAP + BOX_HEIGHT + 12 };
    height = bandY + unreachableBand.height + 4;
  }
  const nodes = [...positions].map(([id, p]) => ({ node: byId.get(id)!, ...p }));
  const pairs = new Set(graph.edges.map((e) => `${e.from}>${e.to}`));
  const edges = graph.edges.map((edge) => {
    const from = positions.get(edge.from)!;
    const to = positions.get(edge.to)!;
    // Sibling edges' names part: the left half of a fan is named on the left of its line.
    const fan = graph.edges.filter((e) => e.from === edge.from).map((e) => positions.get(e.to)!.x).sort((x, y) => x - y);
    const side = fan.indexOf(to.x) < Math.floor(fan.length / 2) ? 'end' : 'start';
    return placeEdge(edge, from, to, pairs.has(`${edge.to}>${edge.from}`), side);
  });
  return { width: WIDTH, height, nodes, edges, ...(unreachableBand ? { unreachableBand } : {}) };
}

/** Unreachable objects, entered from outside first (the targets of weak edges), then depth first. */
function unreachableOrder(graph: GcGraph, marked: Set<number>): number[] {
  const rest = graph.nodes.filter((n) => !marked.has(n.id)).map((n) => n.id);
  const entries = graph.edges.filter((e) => marked.has(e.from) && !marked.has(e.to)).map((e) => e.to);
  const order: number[] = [];
  const visit = (id: number): void => {
    if (order.includes(id)) return;
    order.push(id);
    for (const e of graph.edges) if (e.from === id && !marked.has(e.to)) visit(e.to);
  };
  for (const id of [...entries, ...rest]) visit(id);
  return order;
}

/**
 * Each box as close as it fits under the objects that point to it (their mean position), with
 * siblings spread evenly around that point, in the given order; a row with nothing placed above
 * it (the roots) is spread evenly.
 */
function placeRow(ids: number[], y: number, positions: Map<number, { x: number; y: number }>, edges: readonly GcGraphEdge[]): void {
  const slot = WIDTH / ids.length;
  const wanted: number[] = [];
  ids.forEach((id, i) => {
    const parents = edges.filter((e) => e.to === id && positions.has(e.from)).map((e) => positions.get(e.from)!.x);
    wanted.push(parents.length > 0 ? parents.reduce((a, b) => a + b, 0) / parents.length : slot * i + (slot - BOX_WIDTH) / 2);
  });
  // Siblings (same wanted spot) fan out around it.
  const spread = wanted.map((x, i) => {
    const siblings = wanted.map((w, j) => (w === x ? j : -1)).filter((j) => j !== -1);
    if (siblings.length === 1) return x;
    return x + (siblings.indexOf(i) - (siblings.length - 1) / 2) * (BOX_WIDTH + MIN_GAP * 2);
  });
  // Left to right, push each box clear of the one before; then pull back inside the right edge.
  const xs: number[] = [];
  spread.forEach((x, i) => { xs.push(Math.max(x, i === 0 ? 0 : xs[i - 1] + BOX_WIDTH + MIN_GAP)); });
  for (let i = xs.length - 1; i >= 0; i--) {
    const limit = i === xs.length - 1 ? WIDTH - BOX_WIDTH : xs[i + 1] - BOX_WIDTH - MIN_GAP;
    xs[i] = Math.max(0, Math.min(xs[i], limit));
  }
  ids.forEach((id, i) => positions.set(id, { x: Math.round(xs[i]), y }));
}

/**
 * The unreachable row: chains (Request -> Body, Node <-> Node) left to right with room for their
 * arrows, a wider gap between chains, centred.
 */
function placeChains(ids: number[], y: number, positions: Map<number, { x: number; y: number }>, edges: readonly GcGraphEdge[]): void {
  const xs: number[] = [];
  ids.forEach((id, i) => {
    if (i === 0) return xs.push(0);
    const isChained = edges.some((e) => e.from === ids[i - 1] && e.to === id);
    xs.push(xs[i - 1] + BOX_WIDTH + (isChained ? IN_ROW_GAP : IN_ROW_GAP * 1.5));
  });
  const offset = Math.max(0, (WIDTH - (xs[xs.length - 1] + BOX_WIDTH)) / 2);
  ids.forEach((id, i) => positions.set(id, { x: Math.round(Math.min(xs[i] + offset, WIDTH - BOX_WIDTH)), y }));
}

/** From the source box's border to the target box's border; bent sideways when `isPaired`. */
function placeEdge(edge: GcGraphEdge, from: { x: number; y: number }, to: { x: number; y: number }, isPaired: boolean, side: 'start' | 'end'): PlacedEdge {
  const a = { x: from.x + BOX_WIDTH / 2, y: from.y + BOX_HEIGHT / 2 };
  const b = { x: to.x + BOX_WIDTH / 2, y: to.y + BOX_HEIGHT / 2 };
  const bend = isPaired ? 16 : 0;
  const dx = b.x - a.x, dy = b.y - a.y;
  const length = Math.hypot(dx, dy) || 1;
  // The control point sits `bend` to the left of the direction of travel, so the two edges of a pair separate.
  const c = { x: (a.x + b.x) / 2 + (dy / length) * bend, y: (a.y + b.y) / 2 - (dx / length) * bend };
  const start = boxExit(a, isPaired ? c : b);
  const end = boxExit(b, isPaired ? c : a);
  const path = isPaired
    ? `M${r(start.x)},${r(start.y)} Q${r(c.x)},${r(c.y)} ${r(end.x)},${r(end.y)}`
    : `M${r(start.x)},${r(start.y)} L${r(end.x)},${r(end.y)}`;
  if (isPaired) return { edge, path, labelX: r(c.x), labelY: r(c.y + (dx >= 0 ? -4 : 10)), labelAnchor: 'middle' };
  if (Math.abs(dy) < 1) return { edge, path, labelX: r((start.x + end.x) / 2), labelY: r(start.y - 4), labelAnchor: 'middle' };
  // Beside the line, 45% of the way along.
  const at = { x: start.x + (end.x - start.x) * 0.45, y: start.y + (end.y - start.y) * 0.45 };
  return { edge, path, labelX: r(at.x + (side === 'end' ? -5 : 5)), labelY: r(at.y + 3), labelAnchor: side };
}

/** Where the ray from a box's centre towards `toward` leaves the box. */
function boxExit(center: { x: number; y: number }, toward: { x: number; y: number }): { x: number; y: number } {
  const dx = toward.x - center.x, dy = toward.y - center.y;
  const scale = Math.min(
    dx === 0 ? Infinity : (BOX_WIDTH / 2) / Math.abs(dx),
    dy === 0 ? Infinity : (BOX_HEIGHT / 2 + 2) / Math.abs(dy),
  );
  return { x: center.x + dx * scale, y: center.y + dy * scale };
}

const r = (v: number): number => Math.round(v * 10) / 10;
