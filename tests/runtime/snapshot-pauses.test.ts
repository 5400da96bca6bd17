import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { runHeadless } from '../../src/runner/headless-session.ts';
import { planForProgram } from '../../src/runner/run-plan.ts';
import type { RunEvent } from '../../src/protocol/run-events.ts';
import { programSpec, runProgram } from './run-program.ts';

// V8 pauses the whole program while it writes a heap snapshot: seconds, for a big heap. The
// runner must not mistake that for a blocked event loop, and the CLI's last snapshot must still
// be taken when time runs out during an earlier one.

/** A server holding ~600k small objects (its handler uses them, so they stay): snapshots of ~100 MB take seconds. */
const BIG_HEAP = `
  const keep = [];
  for (let i = 0; i < 600000; i++) keep.push({ i, s: 'v' + i });
  require('node:http').createServer((req, res) => res.end(String(keep.length))).listen(Number(process.env.PORT));`;

test('time running out while the first snapshot is written still gets the last one, and no false loop alarm', async () => {
  const plan = await planForProgram(programSpec(BIG_HEAP, { heapCapMiB: 512 }));
  const notices: string[] = [];
  const result = await runHeadless(plan, {
    seconds: 2,
    snapshotAtMs: [300],
    finalSnapshot: true,
    onEvent: (e: RunEvent) => { if (e.type === 'notice') notices.push(`[${e.code}] ${e.text}`); },
  });
  try {
    assert.equal(result.snapshots.length, 2, `both snapshots were written (failures: ${result.snapshotFailures.join('; ')})\n${notices.join('\n')}`);
    assert.ok(!notices.some((n) => n.startsWith('[loop-blocked]')), `no blocked-loop alarm while V8 writes:\n${notices.join('\n')}`);
  } finally {
    await rm(plan.dir, { recursive: true, force: true });
  }
});

test('a snapshot asked of a program whose loop is blocked fails at once, saying why', async () => {
  let askedAt = 0;
  let answer: Extract<RunEvent, { type: 'snapshot-failed' | 'snapshot-ready' }> | undefined;
  let answeredAt = 0;
  const code = "setTimeout(() => { for (;;) {} }, 500); setInterval(() => {}, 1000);";
  const { exit } = await runProgram(programSpec(code), {
    stopAfterMs: 15_000,
    onEvent: (e, run) => {
      if (e.type === 'notice' && e.code === 'loop-blocked' && !askedAt) { askedAt = Date.now(); run.requestSnapshot(); }
      if ((e.type === 'snapshot-failed' || e.type === 'snapshot-ready') && !answer) { answer = e; answeredAt = Date.now(); void run.stop('stopped'); }
    },
  });
  assert.equal(exit.reason, 'stopped');
  assert.ok(answer, 'the snapshot request was answered');
  assert.equal(answer.type, 'snapshot-failed');
  assert.match(answer.type === 'snapshot-failed' ? answer.reason : '', /event loop is blocked/);
  assert.ok(answeredAt - askedAt < 1000, `answered in ${answeredAt - askedAt} ms`);
});
