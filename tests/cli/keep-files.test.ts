// `leaklab run` with the run settings the page has: node flags from the allow-list, and the files
// the program wrote, listed and kept with --keep-files. Real lesson runs (a few seconds each).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { LESSONS_DIR, PROJECT_ROOT, RUNS_ROOT } from '../../src/project-paths.ts';
import { parseRunReport } from '../../src/protocol/run-report.ts';

const BIN = path.join(PROJECT_ROOT, 'bin', 'leaklab.js');
const LESSON_13 = path.join(LESSONS_DIR, '13-allocation-profiling');

function leaklab(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

test('--node-flag --heap-prof --keep-files DIR keeps the profile the run wrote, and leaklab profile reads it', async () => {
  const dir = await mkdtemp(path.join(RUNS_ROOT, 'kept-by-cli-'));
  try {
    const { code, stdout, stderr } = await leaklab('run', LESSON_13, '--seconds', '3', '--node-flag', '--heap-prof', '--node-flag', '--heap-prof-interval=8192', '--keep-files', dir, '--json');
    assert.equal(code, 0, stderr);
    const report = parseRunReport(stdout);
    assert.ok(report.ok, report.ok ? '' : report.problem);
    assert.equal(report.value.exit.reason, 'stopped');
    assert.match(report.value.exit.message, /^Stopped: the program ended on SIGTERM \(exit code 0\)\.$/);
    const files = report.value.files ?? [];
    assert.equal(files.length, 1, JSON.stringify(files));
    assert.equal(files[0].kind, 'heapprofile');
    assert.equal(files[0].at, path.join(dir, files[0].name));
    assert.deepEqual(await readdir(dir), [files[0].name]);
    const profile = await leaklab('profile', files[0].at!, '--top', '3');
    assert.equal(profile.code, 0, profile.stderr);
    // At 8 kB a sample the lesson's own line shows: the flags reached node as given.
  assert.match(profile.stdout, /main\.js:\d+:\d+/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('without --keep-files the files are listed with their sizes, and the CLI says how to keep them', async () => {
  const keptBefore = new Set((await readdir(RUNS_ROOT)).filter((n) => n.includes('-files-')));
  const { code, stdout, stderr } = await leaklab('run', LESSON_13, '--seconds', '2', '--node-flag', '--heap-prof');
  assert.equal(code, 0, stderr);
  assert.match(stdout, /\nThe program wrote 1 file:\n {2}Heap\.\d{8}\.\d{6}\.\d+\.0\.001\.heapprofile {2}\d+(\.\d)? kB {2}\(removed with the run folder\)\n {2}Keep them with --keep-files DIR\.\n/);
  assert.match(stderr, /\[leaklab\] Stop: sent SIGTERM to the program/);
  const keptAfter = (await readdir(RUNS_ROOT)).filter((n) => n.includes('-files-') && !keptBefore.has(n));
  assert.deepEqual(keptAfter, [], 'the CLI leaves no folder of kept files behind');
});
