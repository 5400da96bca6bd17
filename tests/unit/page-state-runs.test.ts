import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reduce } from '../../src/playground/page-state/reduce.ts';
import { MAX_OUTPUT_CHUNKS } from '../../src/playground/page-state/run-rules.ts';
import { canRun, canStop } from '../../src/playground/page-state/page-selectors.ts';
import { after, askRun, exited, floor, load, localChosen, runEvent, sample, started, terminalText } from './support/page-events.ts';

const runningA = [localChosen, askRun, started('run-a', 101), sample(200), floor(900), load(1000, 180)];

test('a run shows its samples, floors and requests once started, and Run turns into Restart', () => {
  const s = after(runningA);
  assert.equal(s.run.phase, 'running');
  assert.equal(s.run.info?.pid, 101);
  assert.deepEqual([s.run.sampleCount, s.run.floorCount, s.run.requests], [1, 1, 180]);
  assert.equal(s.run.series.length, 3);
  assert.equal(canRun(s), true);
  assert.match(terminalText(s), /\$ node main\.js {3}\(leaky\.js\)/);
});

test('samples that arrive before `started` or after the exit are not drawn', () => {
  const s = after([localChosen, askRun, sample(100), started('run-a'), sample(200), exited('run-a', 'stopped'), sample(300)]);
  assert.equal(s.run.sampleCount, 1);
  assert.equal(s.run.phase, 'exited');
});

test('a Restart clears the chart, and the replaced run\u2019s trailing samples and `replaced` exit do not touch the new run', () => {
  const restarting = after([...runningA, askRun, sample(1200), floor(1300), load(1400, 300), exited('run-a', 'replaced')]);
  assert.equal(restarting.run.phase, 'starting', 'the replaced exit belongs to the old run');
  assert.equal(restarting.run.lastExit, null);
  assert.deepEqual([restarting.run.series.length, restarting.run.requests], [0, 0]);
  assert.equal(canRun(restarting), false, 'Run waits while the new run starts');
  assert.match(terminalText(restarting), /\[replaced by a new run\]/);
  const s = reduce(restarting, started('run-b', 202));
  assert.equal(s.run.phase, 'running');
  assert.equal(s.run.info?.runId, 'run-b');
});

test('a stale exit of the replaced run (a crash that beat the Restart) leaves the new run starting', () => {
  const s = after([...runningA, askRun, exited('run-a', 'heap-cap')]);
  assert.equal(s.run.phase, 'starting');
  assert.equal(s.run.lastExit, null, 'the verdict must not say the new run crashed');
  assert.match(terminalText(s), /\[exited: heap limit reached\]/, 'the terminal still says what happened to the old run');
});

test('while a run is live, an exit of another run is stale', () => {
  const s = after([...runningA, exited('run-z', 'exited', 0)]);
  assert.equal(s.run.phase, 'running');
});

test('a start that fails while starting ends it, and Run works again', () => {
  const s = after([localChosen, askRun, runEvent({ type: 'notice', level: 'error', code: 'runner-busy', text: 'The runner is busy' }), exited('', 'failed')]);
  assert.equal(s.run.phase, 'exited');
  assert.equal(s.run.lastExit?.reason, 'failed');
  assert.equal(canRun(s), true);
  assert.match(terminalText(s), /The runner is busy\n\[exited: could not start\]/);
});

test('a lost connection while the new run starts ends it, even when the runtime names the old run', () => {
  const s = after([...runningA, askRun, exited('run-a', 'disconnected')]);
  assert.equal(s.run.phase, 'exited');
  assert.equal(s.run.lastExit?.reason, 'disconnected');
});

test('Stop while starting is remembered until the run has started, then the run ends as stopped', () => {
  const stopping = after([localChosen, askRun, { type: 'stop-asked' }]);
  assert.equal(stopping.run.isStopAsked, true);
  assert.equal(canStop(stopping), true);
  const startedAnyway = reduce(stopping, started('run-a'));
  assert.equal(startedAnyway.run.isStopAsked, true, 'the controller stops it as soon as it has started');
  const s = reduce(startedAnyway, exited('run-a', 'stopped'));
  assert.deepEqual([s.run.phase, s.run.isStopAsked, s.run.lastExit?.reason], ['exited', false, 'stopped']);
  assert.equal(after([...runningA, { type: 'stop-asked' }]).run.isStopAsked, false, 'a live run hears Stop itself');
});

test('reduce leaves the state it was given as it was', () => {
  const before = after(runningA);
  const seen = { phase: before.run.phase, series: before.run.series.length, output: before.output.length, json: JSON.stringify(before.snapshots) };
  after([sample(1200), askRun, started('run-b'), sample(1400), { type: 'snapshot-asked' }], before);
  assert.deepEqual({ phase: before.run.phase, series: before.run.series.length, output: before.output.length, json: JSON.stringify(before.snapshots) }, seen);
  // And going on from the older state does not see what the newer one got.
  const branch = reduce(before, sample(1300));
  assert.equal(branch.run.series.length, 4);
  assert.equal(branch.run.series.last()?.type, 'sample');
});

test('the terminal keeps the newest output chunks, numbered on from the first', () => {
  let s = after([localChosen]);
  for (let i = 0; i < MAX_OUTPUT_CHUNKS + 10; i++) s = reduce(s, runEvent({ type: 'output', stream: 'stdout', text: `line ${i}\n` }));
  assert.equal(s.output.length, MAX_OUTPUT_CHUNKS);
  assert.equal(s.output.endSeq, MAX_OUTPUT_CHUNKS + 10);
  assert.equal(s.output.at(s.output.startSeq)?.text, 'line 10\n');
});

test('the editor\u2019s file and a terminal size that did not change leave the state as it was', () => {
  const s = after([{ type: 'draft-changed', base: 'fixed', isEdited: true }, { type: 'terminal-resized', cols: 80, rows: 24 }]);
  assert.deepEqual(s.draft, { base: 'fixed', isEdited: true });
  assert.equal(reduce(s, { type: 'draft-changed', base: 'fixed', isEdited: true }), s);
  assert.equal(reduce(s, { type: 'terminal-resized', cols: 80, rows: 24 }), s);
});
