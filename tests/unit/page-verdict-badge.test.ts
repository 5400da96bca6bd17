// The verdict badge while the verdict is undecided: "deciding… about N s more" during a run,
// "could not decide" past the page's cap or once the run ended, from the same TrendTracker
// readings and run events the page has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeTrend } from '../../src/analyzer/verdict/trend.ts';
import { createLoadClock } from '../../src/playground/page-state/load-clock.ts';
import { PAGE_DECIDE_CAP_SEC, undecidedBadge, undecidedWords } from '../../src/playground/page-state/verdict-badge.ts';
import { after, askRun, floor, load, localChosen, sample, started } from './support/page-events.ts';
import { floorJitter, MB, synthesize } from './trend-synthetic.ts';

/** 8 s of a slow leak (100 B per request at 200 req/s): too soon to tell. */
const undecided = judgeTrend(synthesize({ seconds: 8, heapAt: (t) => 8 * MB + 20_000 * t, floorNoise: floorJitter(900) }));

test('an undecided run says it is deciding, and about how many more seconds the verdict estimates', () => {
  assert.equal(undecided.verdict, 'unknown', undecided.reason);
  assert.ok(undecided.moreSecondsNeeded !== null && undecided.moreSecondsNeeded > 0, `estimate ${undecided.moreSecondsNeeded}`);
  const badge = undecidedBadge(undecided, 'running', 7.5);
  assert.deepEqual(badge, { kind: 'deciding', moreSeconds: Math.min(undecided.moreSecondsNeeded!, PAGE_DECIDE_CAP_SEC - 7) });
  assert.match(undecidedWords(badge), /^deciding… about \d+ s more$/);
});

test('an estimate past the page\u2019s cap is cut to the time left before it', () => {
  const far = { ...undecided, moreSecondsNeeded: 400 };
  assert.deepEqual(undecidedBadge(far, 'running', 50.2), { kind: 'deciding', moreSeconds: 10 });
});

test('past the cap, or once the run ended, an undecided verdict says it could not decide, and after how long', () => {
  assert.equal(undecidedWords(undecidedBadge(undecided, 'running', PAGE_DECIDE_CAP_SEC + 0.4)), `could not decide in ${PAGE_DECIDE_CAP_SEC} s under load: run a fix, or keep watching`);
  assert.equal(undecidedWords(undecidedBadge(undecided, 'exited', 14.2)), 'could not decide in 14 s under load');
  assert.equal(undecidedWords(undecidedBadge(null, 'exited', null)), 'could not decide');
});

test('before any run there is no verdict yet, and before any reading a run is deciding without a number', () => {
  assert.equal(undecidedWords(undecidedBadge(null, 'idle', null)), 'no verdict yet');
  assert.equal(undecidedWords(undecidedBadge(null, 'starting', null)), 'deciding…');
});

test('the load clock counts the program\u2019s seconds from the first requests answered, and starts over for a new run', () => {
  const read = createLoadClock();
  let state = after([localChosen, askRun, started('run-a'), sample(200), load(500, 0), sample(400)]);
  assert.equal(read(state), null, 'no requests answered yet');
  state = after([load(1000, 50), sample(1200), floor(1250), load(3000, 450), sample(3400)], state);
  assert.equal(read(state), 2.4);
  assert.equal(read(state), 2.4, 'asked again: the same');
  const restarted = after([askRun, started('run-b'), sample(200)], state);
  assert.equal(read(restarted), null);
});
