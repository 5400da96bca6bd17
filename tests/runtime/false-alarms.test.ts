// False alarms on real processes: servers in tests/fixtures/false-alarm/ allocate heavily but keep
// nothing (or a bounded amount). Each runs twice through the real CLI at 200 req/s for 8 s while
// another process keeps one core busy, and must never be called `leaking`. A positive control
// (1 KB kept per request) must be called `leaking` in the same conditions, or the test proves
// nothing. Runs go two at a time; the whole file takes about a minute and a half.
// Fixtures are ESM (the repo's package.json says "type": "module") and listen on PORT.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRunReport, type RunReport } from '../../src/protocol/run-report.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.join(ROOT, 'tests/fixtures/false-alarm');
const CONTROL = 'control-leak-1kb.js';
const RUNS_PER_FIXTURE = 2;
const PARALLEL_RUNS = 2;
const RUN_TIMEOUT_MS = 60_000;
// The control gets the lessons' usual 12 s: on a loaded machine an 8 s run may hold only 3–4
// floors. Of six 8 s runs of it we watched, four were called leaking; two were 'unknown'.
const CONTROL_SECONDS = 12;

const fixtures = readdirSync(FIXTURES).filter((name) => name.endsWith('.js') && name !== CONTROL).sort();

// The other core stays busy for the whole file, as on a loaded CI machine.
const busyLoop = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
after(() => {
  busyLoop.kill('SIGKILL');
});

let running = 0;
const waiting: (() => void)[] = [];

/** Runs `leaklab run <fixture> --json` once, at most PARALLEL_RUNS at a time. */
async function runCli(fixture: string, seconds: number): Promise<RunReport> {
  if (running >= PARALLEL_RUNS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [path.join(ROOT, 'bin/leaklab.js'), 'run', path.join(FIXTURES, fixture), '--path', '/', '--rate', '200', '--seconds', String(seconds), '--json'],
        { cwd: ROOT, timeout: RUN_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
        (error, out, err) => (error ? reject(new Error(`leaklab run ${fixture} failed: ${error.message}\n${err}`)) : resolve(out)),
      );
    });
    const report = parseRunReport(stdout);
    if (!report.ok) throw new Error(`leaklab run ${fixture} printed no report: ${report.problem}`);
    return report.value;
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function describeRun(run: RunReport): string {
  const figures = run.perFigure
    .map((f) => `${f.figure} ${f.verdict} ${Math.round(f.slopeBytesPerSec)}/s (≥${Math.round(f.slopeLowerBoundBytesPerSec)}, ${f.points} pts)`)
    .join('; ');
  return `${run.verdict} after ${run.requests} requests: ${run.reason} [${figures}]`;
}

// Start every run now so they overlap; each test awaits its own.
const runsByFixture = new Map<string, Promise<RunReport[]>>();
for (const fixture of [CONTROL, ...fixtures]) {
  const count = fixture === CONTROL ? 1 : RUNS_PER_FIXTURE;
  runsByFixture.set(fixture, Promise.all(Array.from({ length: count }, () => runCli(fixture, fixture === CONTROL ? CONTROL_SECONDS : 8))));
}

test('the 1 KB-per-request control is called leaking within a 12 s run', async (t) => {
  const [run] = await runsByFixture.get(CONTROL)!;
  t.diagnostic(describeRun(run));
  // On a starved machine the program starts late and the run holds only 2–3 floors: not a
  // verdict about the thresholds, so say so instead of failing.
  if (run.verdict === 'unknown' && /^Too short/.test(run.reason)) return t.skip(`machine too busy to judge: ${describeRun(run)}`);
  assert.equal(run.verdict, 'leaking', describeRun(run));
  assert.equal(run.figure, 'heapUsed');
});

for (const fixture of fixtures) {
  test(`${fixture.replace(/\.js$/, '')} allocates hard but is never called leaking`, async (t) => {
    const runs = await runsByFixture.get(fixture)!;
    for (const run of runs) {
      t.diagnostic(describeRun(run));
      assert.notEqual(run.verdict, 'leaking', describeRun(run));
    }
    // Runs the load barely reached prove little: say so rather than pass quietly.
    if (!runs.some((run) => run.requests > 300)) t.skip(`machine too busy, load barely ran: ${runs.map((run) => run.requests).join(', ')} requests`);
  });
}
