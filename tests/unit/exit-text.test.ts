// How a graceful Stop ended, in the words the terminal and the CLI print.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exitText } from '../../src/runner/exit-text.ts';

const grace = { stopGraceMs: 3000 };

test('Stop says whether the program ended on SIGTERM or was killed when the grace was up', () => {
  assert.equal(exitText({ reason: 'stopped', code: 143, signal: null }, grace), 'Stopped: the program ended on SIGTERM (exit code 143).');
  assert.equal(exitText({ reason: 'stopped', code: 0, signal: null }, grace), 'Stopped: the program ended on SIGTERM (exit code 0).');
  assert.equal(exitText({ reason: 'stopped', code: null, signal: 'SIGKILL' }, grace), 'Stopped: the program did not end within 3 s of SIGTERM, so it was killed with SIGKILL.');
  assert.equal(exitText({ reason: 'stopped', code: null, signal: 'SIGTERM' }, grace), 'Stopped: SIGTERM ended the program.');
});

test('a runtime without a graceful Stop, or a run stopped before it spawned, says only Stopped', () => {
  assert.equal(exitText({ reason: 'stopped', code: 1, signal: null }), 'Stopped.');
  assert.equal(exitText({ reason: 'stopped', code: null, signal: null }, grace), 'Stopped.');
});
