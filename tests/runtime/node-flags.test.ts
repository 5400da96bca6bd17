// The node flags that write files, in a real lesson run under the permission model: each writes
// into the run folder and is listed after the run, and none lets the program write outside it
// (the profilers open the inspector under --allow-inspector: code run through it is held too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { programSpec, runProgram } from './run-program.ts';
import { RUNS_ROOT } from '../../src/project-paths.ts';
import { canAllowInspector } from '../../src/runner/node-args.ts';
import { PlanError, planForProgram } from '../../src/runner/run-plan.ts';
import type { RunEventOf } from '../../src/protocol/run-events.ts';

test('the flags that write files write them into the run folder, where they are listed after Stop, and the program still cannot write outside it', async (t) => {
  if (!canAllowInspector) return t.skip(`Node ${process.version} cannot run the profilers under the permission model`);
  const outside = await mkdtemp(path.join(RUNS_ROOT, 'outside-'));
  try {
    const code = `
      const fs = require('node:fs');
      const inspector = require('node:inspector');
      const outside = ${JSON.stringify(outside)};
      const tryWrite = (how, write) => { try { write(); console.log(how, 'wrote outside'); } catch (err) { console.log(how, 'refused', err.code); } };
      tryWrite('fs', () => fs.writeFileSync(outside + '/by-fs', 'x'));
      tryWrite('report', () => process.report.writeReport(outside + '/report.json'));
      const session = new inspector.Session();
      session.connect();
      session.post('Runtime.evaluate', { expression: 'require("node:fs").writeFileSync(' + JSON.stringify(outside + '/by-inspector') + ', "x")', includeCommandLineAPI: true }, (err, reply) => {
        console.log('inspector', reply?.exceptionDetails ? 'refused' : 'wrote outside');
        process.kill(process.pid, 'SIGUSR2');
        setTimeout(() => console.log('ready'), 1500);
      });
      setInterval(() => {}, 1000);
    `;
    let isStopped = false;
    const run = await runProgram(programSpec(code, { nodeFlags: ['--heap-prof', '--cpu-prof', '--heapsnapshot-signal=SIGUSR2', '--report-on-signal', '--report-compact'] }), {
      onEvent: (e, r) => { if (e.type === 'output' && /ready/.test(e.text) && !isStopped) { isStopped = true; void r.stop('stopped'); } },
    });
    assert.match(run.output, /fs refused ERR_ACCESS_DENIED/);
    assert.match(run.output, /report refused ERR_ACCESS_DENIED/);
    assert.match(run.output, /inspector refused/);
    assert.doesNotMatch(run.output, /wrote outside/);
    const artifacts = run.events.find((e): e is RunEventOf<'artifacts'> => e.type === 'artifacts');
    assert.deepEqual(artifacts?.files.map((f) => f.kind).sort(), ['cpuprofile', 'heapprofile', 'heapsnapshot', 'report'], JSON.stringify(artifacts?.files));
    for (const f of artifacts?.files ?? []) assert.ok(!f.name.includes('/') && f.sizeBytes > 0, `${f.name}: ${f.sizeBytes} bytes`);
    for (const name of ['by-fs', 'report.json', 'by-inspector']) assert.equal(existsSync(path.join(outside, name)), false, `${name} was written outside the run folder`);
  } finally {
    await rm(outside, { recursive: true, force: true });
  }
});

test('a flag off the allow-list never reaches node: the plan is refused and says which flag', async () => {
  await assert.rejects(planForProgram(programSpec('', { nodeFlags: ['--heap-prof-dir=/tmp'] })), (err: Error) => {
    assert.ok(err instanceof PlanError);
    assert.match(err.message, /^The node flag --heap-prof-dir=\/tmp is not on the allow-list/);
    return true;
  });
});

test('without the inspector flag (Node 22) a profiler in a lesson run is refused up front, saying why, rather than writing nothing', async (t) => {
  if (canAllowInspector) return t.skip(`Node ${process.version} has --allow-inspector; run this file on Node 22 to check it`);
  await assert.rejects(planForProgram(programSpec('', { nodeFlags: ['--heap-prof'] })), /--heap-prof cannot run in a lesson on Node v22/);
});
