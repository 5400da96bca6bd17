// `leaklab run --until-decided` and the exit codes of `--fail-on-leak`, on real processes through
// the real CLI: a run keeps its load on until the verdict is leaking or flat (or the cap), and a
// CI gate that ends undecided says so with its own exit code. Runs go two at a time; the whole
// file takes about a minute and a half.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/project-paths.ts';
import { parseRunReport, type RunReport } from '../../src/protocol/run-report.ts';

const LEAKLAB = path.join(PROJECT_ROOT, 'bin', 'leaklab.js');
const FIXTURES = path.join(PROJECT_ROOT, 'tests/fixtures/false-alarm');
const SLOW_LEAK = path.join(FIXTURES, 'control-slow-leak-100b.js');
const PLATEAU = path.join(FIXTURES, 'plateau-lookup-table.js');
const LEAK_1KB = path.join(FIXTURES, 'control-leak-1kb.js');
/** The exit code of a run that ends undecided under --fail-on-leak. */
const EXIT_UNDECIDED = 3;

interface CliRun { code: number; report: RunReport; stderr: string; wallSec: number }

let running = 0;
const waiting: (() => void)[] = [];

/** `leaklab run <fixture> --path / --json ...args`, at most two at a time (the machine has two cores). */
async function leaklabRun(fixture: string, args: string[]): Promise<CliRun> {
  if (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  const startedMs = Date.now();
  try {
    return await new Promise<CliRun>((resolve, reject) => {
      execFile(process.execPath, [LEAKLAB, 'run', fixture, '--path', '/', '--json', ...args], { timeout: 150_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') return reject(err);
        const report = parseRunReport(stdout);
        if (!report.ok) return reject(new Error(`no report on stdout (${report.problem}): ${stdout}\n${stderr}`));
        resolve({ code: err ? (err.code as number) : 0, report: report.value, stderr, wallSec: (Date.now() - startedMs) / 1000 });
      });
    });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const said = (run: CliRun): string => `${run.report.verdict} after ${run.report.requests} requests, decided after ${run.report.decidedAfterSec} s (${run.wallSec.toFixed(1)} s): ${run.report.reason}\n${run.stderr}`;

// Started together so they overlap; each test awaits its own.
const slowLeak = leaklabRun(SLOW_LEAK, ['--rate', '300', '--seconds', '5', '--until-decided', '--max-seconds', '60']);
const plateau = leaklabRun(PLATEAU, ['--rate', '300', '--seconds', '5', '--until-decided', '--max-seconds', '90']);
const gateOnLeak = leaklabRun(LEAK_1KB, ['--rate', '200', '--seconds', '4', '--fail-on-leak', '--max-seconds', '60']);
const gateOnFlat = leaklabRun(PLATEAU, ['--rate', '300', '--seconds', '5', '--fail-on-leak', '--max-seconds', '90']);
// 100 B per request cannot be told from nothing in 4 s: the cap ends it undecided.
const gateUndecided = leaklabRun(SLOW_LEAK, ['--rate', '300', '--seconds', '4', '--fail-on-leak', '--max-seconds', '4']);
const gateUndecidedAllowed = leaklabRun(SLOW_LEAK, ['--rate', '300', '--seconds', '4', '--fail-on-leak', '--max-seconds', '4', '--allow-unknown']);

test('a slow leak of about 100 B per request under --until-decided runs past its 5 s and ends leaking before the cap', async () => {
  const run = await slowLeak;
  assert.equal(run.report.verdict, 'leaking', said(run));
  assert.equal(run.code, 0, 'without --fail-on-leak a leak is not an error');
  const perRequest = run.report.perRequest!;
  assert.ok(perRequest > 40 && perRequest < 250, `about 100 B per request: ${perRequest}`);
  // More requests than 5 s would have sent, and fewer than the 60 s cap would have.
  assert.ok(run.report.requests > 300 * 6 && run.report.requests < 300 * 55, `ran on until decided, then stopped: ${run.report.requests} requests`);
});

test('a table that fills and then only hits ends flat under --until-decided, and was not called leaking', async () => {
  const run = await plateau;
  assert.equal(run.report.verdict, 'flat', said(run));
  assert.equal(run.report.stoppedLeak, null, 'a leak once called stays in the answer as stopped');
  assert.ok(run.report.requests < 300 * 85, `stopped once flat, before the cap: ${run.report.requests} requests`);
});

test('--fail-on-leak exits 1 on a leak', async () => {
  const run = await gateOnLeak;
  assert.equal(run.report.verdict, 'leaking', said(run));
  assert.equal(run.code, 1, said(run));
});

test('--fail-on-leak exits 0 on a floor that is flat', async () => {
  const run = await gateOnFlat;
  assert.equal(run.report.verdict, 'flat', said(run));
  assert.equal(run.code, 0, said(run));
});

test('--fail-on-leak exits 3 on a run its cap ends undecided, and says about how long would decide it', async () => {
  const run = await gateUndecided;
  assert.equal(run.report.verdict, 'unknown', said(run));
  assert.equal(run.code, EXIT_UNDECIDED, said(run));
  assert.ok(run.report.moreSecondsNeeded !== null && run.report.moreSecondsNeeded > 0, `moreSecondsNeeded ${run.report.moreSecondsNeeded}`);
  assert.match(run.stderr, /leaklab run: the verdict is still unknown after [\d.]+ s under load \(.+\); about \d+ s more would most likely decide it: try --max-seconds \d+\. Or pass --allow-unknown/);
  assert.ok(run.wallSec < 40, `the cap of 4 s held: ${run.wallSec} s in all`);
});

test('--allow-unknown turns an undecided --fail-on-leak run into a pass, and still says it was undecided', async () => {
  const run = await gateUndecidedAllowed;
  assert.equal(run.report.verdict, 'unknown', said(run));
  assert.equal(run.code, 0, said(run));
  assert.match(run.stderr, /still unknown after .*Passing \(--allow-unknown\)\./);
});
