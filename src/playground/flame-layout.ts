import type { AllocationTreeNode } from '../protocol/allocation-results.ts';

/** One box of a flame graph, in units of the whole width (0..1) and rows from the top. */
export interface FlameBox {
  readonly node: AllocationTreeNode;
  readonly x: number;
  readonly width: number;
  readonly depth: number;
}

/**
 * Lays a tree out as an icicle (the root on top, callees below their callers): each node as wide
 * as its share of the root's total bytes, its children side by side from its left edge, largest
 * first. Boxes narrower than `minWidth` are left out with everything under them. Pure, so the
 * canvas drawing and the hit test read the same boxes.
 */
export function flameLayout(root: AllocationTreeNode, minWidth = 0.002): FlameBox[] {
  const total = root.totalBytes;
  if (total <= 0) return [];
  const boxes: FlameBox[] = [];
  const stack: FlameBox[] = [{ node: root, x: 0, width: 1, depth: 0 }];
  while (stack.length > 0) {
    const box = stack.pop()!;
    boxes.push(box);
    let x = box.x;
    for (const child of box.node.children) {
      const width = child.totalBytes / total;
      if (width >= minWidth) stack.push({ node: child, x, width, depth: box.depth + 1 });
      x += width;
    }
  }
  return boxes;
}
