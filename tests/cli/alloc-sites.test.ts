import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRunReport, type AllocationSitesReport } from '../../src/protocol/run-report.ts';
import { scratchDir } from '../analyzer/helpers/fixture-snapshots.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'leaklab.js');
const scratch = scratchDir('cli-alloc-sites');

function leaklab(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { timeout: 120_000, maxBuffer: 64 << 20, cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

async function runSites(...args: string[]): Promise<Extract<AllocationSitesReport, { sites: unknown }>> {
  const result = await leaklab('run', ...args, '--json');
  assert.equal(result.code, 0, result.stderr);
  const report = parseRunReport(result.stdout);
  assert.ok(report.ok, report.ok ? '' : report.problem);
  const sites = report.value.allocationSites;
  assert.ok(sites, 'the report has allocation sites');
  assert.ok(!('missingReason' in sites), 'missingReason' in sites ? sites.missingReason : '');
  return sites;
}

/** The 1-based line of the only line of `file` that holds `text`. */
function lineOf(file: string, text: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const found = lines.flatMap((line, k) => (line.includes(text) ? [k + 1] : []));
  assert.equal(found.length, 1, `${JSON.stringify(text)} is on one line of ${file}, found ${found.length}`);
  return found[0];
}

// V8 records the function of each frame, at the line where the function starts, not the line
// of each allocation (README, "Where the memory was allocated"). So each case names the line
// that makes the objects the leak keeps, and the function that line is in: the top growing site
// must run through that function, in the lesson's leaky.js as the CLI names it. (In 08 the
// await inside loadUser cuts the stack: the handler that caches the profile is not on it.)
const LESSONS = [
  { lesson: '01-global-variables', allocates: 'auditLog.push(new AuditRecord(', inFunction: 'http.createServer((req, res) =>' },
  { lesson: '07-closures', allocates: 'const table = new PriceTable(served);', inFunction: 'function reloadPrices()' },
  { lesson: '08-unbounded-cache', allocates: 'return new UserProfile(id);', inFunction: 'async function loadUser(id)' },
  { lesson: '13-allocation-profiling', allocates: 'return compile(`<h1>Hello ${user.name}', inFunction: 'function renderGreeting(user)' },
];

for (const { lesson, allocates, inFunction } of LESSONS) {
  test(`lesson ${lesson}: the top growing allocation site runs through the function whose line makes the leaked objects, and nothing grows past noise in fixed.js`, async () => {
    const file = join(root, 'lessons', lesson, 'leaky.js');
    const fnLine = lineOf(file, inFunction);
    const leakLine = lineOf(file, allocates);
    assert.ok(fnLine < leakLine, 'the function starts before the line');
    const leaky = await runSites(join('lessons', lesson), '--seconds', '10');
    const [top] = leaky.sites;
    assert.ok(top?.isAboveNoise, `a site grew past noise: ${JSON.stringify(leaky.sites.slice(0, 2))}`);
    const shown = top.stack.map((f) => `${f.url}:${f.line} ${f.functionName}`);
    assert.ok(top.stack.some((f) => f.url === join('lessons', lesson, 'leaky.js') && f.line === fnLine), `line ${fnLine} of leaky.js in ${shown.join(' <- ')}`);
    assert.match(top.site, /^lessons\/[\w-]+\/leaky\.js:\d+:\d+ /);
    // Most of the floor's growth: a lesson's leak keeps about 2 kB a request, the site holds most of it.
    assert.ok(top.bytesPerRequest !== null && top.bytesPerRequest > 1000, `${top.bytesPerRequest} bytes per request`);
    const fixed = await runSites(join('lessons', lesson), '--variant', 'fixed', '--seconds', '10');
    const growing = fixed.sites.filter((s) => s.isAboveNoise);
    assert.deepEqual(growing.map((s) => s.site), [], 'no site of fixed.js grows past noise');
  });
}

test('a leak behind a helper in a second file of your own program names that file and line, printed as file:line:column function', async () => {
  const dir = join(scratch, 'helper');
  mkdirSync(dir, { recursive: true });
  const helper = `'use strict';
const { randomBytes } = require('node:crypto');
// The leak: a module-level list that is never pruned, of 2 kB a request.
const seen = [];
exports.remember = function remember(url) {
  seen.push({ url, body: randomBytes(1024).toString('hex') });
  return seen.length;
};
`;
  writeFileSync(join(dir, 'remember.cjs'), helper);
  writeFileSync(join(dir, 'server.cjs'), `'use strict';
const http = require('node:http');
const { remember } = require('./remember.cjs');
http.createServer((req, res) => res.end(String(remember(req.url)))).listen(Number(process.env.PORT));
`);
  const line = lineOf(join(dir, 'remember.cjs'), 'function remember(');
  const sites = await runSites(join(dir, 'server.cjs'), '--path', '/a', '--alloc-sites', '--seconds', '8');
  const [top] = sites.sites;
  assert.ok(top?.isAboveNoise);
  // Once the handler is hot, TurboFan may inline remember() into it and its frame is gone from
  // new samples; the objects made before that still name it, and the path through it grows.
  const through = sites.sites.filter((s) => s.isAboveNoise && s.stack.some((f) => f.url.endsWith('remember.cjs') && f.line === line));
  assert.ok(through.length > 0, `remember.cjs:${line} in ${sites.sites.map((s) => s.site).join(', ')}`);
  const text = await leaklab('run', join(dir, 'server.cjs'), '--path', '/a', '--alloc-sites', '--seconds', '6');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /Allocation sites whose live memory grew/);
  assert.match(text.stdout, new RegExp(`remember\\.cjs:${line}:\\d+ remember`));
});

test('a TypeScript program run with type stripping keeps its line numbers in the sites', async () => {
  const dir = join(scratch, 'typescript');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'server.ts'), `import http from 'node:http';
import { randomBytes } from 'node:crypto';
interface Entry {
  url: string;
  body: string;
}
type Log = Entry[];
const log: Log = [];
function keep(url: string): number {
  log.push({ url, body: randomBytes(1024).toString('hex') } satisfies Entry);
  return log.length;
}
http.createServer((req: http.IncomingMessage, res: http.ServerResponse) => res.end(String(keep(req.url ?? '')))).listen(Number(process.env.PORT));
`);
  const line = lineOf(join(dir, 'server.ts'), 'function keep(');
  const sites = await runSites(join(dir, 'server.ts'), '--path', '/t', '--alloc-sites', '--seconds', '8');
  const top = sites.sites.find((s) => s.isAboveNoise);
  assert.ok(top, 'a site grew');
  assert.ok(sites.sites.some((s) => s.isAboveNoise && s.stack.some((f) => f.url.endsWith('server.ts') && f.line === line)), `server.ts:${line} in ${sites.sites.map((s) => s.site).join(', ')}`);
});

test('--no-alloc-sites leaves them out of a lesson run', async () => {
  const off = await leaklab('run', join('lessons', '01-global-variables'), '--no-alloc-sites', '--seconds', '3', '--json');
  assert.equal(off.code, 0, off.stderr);
  const report = parseRunReport(off.stdout);
  assert.ok(report.ok);
  assert.equal(report.value.allocationSites, undefined);
});
