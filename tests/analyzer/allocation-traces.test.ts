import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fixtureSnapshots } from './helpers/fixture-snapshots.ts';
import { openAnalysis } from './helpers/open.ts';
import { openInDevTools } from './helpers/devtools-reference.ts';
import { classAllocationStacks } from '../../src/analyzer/class-allocation-stacks.ts';
import { weightedTraceNodes } from '../../src/analyzer/allocation-traces.ts';
import { summarize } from '../../src/analyzer/summarize.ts';

// A real snapshot written by `node --track-heap-objects`, held to DevTools' own worker
// (heap-snapshot-toolkit) on the same file, and to the stacks the fixture is known to use. The
// fixture runs with inlining off, so each function that allocates has a frame of its own.
const file = join(fixtureSnapshots('tracked-allocations.cjs', process.execPath, ['--track-heap-objects', '--no-turbo-inlining', '--no-maglev-inlining']), 'tracked.heapsnapshot');
const oursPromise = openAnalysis(file);
const devtoolsPromise = openInDevTools(file);

/** DevTools' allocation answers, through a narrow view of its untyped snapshot object. */
interface DevToolsAllocations {
  allocationStack(nodeIndex: number): { functionName: string; scriptName: string; scriptId: number; line: number; column: number }[] | null;
  allocationTracesTops(): { id: number; name: string; scriptName: string; line: number; column: number; liveCount: number; liveSize: number }[];
  aggregatesWithFilter(filter: object): Promise<Record<string, { name: string; count: number; self: number }>>;
}

test('every object\'s allocation stack is the one DevTools gives it', async () => {
  const [ours, devtools] = await Promise.all([oursPromise, devtoolsPromise]);
  const traces = ours.allocationTraces;
  assert.ok(traces, 'the snapshot has allocation traces');
  const dt = devtools as unknown as DevToolsAllocations;
  let compared = 0;
  for (let n = 0; n < ours.graph.nodeCount; n++) {
    const expected = dt.allocationStack(n * devtools.nodeFieldCount);
    const stack: string[] = [];
    for (let t = traces.traceOf[n]; t !== -1; t = traces.parentOf[t]) {
      const f = traces.frames[traces.frameOf[t]];
      stack.push(`${f.functionName} ${f.url} ${f.scriptId} ${f.line}:${f.column}`);
    }
    assert.deepEqual(stack, (expected ?? []).map((f) => `${f.functionName} ${f.scriptName} ${f.scriptId} ${f.line}:${f.column}`), `node ${n}`);
    if (stack.length > 0) compared++;
  }
  assert.ok(compared > 3000, `only ${compared} objects had a stack`);
});

test('live objects and bytes per allocating function equal DevTools\' allocation view, and per class its filtered Summary', async () => {
  const [ours, devtools] = await Promise.all([oursPromise, devtoolsPromise]);
  const traces = ours.allocationTraces!;
  const dt = devtools as unknown as DevToolsAllocations;
  // DevTools counts every node under its trace node, self size as its Summary shows it.
  const { nodes } = weightedTraceNodes(traces, ours.selfSizes, () => true);
  const perFunction = new Map<number, { liveCount: number; liveSize: number }>();
  nodes.frameOf.forEach((frame, t) => {
    const row = perFunction.get(frame) ?? { liveCount: 0, liveSize: 0 };
    row.liveCount += nodes.selfCount[t]; row.liveSize += nodes.selfBytes[t];
    perFunction.set(frame, row);
  });
  const key = (name: string, script: string, line: number, column: number) => `${name} ${script} ${line}:${column}`;
  const tops = dt.allocationTracesTops();
  assert.ok(tops.length > 20);
  // Natives of one name (slice, ...) are several functions at one place: compare sums per place.
  const oursSums = new Map<string, { liveCount: number; liveSize: number }>();
  for (const [frame, row] of perFunction) {
    const f = traces.frames[frame];
    const k = key(f.functionName, f.url, f.line, f.column);
    const sum = oursSums.get(k) ?? { liveCount: 0, liveSize: 0 };
    sum.liveCount += row.liveCount; sum.liveSize += row.liveSize;
    oursSums.set(k, sum);
  }
  const devtoolsSums = new Map<string, { liveCount: number; liveSize: number }>();
  for (const top of tops) {
    const k = key(top.name, top.scriptName, top.line, top.column);
    const sum = devtoolsSums.get(k) ?? { liveCount: 0, liveSize: 0 };
    sum.liveCount += top.liveCount; sum.liveSize += top.liveSize;
    devtoolsSums.set(k, sum);
  }
  for (const [k, expected] of devtoolsSums) assert.deepEqual(oursSums.get(k) ?? { liveCount: 0, liveSize: 0 }, expected, k);
  // Per class, for the functions the fixture allocates its classes in.
  for (const name of ['makeOrder', 'openSession', 'fromCheckout']) {
    const top = tops.find((t) => t.name === name);
    assert.ok(top, `${name} is an allocating function`);
    const aggregates = Object.values(await dt.aggregatesWithFilter({ allocationNodeId: top.id }));
    for (const row of aggregates) {
      let count = 0, self = 0;
      const classId = ours.classes.names.indexOf(row.name);
      for (let n = 0; n < ours.graph.nodeCount; n++) {
        const t = traces.traceOf[n];
        if (t === -1 || ours.classes.classOf[n] !== classId || ours.selfSizes[n] === 0 || traces.frames[traces.frameOf[t]].functionName !== name) continue;
        count++; self += ours.selfSizes[n];
      }
      assert.deepEqual({ name: row.name, count, self }, { name: row.name, count: row.count, self: row.self }, `${row.name} allocated in ${name}`);
    }
  }
});

test('a class\'s allocation stacks name the functions that made its live objects, with counts and bytes', async () => {
  const ours = await oursPromise;
  const summary = new Map(summarize(ours).classes.map((c) => [c.name, c]));
  const orders = classAllocationStacks(ours, 'Order');
  assert.equal(orders.hasTraces, true);
  assert.equal(orders.count, 2500);
  assert.equal(orders.selfSize, summary.get('Order')?.selfSize);
  assert.deepEqual(orders.stacks.map((s) => [s.count, s.stack.map((f) => f.functionName).slice(0, 2)]), [[2000, ['makeOrder', 'fromCheckout']], [500, ['makeOrder', 'fromImport']]]);
  assert.equal(orders.stacks[0].stack[0].url, join(import.meta.dirname, '..', 'fixtures', 'analyzer', 'tracked-allocations.cjs'));
  assert.equal(orders.stacks[0].selfSize, (orders.selfSize / 2500) * 2000);
  const sessions = classAllocationStacks(ours, 'Session');
  assert.deepEqual(sessions.stacks.map((s) => [s.count, s.stack[0].functionName]), [[300, 'openSession']]);
  assert.equal(sessions.untracedCount, 0);
  // Made and dropped: no live object, so not a class of this snapshot at all.
  assert.throws(() => classAllocationStacks(ours, 'Churn'), /No class named "Churn"/);
});

test('a snapshot without traces says so instead of answering with no stacks', async () => {
  const plain = await openAnalysis(join(fixtureSnapshots('grow-and-churn.cjs'), 'a.heapsnapshot'));
  const result = classAllocationStacks(plain, 'User');
  assert.deepEqual([result.hasTraces, result.count, result.stacks], [false, 100, []]);
});

test('traces read the same in any chunking, when V8 lists more functions than it announced, and a damaged tree says where', async () => {
  const { readFileSync } = await import('node:fs');
  const { analyzeText } = await import('./helpers/hand-drawn.ts');
  const { SnapshotParseError } = await import('../../src/analyzer/errors.ts');
  const text = readFileSync(file, 'utf8');
  const expected = classAllocationStacks(await oursPromise, 'Order');
  // V8 writes trace_function_count before the infos, and lists functions it met meanwhile too.
  const count = Number(/"trace_function_count":(\d+)/.exec(text)![1]);
  const fewer = text.replace(`"trace_function_count":${count}`, `"trace_function_count":${count - 3}`);
  for (const [what, variant, chunkBytes] of [['as written', text, 7], ['fewer announced', fewer, 4096]] as const) {
    assert.deepEqual(classAllocationStacks(analyzeText(variant, chunkBytes), 'Order'), expected, what);
  }
  const treeAt = text.indexOf('"trace_tree":[') + '"trace_tree":['.length;
  const damaged = `${text.slice(0, treeAt)}1,0,-1${text.slice(treeAt + 5)}`;
  assert.throws(() => analyzeText(damaged, 4096), (error: unknown) => {
    assert.ok(error instanceof SnapshotParseError);
    assert.equal(error.message, `"trace_tree" should hold nodes of 4 numbers and an array of children each, found "-" (a negative number) after 2 numbers. The file is damaged: take the snapshot again. (at byte ${treeAt + 4})`);
    return true;
  });
});
