import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeDemoLoad } from '../../src/playground/presenter/demo-load.ts';
import { runtimesForChoice } from '../../src/playground/presenter/offline-runtimes.ts';
import { presenterPreference, searchWithoutPresent } from '../../src/playground/presenter/presenter-preference.ts';
import { SHORTCUTS, shortcutFor, type KeyPress } from '../../src/playground/presenter/shortcut-map.ts';

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key, ctrlKey: false, metaKey: false, altKey: false, isComposing: false, isInTextField: false, ...more,
});

test('each presenter key means one action: run, stop, snapshot, compare, show fix, reset, next, previous, edit and help', () => {
  const actions = Object.fromEntries(['r', 's', 'h', 'c', 'f', 'b', 'n', 'p', 'e', '?'].map((k) => [k, shortcutFor(press(k))?.action]));
  assert.deepEqual(actions, {
    r: 'run', s: 'stop', h: 'snapshot', c: 'compare', f: 'show-fix', b: 'reset', n: 'next-lesson', p: 'previous-lesson', e: 'focus-editor', '?': 'help',
  });
  assert.equal(shortcutFor(press('R', {}))?.action, 'run', 'Caps Lock or Shift does not change a letter\u2019s meaning');
  const keys = SHORTCUTS.flatMap((s) => s.keys);
  assert.equal(new Set(keys).size, keys.length, 'no key is bound twice');
  assert.equal(shortcutFor(press('q')), null, 'unbound keys do nothing');
  assert.equal(shortcutFor(press('Enter')), null, 'Enter and Space stay the focused button\u2019s');
});

test('no shortcut fires while the learner types in the editor or a field, with a modifier held, or mid-composition', () => {
  assert.equal(shortcutFor(press('r', { isInTextField: true })), null);
  assert.equal(shortcutFor(press('?', { isInTextField: true })), null);
  assert.equal(shortcutFor(press('r', { ctrlKey: true })), null, 'Ctrl+R still reloads');
  assert.equal(shortcutFor(press('r', { metaKey: true })), null);
  assert.equal(shortcutFor(press('h', { altKey: true })), null);
  assert.equal(shortcutFor(press('s', { isComposing: true })), null);
});

test('presenter mode is asked for with ?present, turned off with ?present=0, and otherwise remembered', () => {
  assert.deepEqual(presenterPreference('?present', null), { isOn: true, remember: 'on' });
  assert.deepEqual(presenterPreference('?runtime=local&present=1', null), { isOn: true, remember: 'on' });
  assert.deepEqual(presenterPreference('?present=off', 'on'), { isOn: false, remember: 'off' });
  assert.deepEqual(presenterPreference('', 'on'), { isOn: true, remember: null });
  assert.deepEqual(presenterPreference('', null), { isOn: false, remember: null });
  assert.deepEqual(presenterPreference('?present=maybe', null), { isOn: false, remember: null }, 'an unknown value is as if absent');
  assert.equal(searchWithoutPresent('?present&runtime=local'), '?runtime=local');
  assert.equal(searchWithoutPresent('?present=1'), '');
});

test('presenter mode never boots WebContainer by itself (it loads from another origin), but still does when asked by name', () => {
  const all = ['local', 'webcontainer', 'recorded'] as const;
  assert.deepEqual(runtimesForChoice(all, '', true), ['local', 'recorded']);
  assert.deepEqual(runtimesForChoice(all, '?runtime=auto', true), ['local', 'recorded']);
  assert.deepEqual(runtimesForChoice(all, '?runtime=webcontainer', true), all);
  assert.deepEqual(runtimesForChoice(all, '', false), all);
});

test('the demo load is said as it runs: fixed rate and connections, paths in turn', () => {
  assert.equal(describeDemoLoad({ paths: ['/'], ratePerSec: 200, connections: 4, method: 'GET' }),
    'Load: 200 requests/s over 4 connections, GET /; the same every run.');
  assert.equal(describeDemoLoad({ paths: ['/objects', '/buffers'], ratePerSec: 300, connections: 1, method: 'POST' }),
    'Load: 300 requests/s over 1 connection, POST /objects, /buffers in turn; the same every run.');
  assert.match(describeDemoLoad(undefined), /^No load/);
});
