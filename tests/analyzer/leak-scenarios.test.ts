import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { fixtureSnapshots, fixtureDir } from './helpers/fixture-snapshots.ts';
import { openAnalysis } from './helpers/open.ts';
import { summarize } from '../../src/analyzer/summarize.ts';
import { diffSnapshots } from '../../src/analyzer/diff-snapshots.ts';
import { survivors } from '../../src/analyzer/survivors.ts';
import { retainerPaths } from '../../src/analyzer/retainer-paths.ts';

// grow-and-churn.cjs: users 100/10000/50000, Foo 1000/2000/3000, Churn 500 replaced each stage.
const dir = fixtureSnapshots('grow-and-churn.cjs');
const snapshots = Promise.all(['a', 'b', 'c'].map((name) => openAnalysis(join(dir, `${name}.heapsnapshot`))));
const row = <T extends { name: string }>(rows: T[], name: string): T | undefined => rows.find((r) => r.name === name);

test('the summary counts each class of the program exactly', async () => {
  const [a, , c] = await snapshots;
  const first = summarize(a).classes;
  const last = summarize(c).classes;
  assert.deepEqual(['User', 'Foo', 'Churn', 'Session'].map((n) => row(first, n)?.count), [100, 1000, 500, 10]);
  assert.deepEqual(['User', 'Foo', 'Churn', 'Session'].map((n) => row(last, n)?.count), [50_000, 3000, 500, 40]);
  assert.ok(summarize(c, { top: 3 }).classes.length === 3);
});

test('the diff counts added and removed objects by id, and a churning class nets to zero', async () => {
  const [a, b] = await snapshots;
  const diff = diffSnapshots(a, b);
  assert.equal(diff.matching, 'by-id');
  const users = row(diff.classes, 'User');
  assert.deepEqual(users && [users.added, users.removed, users.countDelta], [9900, 0, 9900]);
  const foo = row(diff.classes, 'Foo');
  const fooBytes = row(summarize(b).classes, 'Foo')!.selfSize / 2000;
  assert.deepEqual(foo && [foo.added, foo.removed, foo.countDelta, foo.sizeDelta], [1000, 0, 1000, 1000 * fooBytes]);
  const churn = row(diff.classes, 'Churn');
  assert.deepEqual(churn && [churn.added, churn.removed, churn.countDelta, churn.sizeDelta], [500, 500, 0, 0]);
  // Users keep their names in strings: the added users' retained size includes them.
  assert.ok(users!.addedRetainedSize > users!.sizeDelta);
  assert.equal(diff.classes[0].name, 'User');
});

test('three snapshots keep the objects allocated between the first two that are still alive', async () => {
  const [a, b, c] = await snapshots;
  const result = survivors(a, b, c);
  assert.equal(row(result.survivors, 'User')?.count, 9900);
  assert.equal(row(result.survivors, 'Foo')?.count, 1000);
  assert.equal(row(result.survivors, 'Churn'), undefined);
});

test('an array grown across three snapshots is listed with its exact lengths and a path naming it', async () => {
  const [a, b, c] = await snapshots;
  const { collections } = survivors(a, b, c);
  const users = collections.find((x) => x.path === 'global -> users');
  assert.deepEqual(users && { kind: users.kind, counts: users.counts }, { kind: 'Array', counts: [100, 10_000, 50_000] });
  assert.equal(collections[0].path, 'global -> users');
  const sessions = collections.find((x) => x.path === 'global -> sessions');
  assert.deepEqual(sessions?.counts, [10, 20, 40]);
  assert.ok(!collections.some((x) => x.path === 'global -> tags'), 'a Set that did not grow is not listed');
});

test('the retainer path to an object held by a closure names the context variable', async () => {
  const [, , c] = await snapshots;
  const result = retainerPaths(c, 'Foo', { maxPaths: 3 });
  assert.equal(result.instanceCount, 3000);
  assert.equal(result.examinedCount, 3000, 'a class this small is traced whole');
  const path = result.paths[0];
  assert.match(path.text, /^global -> onAudit \(closure\) -> context -> ledgerBook -> items -> \[\d+\] -> Foo$/);
  assert.equal(path.instances, 3000);
  const closure = path.steps.find((s) => s.nodeName === 'onAudit');
  assert.ok(closure?.location, 'the closure step carries its source location');
  const source = readFileSync(join(fixtureDir, 'grow-and-churn.cjs'), 'utf8').split('\n');
  const line = source.findIndex((text) => text.includes('function onAudit()'));
  assert.equal(closure.location.line, line); // both 0-based
});

test('asking for a class the snapshot lacks is a typed error', async () => {
  const [a] = await snapshots;
  assert.throws(() => retainerPaths(a, 'NoSuchClass'), { name: 'AnalyzerQueryError', code: 'unknown-class' });
});
