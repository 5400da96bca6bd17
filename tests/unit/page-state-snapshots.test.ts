import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DiffResult, RetainersResult } from '../../src/analyzer/query-results.ts';
import type { PageAction } from '../../src/playground/page-state/page-actions.ts';
import { canTakeSnapshot, snapshotMarks } from '../../src/playground/page-state/page-selectors.ts';
import { initialPageState } from '../../src/playground/page-state/page-state.ts';
import { reduce } from '../../src/playground/page-state/reduce.ts';
import { after, askRun, localChosen, runEvent, sample, snapshotReady, started } from './support/page-events.ts';

const running = [localChosen, askRun, started('run-a'), sample(200)];
const opened = (entryId: string): PageAction => ({ type: 'snapshot-opened', entryId, info: null, openMs: 120 });
/** Two snapshots of run-a, both opened: what the page compares by itself. */
const twoReady = [...running, { type: 'snapshot-asked' }, snapshotReady('/s/1', 1000), opened('snap-1'), { type: 'snapshot-asked' }, snapshotReady('/s/2', 4000), opened('snap-2')] satisfies PageAction[];
const diff = { classes: [], collections: [], matching: 'by-id' } as unknown as DiffResult;
const retainers = { paths: [], instanceCount: 3, examinedCount: 3 } as unknown as RetainersResult;

test('a snapshot asked in a run is listed as #1 of that run, marked on its chart, and the button is free again once opened', () => {
  const asked = after([...running, { type: 'snapshot-asked' }]);
  assert.equal(canTakeSnapshot(asked), false, 'one snapshot at a time');
  assert.deepEqual(asked.snapshots.progress, { label: 'Snapshot #1', phase: 'writing', fraction: null });
  const ready = reduce(asked, snapshotReady('/s/1', 1500));
  assert.deepEqual(ready.snapshots.entries.map((e) => [e.id, e.label, e.runId, e.status]), [['snap-1', '#1', 'run-a', 'loading']]);
  assert.deepEqual(snapshotMarks(ready), [{ seconds: 1.5, label: '#1' }]);
  const s = reduce(ready, opened('snap-1'));
  assert.equal(s.snapshots.entries[0].status, 'ready');
  assert.equal(s.snapshots.progress, null);
  assert.equal(canTakeSnapshot(s), true);
});

test('a snapshot pending when Run restarts fails with the runtime\u2019s reason, and the next run can take one', () => {
  const s = after([...running, { type: 'snapshot-asked' }, askRun, runEvent({ type: 'snapshot-failed', reason: 'The run ended before the snapshot was ready.' }), started('run-b')]);
  assert.equal(s.snapshots.capture, null);
  assert.equal(s.snapshots.message?.text, 'No snapshot: The run ended before the snapshot was ready.');
  assert.equal(canTakeSnapshot(s), true);
});

test('a snapshot that arrives for the old run while the new one starts stays in the list but is not marked on the new run', () => {
  const s = after([...running, { type: 'snapshot-asked' }, askRun, snapshotReady('/s/1', 2000), started('run-b')]);
  assert.equal(s.snapshots.entries[0].runId, 'run-a');
  assert.deepEqual(snapshotMarks(s), []);
});

test('deleting a snapshot while it downloads frees the Snapshot button and drops what it was about', () => {
  const s = after([...twoReady, { type: 'compare-answered', comparison: { kind: 'diff', snapshotIds: ['snap-1', 'snap-2'], diff, survivors: null } },
    { type: 'snapshot-asked' }, snapshotReady('/s/3', 6000), { type: 'snapshot-deleted', entryId: 'snap-3' }, { type: 'snapshot-fetch-progress', entryId: 'snap-3', fraction: 0.5 }]);
  assert.deepEqual(s.snapshots.entries.map((e) => e.id), ['snap-1', 'snap-2']);
  assert.equal(s.snapshots.progress, null, 'progress of a deleted snapshot is not shown');
  assert.equal(canTakeSnapshot(s), true);
  assert.notEqual(s.snapshots.comparison, null, 'the comparison of the others stays');
});

test('a comparison answered after one of its snapshots was deleted is not shown', () => {
  const s = after([...twoReady, { type: 'compare-asked', entryIds: ['snap-1', 'snap-2'] }, { type: 'snapshot-deleted', entryId: 'snap-2' },
    { type: 'compare-answered', comparison: { kind: 'diff', snapshotIds: ['snap-1', 'snap-2'], diff, survivors: null } }]);
  assert.equal(s.snapshots.comparison, null);
  assert.equal(s.snapshots.isComparing, false);
});

test('retainer paths answered after their snapshot was deleted, or for another class or comparison, are dropped', () => {
  const compared = after([...twoReady, { type: 'compare-answered', comparison: { kind: 'diff', snapshotIds: ['snap-1', 'snap-2'], diff, survivors: null } }, { type: 'class-selected', className: 'AuditRecord' }]);
  assert.deepEqual(compared.snapshots.retainers, { status: 'loading', className: 'AuditRecord' });
  const answer: PageAction = { type: 'retainers-answered', snapshotId: 'snap-2', className: 'AuditRecord', result: retainers, stepLines: [] };
  assert.equal(reduce(compared, answer).snapshots.retainers?.status, 'ready');
  const deleted = reduce(compared, { type: 'snapshot-deleted', entryId: 'snap-2' });
  assert.deepEqual([deleted.snapshots.selectedClass, deleted.snapshots.retainers], [null, null]);
  assert.equal(reduce(deleted, answer).snapshots.retainers, null);
  const otherClass = reduce(compared, { type: 'class-selected', className: 'Buffer' });
  assert.equal(reduce(otherClass, answer).snapshots.retainers?.status, 'loading');
  const summaryOfFirst = reduce(compared, { type: 'compare-answered', comparison: { kind: 'summary', snapshotId: 'snap-1', result: { nodes: 1, totalSize: 1, classes: [] } as never } });
  const reselected = reduce(summaryOfFirst, { type: 'class-selected', className: 'AuditRecord' });
  assert.equal(reduce(reselected, answer).snapshots.retainers?.status, 'loading', 'snap-2 is no longer on screen');
});

test('a failed query says why, and a failed retainers query only when its class is still selected', () => {
  const s = after([...twoReady, { type: 'compare-asked', entryIds: ['snap-1', 'snap-2'] }, { type: 'compare-failed', message: 'The analyzer was closed.' }]);
  assert.deepEqual([s.snapshots.isComparing, s.snapshots.message?.text], [false, 'The analyzer was closed.']);
  const none = reduce(s, { type: 'retainers-failed', className: 'AuditRecord', message: 'x' });
  assert.equal(none.snapshots.retainers, null);
});

test('files on /analyze get their own ids and names, and each file that fails keeps its reason', () => {
  const start = initialPageState({ figure: 'heapUsed', highlightClass: null, runtime: { status: 'none', kind: 'none', reason: 'files only' } });
  const s = after([{ type: 'files-asked' }, { type: 'file-opening', name: 'a.heapsnapshot', sizeBytes: 10 }, { type: 'snapshot-open-failed', entryId: 'snap-1', message: 'Not a heap snapshot' },
    { type: 'file-opening', name: 'b.heapsnapshot', sizeBytes: 10 }, { type: 'snapshot-open-failed', entryId: 'snap-2', message: 'Ends early' }], start);
  assert.deepEqual(s.snapshots.entries, []);
  assert.equal(s.snapshots.message?.text, 'Could not open a.heapsnapshot: Not a heap snapshot\nCould not open b.heapsnapshot: Ends early');
  const refused = reduce(s, { type: 'files-refused', chosenCount: 5, roomCount: 3 });
  assert.equal(refused.snapshots.message?.text, 'Up to 3 snapshots at a time: 5 chosen, room for 3. Delete one from the list first.');
});

test('ticks, the list order and a summary pick follow the list', () => {
  let s = after([...twoReady, { type: 'picks-set', entryIds: ['snap-1', 'snap-9'] }]);
  assert.deepEqual(s.snapshots.picked, ['snap-1'], 'an id not in the list cannot be ticked');
  s = reduce(s, { type: 'snapshot-picked', entryId: 'snap-2', isPicked: true });
  s = reduce(s, { type: 'snapshot-picked', entryId: 'snap-1', isPicked: false });
  assert.deepEqual(s.snapshots.picked, ['snap-2']);
  s = reduce(s, { type: 'snapshot-moved-up', entryId: 'snap-2' });
  assert.deepEqual(s.snapshots.entries.map((e) => e.id), ['snap-2', 'snap-1']);
  assert.equal(reduce(s, { type: 'snapshot-moved-up', entryId: 'snap-2' }), s, 'the first stays first');
});
