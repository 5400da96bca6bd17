import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/project-paths.ts';
import { parseRunReport, type RunReport } from '../../src/protocol/run-report.ts';

// `leaklab run app.js --diff --fail-on-leak`: the leak check a team puts in its own CI.
const LEAKLAB = path.join(PROJECT_ROOT, 'bin', 'leaklab.js');
const LEAKY_APP = path.join(PROJECT_ROOT, 'tests/fixtures/leak-check/order-service.js');
const HEALTHY_APP = path.join(PROJECT_ROOT, 'tests/fixtures/false-alarm/json-churn.js');
const TYPESCRIPT_APP = path.join(PROJECT_ROOT, 'tests/fixtures/leak-check/session-service.ts');
const POST_APP = path.join(PROJECT_ROOT, 'tests/fixtures/leak-check/post-orders.js');

function leakCheck(app: string, request: string[] = ['--path', '/']): Promise<{ code: number; json: RunReport; stderr: string }> {
  return new Promise((resolve, reject) => {
    // --fail-on-leak runs until the verdict is decided: 10 s at least, 60 s at most here.
    execFile(process.execPath, [LEAKLAB, 'run', app, ...request, '--rate', '200', '--seconds', '10', '--max-seconds', '60', '--diff', '--fail-on-leak', '--json'],
      { timeout: 150_000 }, (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') return reject(err);
        const report = parseRunReport(stdout);
        if (!report.ok) return reject(new Error(`no report on stdout (${report.problem}): ${stdout}\n${stderr}`));
        resolve({ code: err ? (err.code as number) : 0, json: report.value, stderr });
      });
  });
}

test('a leaking service fails the check and its leaking class comes first among its own classes', async () => {
  const { code, json, stderr } = await leakCheck(LEAKY_APP);
  const ownClasses = [...readFileSync(LEAKY_APP, 'utf8').matchAll(/^class (\w+)/gm)].map((m) => m[1]);
  const { diff } = json;
  assert.ok(diff, `the comparison is in the output (${stderr})`);
  const ranked = diff.classes.filter((c) => ownClasses.includes(c.name));
  assert.equal(ranked[0]?.name, 'Order', `ranking of own classes: ${ranked.map((c) => c.name).join(', ')}`);
  assert.ok(ranked[0].countDelta > 100, `Order count grew (${ranked[0].countDelta})`);
  assert.equal(json.verdict, 'leaking');
  assert.equal(code, 1, 'exit code 1 fails the CI job');
});

test('a service that allocates a lot but keeps nothing passes the check', async () => {
  const { code, json, stderr } = await leakCheck(HEALTHY_APP);
  // Until decided: a healthy service is passed as flat, not as "not leaking yet".
  assert.equal(json.verdict, 'flat', `${json.reason}\n${stderr}`);
  assert.equal(code, 0);
  assert.ok(json.diff, 'the comparison is still reported');
});

test('a TypeScript service runs as it is, and its leak is found', async () => {
  const { code, json, stderr } = await leakCheck(TYPESCRIPT_APP);
  const { diff } = json;
  assert.ok(diff, `the comparison is in the output (${stderr})`);
  const session = diff.classes.find((c) => c.name === 'Session');
  assert.ok(session && session.countDelta > 100, `Session count grew (${session?.countDelta})`);
  assert.equal(json.verdict, 'leaking');
  assert.equal(code, 1);
});

test('a leak behind an authorised JSON POST is found with --body and --header', async () => {
  const { json, stderr } = await leakCheck(POST_APP, ['--path', '/orders', '--body', '{"item":"book","qty":2}', '--header', 'Authorization: Bearer test-token']);
  assert.ok(json.requests > 500, `requests answered: ${json.requests} (${stderr})`);
  assert.equal(json.loadErrors, 0);
  assert.equal(json.verdict, 'leaking', json.reason);
});
