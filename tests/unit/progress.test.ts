import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProgressFile, type CheckSummary } from '../../src/protocol/progress-file.ts';
import { planImport } from '../../src/playground/progress/progress-merge.ts';
import { ProgressStore } from '../../src/playground/progress/progress-store.ts';
import { SavedEdits } from '../../src/playground/saved-edits.ts';

/** The Web Storage interface over a Map: Node has no localStorage of its own here. */
class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();
  get length(): number { return this.#items.size; }
  clear(): void { this.#items.clear(); }
  getItem(key: string): string | null { return this.#items.get(key) ?? null; }
  key(index: number): string | null { return [...this.#items.keys()][index] ?? null; }
  removeItem(key: string): void { this.#items.delete(key); }
  setItem(key: string, value: string): void { this.#items.set(key, String(value)); }
}

const summary: CheckSummary = {
  verdict: 'flat', figure: 'heapUsed', slopePerSec: 5400, bytesPerRequest: 29, seconds: 14, requests: 2800,
  leakingClass: 'AuditRecord', classCountDelta: 0, responsesRight: 1, responsesTotal: 1,
};

test('a lesson opened and passed is kept with when and on what evidence, and exported with the edits', () => {
  const storage = new MemoryStorage();
  const progress = new ProgressStore(storage);
  progress.markOpened('01-global-variables', '2026-12-07T09:00:00.000Z');
  progress.recordCheck('01-global-variables', 'failed', '2026-12-07T09:05:00.000Z', null);
  progress.recordCheck('01-global-variables', 'passed', '2026-12-07T09:10:00.000Z', summary);
  progress.markOpened('01-global-variables', '2026-12-07T10:00:00.000Z');
  const edits = new SavedEdits(storage, '05-event-listeners');
  edits.saveSoon({ base: 'leaky', text: '// mine\n' });
  edits.flush();

  const file = progress.exportFile('2026-12-07T11:00:00.000Z');
  assert.deepEqual(file.lessons['01-global-variables'].progress, {
    openedAt: '2026-12-07T09:00:00.000Z', lastOpenedAt: '2026-12-07T10:00:00.000Z',
    lastCheck: { at: '2026-12-07T09:10:00.000Z', outcome: 'passed' }, passed: { at: '2026-12-07T09:10:00.000Z', summary },
  });
  assert.deepEqual(file.lessons['05-event-listeners'], { edit: { base: 'leaky', text: '// mine\n' } });
  const read = parseProgressFile(JSON.stringify(file));
  assert.deepEqual(read, { ok: true, value: file }, 'what is exported reads back unchanged');
});

test('a file exported and imported into an empty browser gives the same progress and edits', () => {
  const from = new ProgressStore(new MemoryStorage());
  from.markOpened('07-closures', '2026-12-07T09:00:00.000Z');
  from.recordCheck('07-closures', 'passed', '2026-12-07T09:01:00.000Z', summary);
  const text = JSON.stringify(from.exportFile('2026-12-07T09:02:00.000Z'));
  const to = new ProgressStore(new MemoryStorage());
  const file = parseProgressFile(text);
  assert.ok(file.ok);
  to.apply(planImport(to.lessons(), file.value.lessons), false);
  assert.deepEqual(to.lessons(), from.lessons());
});

test('importing merges: nothing opened or passed here is lost, and an edit here is replaced only when asked', () => {
  const here = {
    a: { progress: { openedAt: '2026-12-01T00:00:00Z', lastOpenedAt: '2026-12-05T00:00:00Z', passed: { at: '2026-12-05T00:00:00Z', summary } }, edit: { base: 'leaky' as const, text: 'mine' } },
    b: { edit: { base: 'fixed' as const, text: null } },
  };
  const there = {
    a: { progress: { openedAt: '2026-12-03T00:00:00.000Z', lastOpenedAt: '2026-12-06T00:00:00.000Z', lastCheck: { at: '2026-12-06T00:00:00.000Z', outcome: 'failed' as const } }, edit: { base: 'leaky' as const, text: 'theirs' } },
    b: { edit: { base: 'fixed' as const, text: null } },
    c: { edit: { base: 'leaky' as const, text: 'new' } },
  };
  const plan = planImport(here, there);
  assert.deepEqual(plan.progress.a, {
    openedAt: '2026-12-01T00:00:00Z', lastOpenedAt: '2026-12-06T00:00:00.000Z',
    lastCheck: { at: '2026-12-06T00:00:00.000Z', outcome: 'failed' }, passed: { at: '2026-12-05T00:00:00Z', summary },
  }, 'a pass here stays, a later failed check elsewhere does not undo it');
  assert.deepEqual(Object.keys(plan.conflictingEdits), ['a']);
  assert.deepEqual(Object.keys(plan.newEdits), ['c'], 'an edit equal to the one here is no conflict');
});

test('a foreign, broken, newer or damaged file is refused with a sentence saying which', () => {
  const refused = (text: string) => { const p = parseProgressFile(text); return p.ok ? 'accepted' : p.problem; };
  assert.match(refused('{"lessons": '), /^This file is not JSON \(.+\), so it is not a Leak Lab progress file\./);
  assert.match(refused('{"name": "my-package", "version": 1}'), /^This is not a Leak Lab progress file: it has no "format": "leaklab-progress"/);
  assert.match(refused('[]'), /not a Leak Lab progress file/);
  assert.match(refused('{"format": "leaklab-progress", "version": 2, "lessons": {}}'), /^This progress file is version 2; this Leak Lab reads version 1\. Update Leak Lab/);
  const damaged = refused(JSON.stringify({ format: 'leaklab-progress', version: 1, exportedAt: '2026-12-07T09:00:00Z', lessons: { '01-global-variables': { progress: { openedAt: 'yesterday', lastOpenedAt: '2026-12-07T09:00:00Z' } } } }));
  assert.match(damaged, /^This progress file is damaged, so nothing was imported: lessons\.01-global-variables\.progress\.openedAt: must be a date and time/);
});

test('progress that cannot be read is set aside, not lost, and progress starts afresh', () => {
  const storage = new MemoryStorage();
  storage.setItem('leaklab:progress', '{not json');
  const progress = new ProgressStore(storage);
  const warn = console.warn;
  console.warn = () => {};
  try {
    assert.deepEqual(progress.load(), { version: 1, lessons: {} });
  } finally {
    console.warn = warn;
  }
  assert.equal(storage.getItem('leaklab:progress-unreadable'), '{not json');
});
