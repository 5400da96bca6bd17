import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fixtureSnapshots } from './helpers/fixture-snapshots.ts';
import { openAnalysis } from './helpers/open.ts';
import { assertSameNodes, assertSameSummary, openInDevTools } from './helpers/devtools-reference.ts';

const file = join(fixtureSnapshots('grow-and-churn.cjs'), 'b.heapsnapshot');
const oursPromise = openAnalysis(file);
const devtoolsPromise = openInDevTools(file);

test('every node has the same dominator, self size and retained size as in Chrome DevTools', async () => {
  const [ours, devtools] = await Promise.all([oursPromise, devtoolsPromise]);
  assertSameNodes(ours, devtools);
});

test('per-class counts, shallow and retained sizes equal the DevTools Summary view', async () => {
  const [ours, devtools] = await Promise.all([oursPromise, devtoolsPromise]);
  const summary = await assertSameSummary(ours, devtools);
  assert.equal(summary.get('User')?.count, 10_000);
});
