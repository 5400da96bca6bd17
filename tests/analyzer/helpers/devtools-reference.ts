import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { parse } from 'heap-snapshot-toolkit';
import type { HeapAnalysis } from '../../../src/analyzer/heap-analysis.ts';
import { summarize } from '../../../src/analyzer/summarize.ts';

// DevTools' own worker (heap-snapshot-toolkit) on the same real snapshot is the reference.
// Its objects are untyped internals, read here through a narrow view.
export interface DevToolsSnapshot {
  nodeCount: number; nodeFieldCount: number; nodeSelfSizeOffset: number;
  retainedSizes: Float64Array; dominatorsTree: Uint32Array;
  nodes: { getValue(i: number): number };
  aggregatesWithFilter(filter: object): Promise<Record<string, { name: string; count: number; self: number; maxRet: number }>>;
}

export function openInDevTools(file: string): Promise<DevToolsSnapshot> {
  return parse(createReadStream(file)) as unknown as Promise<DevToolsSnapshot>;
}

/** Fails unless every node has DevTools' dominator, self size and retained size. */
export function assertSameNodes(ours: HeapAnalysis, devtools: DevToolsSnapshot): void {
  assert.equal(ours.graph.nodeCount, devtools.nodeCount);
  let differing = 0;
  let example = '';
  for (let n = 0; n < ours.graph.nodeCount; n++) {
    const self = devtools.nodes.getValue(n * devtools.nodeFieldCount + devtools.nodeSelfSizeOffset);
    if (ours.retainedSizes[n] !== devtools.retainedSizes[n] || ours.dominatorOf[n] !== devtools.dominatorsTree[n] || ours.selfSizes[n] !== self) {
      if (differing++ === 0) example = `node ${n}: retained ${ours.retainedSizes[n]} vs ${devtools.retainedSizes[n]}, dominator ${ours.dominatorOf[n]} vs ${devtools.dominatorsTree[n]}, self ${ours.selfSizes[n]} vs ${self}`;
    }
  }
  assert.equal(differing, 0, `${differing} of ${ours.graph.nodeCount} nodes differ, e.g. ${example}`);
}

/**
 * Fails unless each class DevTools' Summary shows under one name has the same count, shallow and
 * retained size in ours; returns our summary by class name for further checks.
 */
export async function assertSameSummary(ours: HeapAnalysis, devtools: DevToolsSnapshot): Promise<Map<string, { count: number; selfSize: number; retainedSize: number }>> {
  const aggregates = Object.values(await devtools.aggregatesWithFilter({}));
  // DevTools splits same-named classes by source location; we group by name, so compare names it keeps whole.
  const keysPerName = new Map<string, number>();
  for (const row of aggregates) keysPerName.set(row.name, (keysPerName.get(row.name) ?? 0) + 1);
  const summary = new Map(summarize(ours).classes.map((c) => [c.name, c]));
  let compared = 0;
  for (const row of aggregates) {
    if (keysPerName.get(row.name) !== 1) continue;
    const mine = summary.get(row.name);
    assert.ok(mine, `class ${row.name} missing from our summary`);
    assert.deepEqual({ name: row.name, count: mine.count, selfSize: mine.selfSize, retainedSize: mine.retainedSize },
      { name: row.name, count: row.count, selfSize: row.self, retainedSize: row.maxRet });
    compared++;
  }
  assert.ok(compared > 50, `compared only ${compared} classes`);
  return summary;
}
