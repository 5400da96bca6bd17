// Every lesson's "Check my fix" response check, sent by the runner to the real program under the
// lesson's load: fixed.js must answer every check request right (or the check would fail the
// lesson's own fix), and a server that answers every request with an empty 200 must get every
// request wrong (or deleting the work would pass). Lessons are found by listing lessons/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lessonProgram, listLessons, type Lesson } from '../../src/lessons/read-lesson.ts';
import type { ProgramSpec } from '../../src/protocol/program.ts';
import type { ResponseCheckOutcome } from '../../src/protocol/response-check.ts';
import { RunProcess } from '../../src/runner/run-process.ts';
import { DEFAULT_CAPS, planForProgram } from '../../src/runner/run-plan.ts';
import { RunResponseChecks } from '../../src/runner/run-response-checks.ts';
import { hasChallenge, lessonCheck } from '../../src/playground/challenge/lesson-check.ts';
import { LESSONS_DIR } from '../../src/project-paths.ts';

/** Under load this long before the check, as a check sends its requests after the warm-up. */
const UNDER_LOAD_MS = 2000;
const GIVE_UP_MS = 60_000;

// Answers everything with status 200 and nothing in the body; the same text runs as CommonJS or ESM.
const EMPTY_SERVER = `process.getBuiltinModule('node:http').createServer((req, res) => res.end()).listen(Number(process.env.PORT));`;

/** Runs `spec` under its load, sends the lesson's check once the load has run a while, and stops. */
async function checkOutcome(lesson: Lesson, spec: ProgramSpec): Promise<ResponseCheckOutcome> {
  const plan = await planForProgram(spec);
  const output: string[] = [];
  let run: RunProcess | null = null;
  const outcome = new Promise<ResponseCheckOutcome>((resolve) => {
    const checks = new RunResponseChecks((event) => resolve(event.outcome));
    run = new RunProcess(plan, DEFAULT_CAPS, (event) => {
      checks.observe(event);
      if (event.type === 'output') output.push(event.text);
      if (event.type === 'load-ready') setTimeout(() => checks.check(run, lessonCheck(lesson.meta).requests), UNDER_LOAD_MS);
      if (event.type === 'exited') resolve({ kind: 'not-checked', blame: 'runner', reason: `the run ended (${event.reason}) first. Output: ${output.join('').slice(-500)}` });
    });
  });
  const timer = setTimeout(() => void run?.stop('stopped'), GIVE_UP_MS);
  await run!.start();
  try {
    return await outcome;
  } finally {
    clearTimeout(timer);
    await run!.stop('stopped');
  }
}

function problemsOf(outcome: ResponseCheckOutcome): string {
  if (outcome.kind === 'not-checked') return `not checked (${outcome.blame}): ${outcome.reason}`;
  return outcome.results.map((r) => `${r.method} ${r.path}: ${r.problems.join(' ') || 'right'}`).join('\n');
}

const lessons = (await listLessons(LESSONS_DIR)).filter((l) => hasChallenge(l.meta));

test('there are lessons with a fix to check', () => {
  assert.ok(lessons.length > 0, 'No lesson with a load and a flat fixed.js was found under lessons/.');
});

for (const lesson of lessons) {
  test(`${lesson.slug}: fixed.js answers every check request right under load`, { timeout: 120_000 }, async () => {
    const outcome = await checkOutcome(lesson, await lessonProgram(lesson, 'fixed'));
    assert.equal(outcome.kind, 'checked', problemsOf(outcome));
    assert.ok(outcome.kind === 'checked' && outcome.results.every((r) => r.problems.length === 0), problemsOf(outcome));
  });

  test(`${lesson.slug}: a server that answers every request empty gets every check request wrong`, { timeout: 120_000 }, async () => {
    const fixed = await lessonProgram(lesson, 'fixed');
    const outcome = await checkOutcome(lesson, { ...fixed, variant: 'custom', files: { ...fixed.files, 'main.js': EMPTY_SERVER } });
    assert.equal(outcome.kind, 'checked', problemsOf(outcome));
    assert.ok(outcome.kind === 'checked' && outcome.results.every((r) => r.problems.length > 0), problemsOf(outcome));
  });
}
