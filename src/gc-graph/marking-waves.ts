import type { GcGraphEdge, GcGraphNode } from './types.ts';

/**
 * The mark phase on the drawn graph, breadth first: wave 0 is the roots, wave k the objects
 * first reached over k strong edges. Weak edges are not followed. No DOM, so the build script
 * can check that the picture marks exactly what the real snapshot says is reachable.
 */
export function markingWaves(nodes: readonly GcGraphNode[], edges: readonly GcGraphEdge[]): number[][] {
  const strongOut = new Map<number, number[]>();
  for (const edge of edges) {
    if (edge.isWeak) continue;
    const list = strongOut.get(edge.from);
    if (list) list.push(edge.to); else strongOut.set(edge.from, [edge.to]);
  }
  const marked = new Set<number>();
  let wave = nodes.filter((n) => n.isRoot).map((n) => n.id);
  for (const id of wave) marked.add(id);
  const waves: number[][] = [];
  while (wave.length > 0) {
    waves.push(wave);
    const next: number[] = [];
    for (const id of wave) {
      for (const to of strongOut.get(id) ?? []) {
        if (marked.has(to)) continue;
        marked.add(to);
        next.push(to);
      }
    }
    wave = next;
  }
  return waves;
}
