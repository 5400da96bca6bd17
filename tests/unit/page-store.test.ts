import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PageAction } from '../../src/playground/page-state/page-actions.ts';
import { initialPageState, type PageState } from '../../src/playground/page-state/page-state.ts';
import { PageStore } from '../../src/playground/page-state/page-store.ts';
import { askRun, localChosen, started } from './support/page-events.ts';

const newStore = (): PageStore => new PageStore(initialPageState({ figure: 'heapUsed', highlightClass: null }));

test('views hear the state once per microtask, however many actions came; controllers hear every action at once', async () => {
  const store = newStore();
  const states: PageState[] = [];
  const actions: PageAction['type'][] = [];
  store.subscribe((s) => states.push(s));
  store.onAction((a) => actions.push(a.type));
  store.dispatch(localChosen);
  store.dispatch(askRun);
  assert.equal(store.state.run.phase, 'starting', 'the state itself is current at once');
  assert.equal(states.length, 1, 'only the first state, given on subscribe');
  assert.deepEqual(actions, ['runtime-chosen', 'run-asked']);
  await Promise.resolve();
  assert.equal(states.length, 2);
  assert.equal(states[1], store.state);
});

test('an action that changes nothing tells no view, and a throwing listener does not stop the others', async () => {
  const store = newStore();
  let calls = 0;
  const errors: unknown[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => { errors.push(args); };
  try {
    store.subscribe(() => { calls++; if (calls > 1) throw new Error('broken view'); });
    let otherCalls = 0;
    store.subscribe(() => { otherCalls++; });
    store.dispatch({ type: 'stop-asked' }); // nothing is starting: no change
    await Promise.resolve();
    assert.deepEqual([calls, otherCalls], [1, 1]);
    store.dispatch(started('run-a'));
    await Promise.resolve();
    assert.deepEqual([calls, otherCalls], [2, 2]);
    assert.equal(errors.length, 1, 'the broken view is reported in the console');
  } finally {
    console.error = consoleError;
  }
});
