import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { LoadProfile } from '../../src/protocol/program.ts';
import type { RunEvent } from '../../src/protocol/run-events.ts';
import type { RunProcess } from '../../src/runner/run-process.ts';
import { freePort, planForFile } from '../../src/runner/run-plan.ts';
import { programSpec, runPlan, runProgram, isAlive } from './run-program.ts';

const lightLoad = (): LoadProfile => ({ paths: ['/'], ratePerSec: 50, connections: 1, method: 'GET' });

/** Stops the run once the load has had `count` answers, the evidence that it reached a server. */
function stopAfterRequests(count: number) {
  return (e: RunEvent, run: RunProcess): void => {
    if (e.type === 'load' && e.requests >= count) void run.stop('stopped');
  };
}

function pidOf(events: { type: string }[]): number {
  const started = events.find((e) => e.type === 'started') as { pid: number } | undefined;
  assert.ok(started, 'the run reported started');
  return started.pid;
}

test('a program that throws shows its error and ends the run, leaving no process or folder', async () => {
  const { output, exit, events, run } = await runProgram(programSpec(`setTimeout(() => { throw new TypeError('boom at startup'); }, 300);`));
  assert.equal(exit.reason, 'exited');
  assert.equal(exit.code, 1);
  assert.match(output, /TypeError: boom at startup/);
  assert.ok(!isAlive(pidOf(events)));
  assert.ok(!existsSync(run.plan.dir), 'the run folder is removed');
});

test('a program that exits by itself ends with its exit code', async () => {
  const { exit, output } = await runProgram(programSpec(`console.log('bye'); process.exitCode = 3;`));
  assert.equal(exit.reason, 'exited');
  assert.equal(exit.code, 3);
  assert.match(output, /bye/);
});

test('a program that never listens gets a notice that no load is sent', async () => {
  const spec = programSpec(`setInterval(() => {}, 1000);`, { load: { paths: ['/'], ratePerSec: 50, connections: 1, method: 'GET' } });
  const { output, exit } = await runProgram(spec, { stopAfterMs: 7000 });
  assert.equal(exit.reason, 'stopped');
  assert.match(output, /\[not-listening\].*process\.env\.PORT/);
});

test('a program that blocks the event loop is reported blocked and ended by the wall-time cap', async () => {
  const { output, exit, events } = await runProgram(programSpec(`setTimeout(() => { for (;;) {} }, 500);`), { caps: { wallTimeMs: 6000 } });
  assert.equal(exit.reason, 'wall-time');
  assert.match(output, /\[loop-blocked\] The event loop has been blocked/);
  assert.ok(!isAlive(pidOf(events)));
});

test("a program that fills its heap shows V8's FATAL ERROR and ends with reason heap-cap", async () => {
  const code = `const keep = []; setInterval(() => { for (let i = 0; i < 2000; i++) keep.push({ s: 'x'.repeat(200) + i }); }, 5);`;
  const { output, exit } = await runProgram(programSpec(code, { heapCapMiB: 32 }), { caps: { wallTimeMs: 60_000 } });
  assert.equal(exit.reason, 'heap-cap');
  assert.match(output, /FATAL ERROR: .*(Reached heap limit|heap out of memory)/);
  assert.match(exit.message, /heap limit/);
});

test('a program that keeps Buffers past the off-heap cap is stopped with a reason', async () => {
  const code = `const keep = []; setInterval(() => { const b = Buffer.alloc(8 * 1024 * 1024, 1); keep.push(b); }, 20);`;
  const { exit } = await runProgram(programSpec(code), { caps: { offHeapBytes: 64 * 1024 * 1024, wallTimeMs: 60_000 } });
  assert.equal(exit.reason, 'rss-cap');
  assert.match(exit.message, /outside the V8 heap/);
});

test('a program that prints in a tight loop has its output capped and the drop reported', async () => {
  const code = `setTimeout(function spam() { for (let i = 0; i < 200; i++) console.log('line ' + i + ' ' + 'y'.repeat(80)); setImmediate(spam); }, 100);`;
  const { output, exit, events } = await runProgram(programSpec(code), { stopAfterMs: 4000, caps: { outputBytesPerSec: 32 * 1024, outputTotalBytes: 10 * 1024 * 1024 } });
  const passed = events.filter((e) => e.type === 'output').reduce((n, e) => n + (e as { text: string }).text.length, 0);
  assert.equal(exit.reason, 'stopped');
  assert.ok(passed <= 5 * 32 * 1024, `at most the rate budget passed (${passed} bytes)`);
  assert.match(output, /\[output-dropped\]/);
});

test('a program may not start child processes or write outside its folder', async () => {
  const code = `
    try { require('node:child_process').execSync('id'); console.log('FORKED'); } catch (err) { console.log('fork refused: ' + err.code); }
    try { require('node:fs').writeFileSync('/tmp/leaklab-escape.txt', 'x'); console.log('WROTE'); } catch (err) { console.log('write refused: ' + err.code); }
    require('node:fs').writeFileSync('inside.txt', 'ok'); console.log('wrote inside');`;
  const { output } = await runProgram(programSpec(code));
  assert.match(output, /fork refused: ERR_ACCESS_DENIED/);
  assert.match(output, /write refused: ERR_ACCESS_DENIED/);
  assert.match(output, /wrote inside/);
  assert.doesNotMatch(output, /FORKED|WROTE/);
});

test('a snapshot is refused with a reason when the heap is too close to its cap', async () => {
  const code = `globalThis.keep = []; for (let i = 0; i < 150000; i++) keep.push({ s: 'z'.repeat(60) + i }); setInterval(() => {}, 1000); console.log('filled');`;
  let reason = '';
  await runProgram(programSpec(code, { heapCapMiB: 64 }), {
    stopAfterMs: 8000,
    onEvent: (e, run) => {
      if (e.type === 'output' && e.text.includes('filled')) setTimeout(() => run.requestSnapshot(), 500);
      if (e.type === 'snapshot-failed') { reason = e.reason; void run.stop('stopped'); }
    },
  });
  assert.match(reason, /needs about as much again/);
});

test('a program that hits a permission it lacks gets a clear message in the terminal', async () => {
  const { output, exit } = await runProgram(programSpec(`require('node:fs').writeFileSync('/tmp/leaklab-escape.txt', 'x');`));
  assert.equal(exit.reason, 'exited');
  assert.match(output, /\[permission-denied\] The program tried something this lesson does not allow \(FileSystemWrite\)/);
});

test('a program posting fake probe messages cannot name a snapshot file or flood the chart', async () => {
  const code = `
    setInterval(() => {
      process.send({ type: 'snapshot-written', requestId: 's1', file: '/etc/passwd', sizeBytes: 10, atMs: 1, heapUsedBytes: 1 });
      for (let i = 0; i < 50; i++) process.send({ type: 'sample', activeHandles: 0, sample: { atMs: 1, heapUsedBytes: 1, heapTotalBytes: 1, rssBytes: 1, externalBytes: 1, arrayBuffersBytes: 1 } });
    }, 100);`;
  const { events, run } = await runProgram(programSpec(code), {
    stopAfterMs: 3000,
    onEvent: (e, r) => { if (e.type === 'started') r.requestSnapshot(); },
  });
  const ready = events.filter((e) => e.type === 'snapshot-ready');
  assert.equal(ready.length, 1, 'only the real snapshot is announced');
  assert.ok([...run.snapshots.values()].every((s) => s.file.startsWith(run.plan.snapshotDir)));
  const samples = events.filter((e) => e.type === 'sample').length;
  assert.ok(samples <= 3 * 20 + 5, `samples capped at 20/s (${samples} in 3 s)`);
});

test("the user's own program that listens on a fixed port, not on PORT, gets the load there", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'leaklab-fixed-port-'));
  try {
    // The port comes in argv, as a real app's config would; the program never reads PORT.
    const file = path.join(dir, 'server.mjs');
    await writeFile(file, `import { createServer } from 'node:http';
      const cache = new Map();
      createServer((req, res) => { cache.set(Math.random(), 'x'.repeat(100)); res.end('ok'); }).listen(Number(process.argv[2]));`);
    const fixedPort = await freePort();
    const plan = await planForFile(file, { args: [String(fixedPort)], heapCapMiB: 128, load: lightLoad() });
    const { events, output, exit } = await runPlan(plan, { stopAfterMs: 20_000, onEvent: stopAfterRequests(20) });
    assert.equal(exit.reason, 'stopped');
    const requests = Math.max(0, ...events.map((e) => (e.type === 'load' ? e.requests : 0)));
    assert.ok(requests >= 20, `the load reached the program (${requests} requests)\n${output}`);
    assert.match(output, new RegExp(`\\[load-redirected\\] The program listens on port ${fixedPort}, not on process\\.env\\.PORT \\(\\d+\\): the load goes to ${fixedPort}\\.`));
    assert.doesNotMatch(output, /\[not-listening\]/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a lesson program that forges a listening report cannot aim the load at another local port', async () => {
  // A decoy on this machine stands in for what a lesson must never reach (the Leak Lab server).
  let decoyHits = 0;
  const decoy: Server = createServer((req, res) => { decoyHits++; res.end('decoy'); });
  await new Promise<void>((resolve) => decoy.listen(0, '127.0.0.1', resolve));
  const decoyPort = (decoy.address() as { port: number }).port;
  try {
    // The forged report comes first; the real server on PORT only after the load driver is polling.
    const code = `
      process.send({ type: 'listening', port: ${decoyPort} });
      setTimeout(() => require('node:http').createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT)), 1500);`;
    const { events, output, exit } = await runProgram(programSpec(code, { load: lightLoad() }), { stopAfterMs: 20_000, onEvent: stopAfterRequests(20) });
    assert.equal(exit.reason, 'stopped');
    const requests = Math.max(0, ...events.map((e) => (e.type === 'load' ? e.requests : 0)));
    assert.ok(requests >= 20, `the load reached the program on PORT (${requests} requests)\n${output}`);
    assert.equal(decoyHits, 0, 'the decoy got no requests');
    assert.doesNotMatch(output, /\[load-redirected\]/);
  } finally {
    await new Promise((resolve) => decoy.close(resolve));
  }
});
