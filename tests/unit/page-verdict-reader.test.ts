import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrendTracker } from '../../src/analyzer/verdict/trend.ts';
import type { PageAction } from '../../src/playground/page-state/page-actions.ts';
import { reduce } from '../../src/playground/page-state/reduce.ts';
import { createVerdictReader } from '../../src/playground/page-state/verdict-reader.ts';
import { after, askRun, floor, load, localChosen, sample, snapshotReady, started } from './support/page-events.ts';

/** Ten seconds of a program whose floor rises 1 MB/s under 200 requests/s. */
function leakyRun(): PageAction[] {
  const actions: PageAction[] = [localChosen, askRun, started('run-a')];
  for (let atMs = 200; atMs <= 10_000; atMs += 200) {
    actions.push(sample(atMs, 8e6 + atMs * 1000 + 2e6));
    if (atMs % 1000 === 0) actions.push(floor(atMs, 8e6 + atMs * 1000), load(atMs, atMs / 5));
  }
  return actions;
}

test('the page\u2019s verdict is the tracker\u2019s, fed the run\u2019s rows as they came, whether read every event or once at the end', () => {
  const actions = leakyRun();
  const tracker = new TrendTracker('heapUsed');
  let expected = null;
  for (const a of actions) {
    if (a.type !== 'run-event') continue;
    const e = a.event;
    if (e.type === 'sample') { tracker.addSample(e.sample, e.activeHandles); expected = tracker.current(); }
    if (e.type === 'floor') { tracker.addFloor(e.floor); expected = tracker.current(); }
    if (e.type === 'load') tracker.addRequests(e.atMs, e.requests);
  }
  const everyEvent = createVerdictReader();
  let state = after([]);
  for (const a of actions) { state = reduce(state, a); everyEvent(state); }
  const once = createVerdictReader()(state);
  assert.equal(expected?.verdict, 'leaking');
  assert.deepEqual(everyEvent(state), expected);
  assert.deepEqual(once, expected);
});

test('asking again about the same state reads nothing new, and a new run starts from no verdict', () => {
  const read = createVerdictReader();
  const state = after(leakyRun());
  const first = read(state);
  assert.equal(read(state), first, 'the same answer, not a recomputed one');
  const restarted = after([askRun], state);
  assert.equal(read(restarted), null);
  assert.equal(read(after([started('run-b'), sample(200)], restarted))?.verdict, 'unknown');
});

test('a snapshot taken in the run is fed to the verdict, so the floor\u2019s fall at it does not hold a leak back', () => {
  // 300 kB/s under 200 requests/s; the snapshot at 3.1 s takes 1.5 MB of code and caches with it.
  const heapAt = (atMs: number): number => 8e6 + atMs * 300 - (atMs > 3100 ? 1.5e6 : 0);
  const actions: PageAction[] = [localChosen, askRun, started('run-a')];
  for (let atMs = 200; atMs <= 12_000; atMs += 200) {
    actions.push(sample(atMs, heapAt(atMs) + 2e6));
    if (atMs === 3200) actions.push(snapshotReady('/snap/1', 3100));
    if (atMs % 1000 === 0) actions.push(floor(atMs, heapAt(atMs)), load(atMs, atMs / 5));
  }
  const withSnapshot = createVerdictReader()(after(actions));
  assert.equal(withSnapshot?.verdict, 'leaking', withSnapshot?.reason ?? 'no verdict');
  const withoutSnapshot = createVerdictReader()(after(actions.filter((a) => !(a.type === 'run-event' && a.event.type === 'snapshot-ready'))));
  assert.equal(withoutSnapshot?.verdict, 'unknown', 'the same fall without the snapshot is the program\u2019s: a sawtooth, or a leak?');
});
