// Stop is SIGTERM, a grace, then SIGKILL: real programs under the real probe, each checked for
// what the learner sees (the terminal's words, the files listed after the run) and that no
// process is left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { isAlive, programSpec, runPlan, runProgram, type Collected } from './run-program.ts';
import { DEFAULT_CAPS, planForFile } from '../../src/runner/run-plan.ts';
import { RUNS_ROOT } from '../../src/project-paths.ts';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { RunEventOf } from '../../src/protocol/run-events.ts';

const GRACE_MS = DEFAULT_CAPS.stopGraceMs;

const noticesOf = (run: Collected, code: string): string[] => run.events.flatMap((e) => (e.type === 'notice' && e.code === code ? [e.text] : []));
const artifactsOf = (run: Collected): RunEventOf<'artifacts'> | undefined => run.events.find((e): e is RunEventOf<'artifacts'> => e.type === 'artifacts');
const pidOf = (run: Collected): number => (run.events.find((e) => e.type === 'started') as RunEventOf<'started'>).pid;

/** Runs `code` until it has said `ready` on stdout, then presses Stop; returns the run and how long Stop took. */
async function stopWhenReady(code: string, nodeFlags: string[] = [], caps = {}): Promise<{ run: Collected; stopMs: number }> {
  let stoppedAt = 0;
  const run = await runProgram(programSpec(code, { nodeFlags }), {
    caps,
    onEvent: (e, r) => {
      if (e.type === 'output' && /ready/.test(e.text) && !stoppedAt) {
        stoppedAt = Date.now();
        void r.stop('stopped');
      }
    },
  });
  assert.ok(stoppedAt > 0, `the program never said ready:\n${run.output}`);
  return { run, stopMs: Date.now() - stoppedAt };
}

test('Stop lets the program\u2019s own SIGTERM handler run, lists the file it wrote, and says it ended on SIGTERM', async () => {
  const { run, stopMs } = await stopWhenReady(`
    const fs = require('node:fs');
    process.on('SIGTERM', () => { fs.writeFileSync('shutdown.json', JSON.stringify({ cleanly: true })); console.log('bye'); process.exit(0); });
    setInterval(() => {}, 1000);
    console.log('ready');
  `);
  assert.equal(run.exit.reason, 'stopped');
  assert.equal(run.exit.message, 'Stopped: the program ended on SIGTERM (exit code 0).');
  assert.match(run.output, /bye/);
  assert.match(noticesOf(run, 'stopping')[0], /^Stop: sent SIGTERM to the program \(pid \d+\); it has 3 s to end before SIGKILL\.$/);
  assert.ok(stopMs < GRACE_MS, `Stop took ${stopMs} ms for a program that ends at once`);
  assert.deepEqual(artifactsOf(run)?.files.map((f) => [f.name, f.sizeBytes, f.kind]), [['shutdown.json', 16, 'other']]);
  assert.equal(isAlive(pidOf(run)), false);
});

test('a program that ignores SIGTERM is killed with SIGKILL once the grace is up, and the terminal says so', async () => {
  const { run, stopMs } = await stopWhenReady(`
    process.on('SIGTERM', () => console.log('not stopping'));
    setInterval(() => {}, 1000);
    console.log('ready');
  `);
  assert.equal(run.exit.signal, 'SIGKILL');
  assert.equal(run.exit.message, 'Stopped: the program did not end within 3 s of SIGTERM, so it was killed with SIGKILL.');
  assert.match(run.output, /not stopping/);
  assert.ok(stopMs >= GRACE_MS && stopMs < GRACE_MS + 2500, `Stop took ${stopMs} ms; the grace is ${GRACE_MS} ms`);
  assert.equal(isAlive(pidOf(run)), false);
});

test('Stop of a --heap-prof run with no handler of its own leaves a whole .heapprofile', async () => {
  const { run } = await stopWhenReady(`
    const kept = [];
    setInterval(() => { for (let i = 0; i < 200; i++) kept.push({ i, text: 'x'.repeat(40) }); }, 5);
    setTimeout(() => console.log('ready'), 1500);
  `, ['--heap-prof']);
  assert.equal(run.exit.message, 'Stopped: the program ended on SIGTERM (exit code 143).');
  const files = artifactsOf(run)?.files ?? [];
  assert.equal(files.length, 1, JSON.stringify(files));
  assert.match(files[0].name, /^Heap\.\d{8}\.\d{6}\.\d+\.0\.001\.heapprofile$/);
  assert.equal(files[0].kind, 'heapprofile');
  assert.ok(files[0].sizeBytes > 1000);
  // Listed, not kept (no one asked to keep them): said so, and gone with the run folder.
  assert.equal(files[0].note, 'removed with the run folder');
  assert.equal(files[0].url, undefined);
  assert.equal(existsSync(run.run.plan.dir), false, 'the run folder is removed after the files are listed, as before');
});

test('the caps still end a run at once: the wall-time cap does not wait out the grace', async () => {
  const started = Date.now();
  const run = await runProgram(programSpec(`process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);`), { caps: { wallTimeMs: 1500 } });
  const tookMs = Date.now() - started;
  assert.equal(run.exit.reason, 'wall-time');
  assert.equal(run.exit.signal, 'SIGKILL');
  assert.ok(tookMs < 1500 + GRACE_MS, `the run took ${tookMs} ms`);
  assert.deepEqual(noticesOf(run, 'stopping'), []);
});

test('a shutdown that comes while Stop waits out the grace kills at once', async () => {
  let stopAt = 0;
  let shutdownAt = 0;
  const run = await runProgram(programSpec(`process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); console.log('ready');`), {
    onEvent: (e, r) => {
      if (e.type === 'output' && /ready/.test(e.text)) {
        stopAt = Date.now();
        void r.stop('stopped');
        setTimeout(() => { shutdownAt = Date.now(); void r.stop('shutdown'); }, 300);
      }
    },
  });
  const afterShutdownMs = Date.now() - shutdownAt;
  assert.ok(stopAt > 0 && shutdownAt > 0);
  assert.equal(run.exit.reason, 'stopped', 'the first end is the one reported');
  assert.equal(run.exit.signal, 'SIGKILL');
  assert.ok(afterShutdownMs < 1500, `the run ended ${afterShutdownMs} ms after the shutdown`);
});

test('a --trace-gc run marks the probe\u2019s forced collections and says so when it starts', async () => {
  const { run } = await stopWhenReady(`setInterval(() => {}, 1000); setTimeout(() => console.log('ready'), 3500);`, ['--trace-gc']);
  const notice = noticesOf(run, 'trace-gc-probe');
  assert.equal(notice.length, 1);
  assert.match(notice[0], /the probe forces a full collection at most once a second/);
  const startedAt = run.events.findIndex((e) => e.type === 'started');
  const noticeAt = run.events.findIndex((e) => e.type === 'notice' && e.code === 'trace-gc-probe');
  assert.ok(startedAt >= 0 && noticeAt > startedAt, 'the notice comes after started');
  // An idle program has no collections of its own: every Mark-Compact is the probe's, and marked.
  const programOutput = run.events.flatMap((e) => (e.type === 'output' ? [e.text] : [])).join('');
  const markCompacts = programOutput.split('\n').filter((l) => /Mark-Compact/.test(l));
  assert.ok(markCompacts.length >= 2, `expected the probe's collections, got:\n${programOutput}`);
  for (const line of markCompacts) assert.match(line, /testing; GC in old space requested \[forced by the Leak Lab probe\]$/);
});

test('files a user\u2019s own program writes in its folder are listed where they are, and left there', async () => {
  const dir = await mkdtemp(path.join(RUNS_ROOT, 'own-'));
  try {
    const entry = path.join(dir, 'app.js');
    await writeFile(entry, `require('node:fs').writeFileSync('result.txt', 'done'); setInterval(() => {}, 1000); console.log('ready');`);
    await writeFile(path.join(dir, 'config.json'), '{}');
    let isStopped = false;
    const run = await runPlan(await planForFile(entry, { cwd: dir }), {
      onEvent: (e, r) => { if (e.type === 'output' && /ready/.test(e.text) && !isStopped) { isStopped = true; void r.stop('stopped'); } },
    });
    const files = artifactsOf(run)?.files ?? [];
    assert.deepEqual(files.map((f) => [f.name, f.path]), [['result.txt', path.join(dir, 'result.txt')]]);
    assert.equal(await readFile(path.join(dir, 'result.txt'), 'utf8'), 'done');
    assert.equal(artifactsOf(run)?.keptForMs, null);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
