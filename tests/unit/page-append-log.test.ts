import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppendLog } from '../../src/playground/page-state/append-log.ts';

const items = <T>(log: AppendLog<T>): T[] => {
  const out: T[] = [];
  log.forEachSince(0, (item) => out.push(item));
  return out;
};

test('appending keeps the older log as it was, and each log reads only its own items', () => {
  const a = AppendLog.empty<string>().append('x').append('y');
  const b = a.append('z');
  assert.deepEqual(items(a), ['x', 'y']);
  assert.deepEqual(items(b), ['x', 'y', 'z']);
  assert.equal(b.isExtensionOf(a), true);
  // Appending to the older one again forks: neither sees the other's third item.
  const c = a.append('w');
  assert.deepEqual([items(b), items(c)], [['x', 'y', 'z'], ['x', 'y', 'w']]);
  assert.equal(c.isExtensionOf(b), false);
  assert.equal(a.isExtensionOf(b), false, 'a shorter log does not extend a longer one');
});

test('a capped log keeps the newest items, numbered on from the first, and readers skip what was dropped', () => {
  let log = AppendLog.empty<number>();
  for (let i = 0; i < 25; i++) log = log.append(i, 10);
  assert.deepEqual([log.length, log.startSeq, log.endSeq], [10, 15, 25]);
  assert.deepEqual(items(log), [15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
  assert.equal(log.at(14), undefined);
  assert.equal(log.at(24), 24);
  const seen: number[] = [];
  log.forEachSince(22, (item, seq) => seen.push(item * 100 + seq));
  assert.deepEqual(seen, [2222, 2323, 2424]);
});

test('a long capped log compacts its storage, so memory stays bounded', () => {
  let log = AppendLog.empty<number[]>();
  const first = log.append([0], 1000);
  log = first;
  for (let i = 1; i < 100_000; i++) log = log.append([i], 1000);
  assert.equal(log.length, 1000);
  assert.equal(log.isExtensionOf(first), false, 'compaction moved it to new storage');
  assert.deepEqual(log.last(), [99_999]);
});
