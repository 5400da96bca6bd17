import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DiffResult } from '../../src/analyzer/query-results.ts';
import type { PageAction } from '../../src/playground/page-state/page-actions.ts';
import { isReadyToDecide } from '../../src/playground/page-state/challenge-slice.ts';
import { challengeAvailability } from '../../src/playground/challenge/challenge-availability.ts';
import type { VerdictSummary } from '../../src/playground/challenge/challenge-evidence.ts';
import { after, askRun, exited, localChosen, runEvent, sample, snapshotReady, started } from './support/page-events.ts';

const requests = [{ method: 'GET' as const, path: '/', expect: { status: 200, body: '^ok\\n$' } }];
const asked: PageAction = { type: 'challenge-asked', seconds: 14, leakingClass: 'AuditRecord', requests };
const opened = (entryId: string): PageAction => ({ type: 'snapshot-opened', entryId, info: null, openMs: 100 });
const diffOf = (countDelta: number) => ({
  classes: [{ name: 'Other', added: 9, removed: 0, countDelta: 9, sizeDelta: 0, addedRetainedSize: 0 },
    { name: 'AuditRecord', added: countDelta + 2, removed: 2, countDelta, sizeDelta: 0, addedRetainedSize: 0 }],
  collections: [], matching: 'by-id', idOverlap: 1,
}) as DiffResult;
const answered: PageAction = runEvent({ type: 'responses-checked', runId: 'run-c', outcome: { kind: 'checked', results: [{
  method: 'GET', path: '/', expect: requests[0].expect, problems: [],
  got: { kind: 'response', status: 200, headers: {}, bodyExcerpt: 'ok\n', bodyBytes: 3, isTruncated: false },
}] } });
const flat: VerdictSummary = { verdict: 'flat', figure: 'heapUsed', slopePerSec: 10, perRequest: 0.1, reason: 'Flat.' };
const decided: PageAction = { type: 'challenge-decided', verdict: flat, decidedAtIso: '2026-12-07T10:00:00.000Z' };

/** A check from Run to the comparison of its two snapshots, the way the controller and the runtime drive it. */
function wholeCheck(countDelta: number): PageAction[] {
  return [localChosen, asked, askRun, started('run-c'), runEvent({ type: 'load-ready', target: 'http://127.0.0.1:4000', ratePerSec: 200, paths: ['/'] }),
    sample(4300), { type: 'challenge-snapshot-asked', which: 'warm-up' }, { type: 'snapshot-asked' }, snapshotReady('/s/1', 4300), opened('snap-1'),
    { type: 'challenge-responses-asked' }, answered, { type: 'challenge-time-up' },
    { type: 'challenge-snapshot-asked', which: 'end' }, { type: 'snapshot-asked' }, snapshotReady('/s/2', 14_300), opened('snap-2'),
    { type: 'challenge-stopping' }, exited('run-c', 'stopped'),
    { type: 'compare-answered', comparison: { kind: 'diff', snapshotIds: ['snap-1', 'snap-2'], diff: diffOf(countDelta), survivors: null } }];
}

test('a whole check records its two snapshots, its answers and the leaking class\u2019s count, then decides from them', () => {
  const actions = wholeCheck(3);
  const s = after(actions);
  const attempt = s.challenge.attempt!;
  assert.deepEqual([attempt.warmupEntryId, attempt.endEntryId], ['snap-1', 'snap-2']);
  assert.equal(isReadyToDecide(attempt), true);
  assert.deepEqual(attempt.classGrowth?.kind === 'measured' && attempt.classGrowth.count, { name: 'AuditRecord', countDelta: 3, added: 5, removed: 2 });
  const done = after([decided], s);
  assert.equal(done.challenge.attempt, null);
  assert.equal(done.challenge.result?.kind === 'decided' && done.challenge.result.decision.outcome, 'passed');
});

test('a class that still grows between the check\u2019s snapshots fails it', () => {
  const s = after([...wholeCheck(2000), decided]);
  assert.equal(s.challenge.result?.kind === 'decided' && s.challenge.result.decision.outcome, 'failed');
});

test('Stop or Run pressed by the learner while a check runs cancels it, saying so', () => {
  const stopped = after([localChosen, asked, askRun, started('run-c'), sample(500), { type: 'stop-asked' }]);
  assert.equal(stopped.challenge.attempt, null);
  assert.match(stopped.challenge.result?.kind === 'cancelled' ? stopped.challenge.result.reason : '', /You pressed Stop/);
  const replaced = after([localChosen, asked, askRun, started('run-c'), askRun]);
  assert.match(replaced.challenge.result?.kind === 'cancelled' ? replaced.challenge.result.reason : '', /You started another run/);
});

test('a run that crashes during the check ends it at once, the crash as evidence', () => {
  const s = after([localChosen, asked, askRun, started('run-c'), sample(500), exited('run-c', 'heap-cap')]);
  const attempt = s.challenge.attempt!;
  assert.equal(isReadyToDecide(attempt), true);
  assert.equal(attempt.exit?.reason, 'heap-cap');
  const done = after([{ ...decided, verdict: null } as PageAction], s);
  assert.equal(done.challenge.result?.kind === 'decided' && done.challenge.result.decision.outcome, 'failed');
});

test('the check\u2019s own stop is not an early exit, and it waits for the comparison before deciding', () => {
  const actions = wholeCheck(0);
  const beforeCompare = after(actions.slice(0, -1));
  assert.equal(beforeCompare.challenge.attempt?.exit, null);
  assert.equal(isReadyToDecide(beforeCompare.challenge.attempt!), false);
});

test('Check my fix says why it cannot run on a recording or in WebContainer, and is free on the local runner', () => {
  const recorded = after([{ type: 'runtime-chosen', kind: 'recorded', capabilities: { realV8Figures: true, snapshots: false, runsCode: false } }]);
  const why = challengeAvailability(recorded);
  assert.match(why.canCheck ? '' : why.reason, /cannot run your edit/);
  const container = after([{ type: 'runtime-chosen', kind: 'webcontainer', capabilities: { realV8Figures: false, snapshots: false, runsCode: true } }]);
  const because = challengeAvailability(container);
  assert.match(because.canCheck ? '' : because.reason, /not V8's own.*npm start/);
  assert.equal(challengeAvailability(after([localChosen])).canCheck, true);
  assert.equal(challengeAvailability(after([localChosen, asked])).canCheck, false, 'one check at a time');
});
