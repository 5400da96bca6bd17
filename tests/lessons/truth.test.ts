// The truth check: every lesson's leaky.js really leaks and fixed.js really holds, as judged by
// the real `leaklab run` CLI under real HTTP load; and where a lesson names its leaking class,
// the heap snapshots of the same run show that class growing in leaky.js and not in fixed.js.
// Lessons are found by listing lessons/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeOutcome, runCase, runCases, runInBatches, wantsDiff, type RunOutcome } from '../../scripts/support/lesson-runs.ts';

// Two runs at a time keep the whole catalogue under ten minutes on two cores; more and the
// runs starve each other's load drivers.
const BATCH_WIDTH = Number(process.env.LEAKLAB_TRUTH_WIDTH ?? 2);
// Between the warm-up snapshot and the end a leaky run adds hundreds to thousands of instances
// (about 60 to 200 requests a second for 8 to 10 s); a fixed one holds a bounded number.
const MIN_LEAKY_GROWTH = 200;
const MAX_FIXED_GROWTH = 100;

const cases = await runCases();
let outcomes: Promise<RunOutcome[]> | undefined;
function allOutcomes(): Promise<RunOutcome[]> {
  outcomes ??= runInBatches(cases, BATCH_WIDTH, (c) => runCase(c, process.execPath, wantsDiff(c)), (o) => console.log(describeOutcome(o)));
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
  if (!wantsDiff(c)) continue;
  const growing = c.expected === 'leaking';
  test(`${c.lesson.slug}: ${c.lesson.meta.leakingClass} ${growing ? 'grows' : 'does not grow'} between heap snapshots of ${c.variant}.js`,
    { timeout: 15 * 60_000 }, async () => {
      const outcome = (await allOutcomes())[i];
      assert.equal(outcome.diffError, undefined, `${c.lesson.slug} ${c.variant}: ${outcome.diffError}`);
      const growth = outcome.leakingClassGrowth ?? 0;
      if (growing) assert.ok(growth >= MIN_LEAKY_GROWTH, `${describeOutcome(outcome)}: expected at least +${MIN_LEAKY_GROWTH}.`);
      else assert.ok(growth <= MAX_FIXED_GROWTH, `${describeOutcome(outcome)}: expected at most +${MAX_FIXED_GROWTH}.`);
    });
}
