import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { planForFile } from '../../src/runner/run-plan.ts';
import { discardPlanFolders, removeRunFolder } from '../../src/runner/run-folder.ts';
import { runPlan } from './run-program.ts';

// `leaklab run src/server.js` and `leaklab watch -- src/server.js` run the user's own program in
// their own project: it must behave as under `node src/server.js`, and the runner must never
// touch their files.

async function project(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'leaklab-own-project-'));
  await mkdir(path.join(dir, 'src'));
  await writeFile(path.join(dir, 'config.json'), JSON.stringify({ greeting: 'hello from config' }));
  // Reads its config relative to the working directory, as many servers do.
  await writeFile(path.join(dir, 'src', 'server.js'), `
    const config = JSON.parse(require('node:fs').readFileSync('config.json', 'utf8'));
    console.log(config.greeting, 'in', process.cwd());
    require('node:http').createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT));`);
  return dir;
}

test('the program runs in the folder the command was given in, as `node src/server.js` would', async () => {
  const dir = await project();
  try {
    const plan = await planForFile(path.join(dir, 'src', 'server.js'), { cwd: dir, heapCapMiB: 128 });
    const { output, exit } = await runPlan(plan, { stopAfterMs: 3000 });
    assert.equal(exit.reason, 'stopped', output);
    assert.match(output, new RegExp(`hello from config in ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.ok(existsSync(path.join(dir, 'src', 'server.js')), "the user's files are where they were");
    assert.ok(!existsSync(plan.snapshotDir), 'the snapshot folder the run made is gone');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("discarding a plan for the user's program (the page closed while it was made) keeps their folder", async () => {
  const dir = await project();
  try {
    const plan = await planForFile(path.join(dir, 'src', 'server.js'), { cwd: dir });
    await discardPlanFolders(plan);
    assert.ok(existsSync(path.join(dir, 'src', 'server.js')), "the user's folder survives");
    assert.ok(!existsSync(plan.snapshotDir), 'the temp snapshot folder is removed');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a run folder outside the runs root is never removed', async () => {
  const dir = await project();
  try {
    await assert.rejects(removeRunFolder(dir), /Refusing to remove/);
    await assert.rejects(removeRunFolder(path.join(os.tmpdir(), 'leaklab-runs', '..', path.basename(dir))), /Refusing to remove/);
    assert.ok(existsSync(path.join(dir, 'config.json')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a server on 'localhost' that binds only ::1 (macOS' resolver order) still gets the load", async () => {
  const dir = await project();
  try {
    const file = path.join(dir, 'src', 'ipv6.js');
    await writeFile(file, `require('node:http').createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT), '::1');`);
    const plan = await planForFile(file, { cwd: dir, heapCapMiB: 128, load: { paths: ['/'], ratePerSec: 100, connections: 2, method: 'GET' } });
    const { events, output, exit } = await runPlan(plan, {
      stopAfterMs: 20_000,
      onEvent: (e, run) => { if (e.type === 'load' && e.requests >= 20) void run.stop('stopped'); },
    });
    assert.equal(exit.reason, 'stopped');
    const requests = Math.max(0, ...events.map((e) => (e.type === 'load' ? e.requests : 0)));
    assert.ok(requests >= 20, `the load reached [::1] (${requests} requests)\n${output}`);
    assert.doesNotMatch(output, /\[not-listening\]/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
