import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SavedEdits } from '../../src/playground/saved-edits.ts';

/** A Storage like the browser's: strings by key; `quota` makes writes throw as a full one does. */
class MemoryStorage implements Storage {
  readonly items = new Map<string, string>();
  quota = Number.POSITIVE_INFINITY;
  get length(): number { return this.items.size; }
  clear(): void { this.items.clear(); }
  getItem(key: string): string | null { return this.items.get(key) ?? null; }
  key(index: number): string | null { return [...this.items.keys()][index] ?? null; }
  removeItem(key: string): void { this.items.delete(key); }
  setItem(key: string, value: string): void {
    if (value.length > this.quota) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, value);
  }
}

test('an edit is written 400 ms after the last keystroke, or at once on flush, and read back per lesson', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const storage = new MemoryStorage();
  const edits = new SavedEdits(storage, '01-global-variables');
  edits.saveSoon({ base: 'leaky', text: '// min' });
  t.mock.timers.tick(300);
  edits.saveSoon({ base: 'leaky', text: '// mine\n' });
  t.mock.timers.tick(399);
  assert.equal(storage.length, 0, 'debounced: nothing written yet');
  t.mock.timers.tick(1);
  assert.equal(storage.length, 1);
  edits.saveSoon({ base: 'fixed', text: null });
  edits.flush();
  assert.deepEqual(new SavedEdits(storage, '01-global-variables').load(), { base: 'fixed', text: null });
  edits.saveSoon({ base: 'leaky', text: '// mine\n' });
  edits.flush();
  assert.deepEqual(new SavedEdits(storage, '01-global-variables').load(), { base: 'leaky', text: '// mine\n' });
  assert.equal(new SavedEdits(storage, '02-what-a-leak-is').load(), null);
});

test('only the last of several quick edits is written, and null forgets the saved one', () => {
  const storage = new MemoryStorage();
  const edits = new SavedEdits(storage, 'l');
  edits.saveSoon({ base: 'leaky', text: 'a' });
  edits.saveSoon({ base: 'fixed', text: null });
  edits.flush();
  assert.deepEqual(edits.load(), { base: 'fixed', text: null });
  edits.saveSoon(null);
  edits.flush();
  assert.equal(storage.getItem('leaklab:edit:l'), null);
});

test('a stored value that is not an edit (old format, hand-edited, not JSON) is ignored', () => {
  const storage = new MemoryStorage();
  for (const raw of ['{not json', '"text"', '{"base":"mine","text":"x"}', '{"base":"leaky","text":3}']) {
    storage.setItem('leaklab:edit:l', raw);
    assert.equal(new SavedEdits(storage, 'l').load(), null, raw);
  }
});

test('a full or missing storage keeps the page working, with edits only in the page', (t) => {
  const storage = new MemoryStorage();
  storage.quota = 5;
  const warnings: unknown[] = [];
  t.mock.method(console, 'warn', (...args: unknown[]) => warnings.push(args));
  const edits = new SavedEdits(storage, 'l');
  edits.saveSoon({ base: 'leaky', text: 'a long edit' });
  edits.flush();
  assert.equal(storage.length, 0);
  assert.match(String((warnings[0] as unknown[])[0]), /could not save your edit \(QuotaExceededError\)/);
  const none = new SavedEdits(null, 'l');
  none.saveSoon({ base: 'leaky', text: 'x' });
  none.flush();
  assert.equal(none.load(), null);
});
