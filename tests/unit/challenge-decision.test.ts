import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideChallenge, MAX_CLASS_GROWTH } from '../../src/playground/challenge/challenge-decision.ts';
import type { ChallengeEvidence, ClassGrowth, VerdictSummary } from '../../src/playground/challenge/challenge-evidence.ts';
import type { CheckedResponse, ResponseCheckOutcome } from '../../src/protocol/response-check.ts';

const flat: VerdictSummary = { verdict: 'flat', figure: 'heapUsed', slopePerSec: 120, perRequest: 0.6, reason: 'The heapUsed floor holds steady.' };
const grown = (countDelta: number): ClassGrowth => ({
  kind: 'measured', className: 'AuditRecord', count: { name: 'AuditRecord', countDelta, added: countDelta + 5, removed: 5 },
  warmup: { label: '#1', atMs: 4200 }, end: { label: '#2', atMs: 14_300 }, topGrowing: [],
});
const right: CheckedResponse = {
  method: 'GET', path: '/', expect: { status: 200, body: '^ok\\n$' },
  got: { kind: 'response', status: 200, headers: {}, bodyExcerpt: 'ok\n', bodyBytes: 3, isTruncated: false }, problems: [],
};
const answered = (...results: CheckedResponse[]): ResponseCheckOutcome => ({ kind: 'checked', results });
const evidence = (over: Partial<ChallengeEvidence> = {}): ChallengeEvidence => ({
  seconds: 14, verdict: flat, classGrowth: grown(0), responses: answered(right), exit: null, requests: 2800, ...over,
});
const marks = (e: ChallengeEvidence) => Object.fromEntries(decideChallenge(e).lines.map((l) => [l.part, l.mark]));

test('a flat verdict, a class that stopped growing and right answers pass', () => {
  const d = decideChallenge(evidence());
  assert.equal(d.outcome, 'passed');
  assert.deepEqual(marks(evidence()), { verdict: 'pass', class: 'pass', responses: 'pass' });
  assert.match(d.lines[1].text, /AuditRecord ±0 between snapshot #1 \(4\.2 s\) and #2 \(14\.3 s\)/);
});

test('a leaking verdict fails, with the slope and the bytes per request in its line', () => {
  const d = decideChallenge(evidence({ verdict: { ...flat, verdict: 'leaking', slopePerSec: 450_000, perRequest: 2250, reason: 'It rises.' } }));
  assert.equal(d.outcome, 'failed');
  assert.match(d.lines[0].text, /^Leaking \(heapUsed floor 450 kB\/s, 2\.3 kB per request\)/);
  assert.match(d.headline, /the verdict fails/);
});

test('an unknown verdict leaves the check undecided and says to run longer, with the numbers', () => {
  const d = decideChallenge(evidence({ verdict: { ...flat, verdict: 'unknown', reason: 'Too short: 6 floor points.' } }));
  assert.equal(d.outcome, 'undecided');
  assert.match(d.lines[0].text, /^Not decided yet: run longer \(heapUsed floor 120 B\/s.*Too short: 6 floor points\./);
});

test('the leaking class growing by more than the bound fails even with a flat verdict', () => {
  assert.equal(decideChallenge(evidence({ classGrowth: grown(MAX_CLASS_GROWTH) })).outcome, 'passed');
  const d = decideChallenge(evidence({ classGrowth: grown(MAX_CLASS_GROWTH + 1) }));
  assert.equal(d.outcome, 'failed');
  assert.match(d.lines[1].text, /AuditRecord \+101 .*still growing \(at most \+100 passes\)/);
});

test('a wrong answer fails the check, naming the request and what was wrong', () => {
  const wrong: CheckedResponse = { ...right, got: { ...right.got, bodyExcerpt: '' } as CheckedResponse['got'], problems: ['The body is empty; expected one matching /^ok\\n$/.'] };
  const d = decideChallenge(evidence({ responses: answered(right, wrong) }));
  assert.equal(d.outcome, 'failed');
  assert.equal(d.lines[2].text, '1 of 2 check requests got a wrong answer: GET /: The body is empty; expected one matching /^ok\\n$/.');
});

test('a program that never listened fails the responses; a runner that could not check leaves them undecided', () => {
  assert.equal(marks(evidence({ responses: { kind: 'not-checked', blame: 'program', reason: 'never listened' } })).responses, 'fail');
  assert.equal(marks(evidence({ responses: { kind: 'not-checked', blame: 'runner', reason: 'busy' } })).responses, 'undecided');
});

test('a lesson without a class is decided on the verdict and the responses alone', () => {
  const e = evidence({ classGrowth: { kind: 'no-class' } });
  assert.equal(decideChallenge(e).outcome, 'passed');
  assert.equal(marks(e).class, 'not-applicable');
});

test('a run that crashed at the heap limit fails, quoting its exit; one that could not start is undecided', () => {
  const crash = decideChallenge(evidence({ exit: { reason: 'heap-cap', code: null, signal: 'SIGABRT', line: '[exited: heap limit reached] V8 ran out of heap.' }, verdict: null, responses: null }));
  assert.equal(crash.outcome, 'failed');
  assert.equal(crash.lines[0].text, 'The run ended early: [exited: heap limit reached] V8 ran out of heap.');
  assert.deepEqual(crash.lines.slice(1).map((l) => l.mark), ['not-applicable', 'pass', 'not-applicable'], 'what the crash left unmeasured is not undecided');
  const failed = decideChallenge(evidence({ exit: { reason: 'failed', code: null, signal: null, line: '[exited: could not start]' } }));
  assert.equal(failed.outcome, 'undecided');
});
