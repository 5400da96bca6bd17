import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canRun, canTakeSnapshot, snapshotCapability } from '../../src/playground/page-state/page-selectors.ts';
import { after, askRun, sample, started } from './support/page-events.ts';

test('while the runtime is being chosen, Run and Snapshot wait and say why', () => {
  const s = after([{ type: 'runtime-choosing', kind: 'webcontainer' }]);
  assert.deepEqual(s.runtime, { status: 'choosing', trying: 'webcontainer' });
  assert.equal(canRun(s), false);
  assert.deepEqual(snapshotCapability(s), { canSnapshot: false, reason: 'No runtime has been chosen yet.' });
});

test('a WebContainer that cannot boot falls back to the recording: Run replays it, and Snapshot says why it is off', () => {
  const why = 'WebContainer could not boot within 10 s (no network?) \u2014 showing the recording made on Node v24.21.0.';
  const s = after([{ type: 'runtime-choosing', kind: 'webcontainer' }, { type: 'runtime-choosing', kind: 'recorded' },
    { type: 'runtime-chosen', kind: 'recorded', capabilities: { realV8Figures: true, snapshots: false, runsCode: false, reason: why } },
    askRun, started('recorded-1'), sample(200)]);
  assert.deepEqual([s.runtime.status, s.runtime.status === 'chosen' && s.runtime.kind], ['chosen', 'recorded']);
  assert.equal(s.run.phase, 'running');
  assert.equal(canRun(s), true, 'Run replays it again');
  assert.deepEqual(snapshotCapability(s), { canSnapshot: false, reason: why });
  assert.equal(canTakeSnapshot(s), false);
});

test('when no runtime can be had, nothing runs and the reason is what the page shows', () => {
  const s = after([{ type: 'runtime-choosing', kind: 'recorded' }, { type: 'runtime-unavailable', kind: 'recorded', reason: 'No recording of this lesson could be loaded (HTTP 404).' }]);
  assert.deepEqual(s.runtime, { status: 'none', kind: 'recorded', reason: 'No recording of this lesson could be loaded (HTTP 404).' });
  assert.equal(canRun(s), false);
  assert.equal(snapshotCapability(s).reason, 'No recording of this lesson could be loaded (HTTP 404).');
});

test('a runtime without snapshots and without a reason of its own still gets one', () => {
  const s = after([{ type: 'runtime-chosen', kind: 'webcontainer', capabilities: { realV8Figures: false, snapshots: false, runsCode: true } }]);
  assert.equal(snapshotCapability(s).reason, 'This runtime cannot take heap snapshots.');
});
