// The truth check: every lesson's leaky.js really leaks and fixed.js really holds, as judged by
// the real `leaklab run` CLI under real HTTP load. Lessons are found by listing lessons/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeOutcome, runCase, runCases, runInBatches, type RunOutcome } from './lesson-runs.ts';

// Two runs at a time keep the whole catalogue under ten minutes on two cores; more and the
// runs starve each other's load drivers.
const BATCH_WIDTH = Number(process.env.LEAKLAB_TRUTH_WIDTH ?? 2);

const cases = await runCases();
let outcomes: Promise<RunOutcome[]> | undefined;
function allOutcomes(): Promise<RunOutcome[]> {
  outcomes ??= runInBatches(cases, BATCH_WIDTH, (c) => runCase(c), (o) => console.log(describeOutcome(o)));
  return outcomes;
}

test('the lessons folder has lessons with something to check', () => {
  assert.ok(cases.length > 0, 'No lesson with an expect other than none was found under lessons/.');
});

for (const [i, c] of cases.entries()) {
  test(`${c.lesson.slug}: ${c.variant}.js is judged ${c.expected}`, { timeout: 15 * 60_000 }, async () => {
    const outcome = (await allOutcomes())[i];
    assert.equal(outcome.observed, c.expected, describeOutcome(outcome));
  });
}
