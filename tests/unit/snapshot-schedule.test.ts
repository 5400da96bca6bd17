// The headless run's snapshot schedule (src/runner/snapshot-schedule.ts), driven with made-up
// times: when a snapshot is asked for, how long the run goes on for the pauses, and the final shot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SnapshotSchedule } from '../../src/runner/snapshot-schedule.ts';

const take = { type: 'take-snapshot' } as const;
const none = { type: 'none' } as const;
const stop = { type: 'stop' } as const;

test('a snapshot is asked for at the first sample at or after each time asked, one at a time and in order', () => {
  const schedule = new SnapshotSchedule({ atMs: [3000, 1000], finalSnapshot: false });
  assert.deepEqual(schedule.onSample(800, 10_000), none);
  assert.deepEqual(schedule.onSample(1000, 10_200), take);
  // The second time comes while the first is being written: it waits for it.
  assert.deepEqual(schedule.onSample(3200, 12_000), none);
  assert.deepEqual(schedule.onSnapshotSettled(12_100, false), none);
  assert.deepEqual(schedule.onSample(3400, 12_300), take);
  assert.deepEqual(schedule.onSnapshotSettled(12_400, false), none);
  assert.deepEqual(schedule.onSample(9000, 20_000), none, 'nothing more was asked for');
});

test('the time a snapshot held the program still is credited: time up runs on for it, then stops', () => {
  const schedule = new SnapshotSchedule({ atMs: [1000], finalSnapshot: false });
  schedule.onSample(1000, 10_000);
  schedule.onSnapshotSettled(13_000, false); // V8 wrote for 3 s
  assert.equal(schedule.pausedMs, 3000);
  assert.deepEqual(schedule.onTimeUp(20_000, false), { type: 'run-on', ms: 3000 });
  assert.deepEqual(schedule.onTimeUp(23_000, false), stop, 'credited once');
});

test('a snapshot still being written when time is up is credited too, as far as it has gone', () => {
  const schedule = new SnapshotSchedule({ atMs: [1000], finalSnapshot: false });
  schedule.onSample(1000, 10_000);
  assert.deepEqual(schedule.onTimeUp(12_000, false), { type: 'run-on', ms: 2000 });
  schedule.onSnapshotSettled(15_000, false); // 5 s in all
  assert.deepEqual(schedule.onTimeUp(17_000, false), { type: 'run-on', ms: 3000 }, 'the rest of its pause');
  assert.deepEqual(schedule.onTimeUp(20_000, false), stop);
});

test('pauses under a quarter second are not worth running on for', () => {
  const schedule = new SnapshotSchedule({ atMs: [1000], finalSnapshot: false });
  schedule.onSample(1000, 10_000);
  schedule.onSnapshotSettled(10_200, false);
  assert.deepEqual(schedule.onTimeUp(20_000, false), stop);
});

test('with a final snapshot, time up asks for it, and the run stops once it is written or refused; its own pause is not credited', () => {
  const schedule = new SnapshotSchedule({ atMs: [], finalSnapshot: true });
  assert.deepEqual(schedule.onTimeUp(20_000, false), take);
  assert.equal(schedule.isSnapshotPending, true);
  assert.deepEqual(schedule.onSample(99_000, 21_000), none, 'no other snapshot meanwhile');
  assert.deepEqual(schedule.onSnapshotSettled(25_000, false), stop);
  assert.equal(schedule.pausedMs, 0);
});

test('time up while the warm-up snapshot is still being written: that one is credited and the final one still taken', () => {
  const schedule = new SnapshotSchedule({ atMs: [300], finalSnapshot: true });
  assert.deepEqual(schedule.onSample(300, 10_000), take);
  // A big heap: time is up 2 s in, while V8 still writes; the run goes on for as long as it writes.
  assert.deepEqual(schedule.onTimeUp(12_000, false), { type: 'run-on', ms: 2000 });
  assert.deepEqual(schedule.onTimeUp(14_100, false), { type: 'run-on', ms: 2100 }, 'still writing: run on again');
  assert.deepEqual(schedule.onSnapshotSettled(14_200, false), none);
  assert.deepEqual(schedule.onTimeUp(16_200, false), take, 'only 100 ms left to credit: the final snapshot');
  assert.deepEqual(schedule.onSnapshotSettled(18_000, false), stop);
});

test('a program that has exited is stopped at once: no credit, no final snapshot', () => {
  const schedule = new SnapshotSchedule({ atMs: [1000], finalSnapshot: true });
  schedule.onSample(1000, 10_000);
  schedule.onSnapshotSettled(14_000, false);
  assert.deepEqual(schedule.onTimeUp(20_000, true), stop);
});

test('a snapshot refused during the run counts like one written (the schedule only needs it settled)', () => {
  const schedule = new SnapshotSchedule({ atMs: [1000, 2000], finalSnapshot: true });
  schedule.onSample(1000, 10_000);
  assert.deepEqual(schedule.onSnapshotSettled(10_050, false), none);
  assert.deepEqual(schedule.onSample(2000, 11_000), take);
  assert.deepEqual(schedule.onSnapshotSettled(11_050, false), none);
  assert.deepEqual(schedule.onTimeUp(30_000, false), take);
  assert.deepEqual(schedule.onSnapshotSettled(30_100, true), stop);
});

test('until decided: time up while undecided runs on in half seconds, and stops as soon as the verdict is decided', () => {
  const schedule = new SnapshotSchedule({ atMs: [], finalSnapshot: false, untilDecided: { maxRunMs: 60_000 } });
  schedule.startClock(10_000);
  assert.deepEqual(schedule.onTimeUp(20_000, false, false), { type: 'run-on', ms: 500 });
  assert.deepEqual(schedule.onTimeUp(20_500, false, false), { type: 'run-on', ms: 500 });
  assert.deepEqual(schedule.onTimeUp(21_000, false, true), stop);
});

test('until decided: the cap ends an undecided run, counted without the time snapshots held the program still', () => {
  const schedule = new SnapshotSchedule({ atMs: [1000], finalSnapshot: true, untilDecided: { maxRunMs: 12_000 } });
  schedule.startClock(10_000);
  schedule.onSample(1000, 11_000);
  schedule.onSnapshotSettled(14_000, false); // 3 s of pause
  assert.deepEqual(schedule.onTimeUp(20_000, false, false), { type: 'run-on', ms: 3000 }, 'the pause is credited first');
  assert.deepEqual(schedule.onTimeUp(23_000, false, false), { type: 'run-on', ms: 500 }, '10 s of run so far: undecided, it goes on');
  assert.equal(schedule.ranMs(24_800), 11_800);
  assert.deepEqual(schedule.onTimeUp(24_800, false, false), { type: 'run-on', ms: 200 }, 'only up to the cap');
  assert.deepEqual(schedule.onTimeUp(25_000, false, false), take, 'capped: the final snapshot, then the stop');
  assert.deepEqual(schedule.onSnapshotSettled(26_000, false), stop);
});

test('until decided: a program that exited is not waited for', () => {
  const schedule = new SnapshotSchedule({ atMs: [], finalSnapshot: true, untilDecided: { maxRunMs: 60_000 } });
  schedule.startClock(0);
  assert.deepEqual(schedule.onTimeUp(10_000, true, false), stop);
});
