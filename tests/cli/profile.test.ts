import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceMapGenerator } from 'source-map-js';
import { scratchDir } from '../analyzer/helpers/fixture-snapshots.ts';
import type { ProfileDiffResult, ProfileSitesResult } from '../../src/protocol/allocation-results.ts';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'leaklab.js');
const scratch = scratchDir('cli-profile');

// V8's profiler records the function of each physical frame: a helper inlined into its caller
// shows as the caller. These programs run with inlining off so that the helper's frame is the
// one that allocates, as it is before the code gets hot (the README says so too).
const NO_INLINING = ['--no-turbo-inlining', '--no-maglev-inlining'];

function leaklab(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { timeout: 60_000, maxBuffer: 64 << 20, cwd: scratch }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** A program whose leak is behind a helper in a second file: a cache module that is never pruned. */
function writeLeakyProgram(dir: string): { cacheFile: string; line: number; column: number } {
  mkdirSync(dir, { recursive: true });
  const cache = `'use strict';
// A module-level cache that is never pruned: the leak.
const entries = [];
exports.remember = function remember(id) {
  entries.push({ id, tags: new Array(32).fill(id), at: Date.now() });
  return entries.length;
};
`;
  writeFileSync(join(dir, 'cache.cjs'), cache);
  writeFileSync(join(dir, 'server.cjs'), `'use strict';
const { remember } = require('./cache.cjs');
function handle(request) { return remember(request); }
function tick(round) {
  for (let i = 0; i < 200; i++) handle(round * 200 + i);
  if (round < 40) setImmediate(tick, round + 1);
}
tick(0);
globalThis.keep = handle; // the handler stays alive, so its script keeps its name
`);
  const lines = cache.split('\n');
  const line = lines.findIndex((l) => l.includes('function remember')) + 1;
  // V8 places a function at the opening parenthesis of its parameters.
  return { cacheFile: join(dir, 'cache.cjs'), line, column: lines[line - 1].indexOf('(', lines[line - 1].indexOf('function remember')) + 1 };
}

test('the top site of a node --heap-prof profile is the helper in the second file, by file and line', async () => {
  const dir = join(scratch, 'heap-prof');
  const { line, column } = writeLeakyProgram(dir);
  execFileSync(process.execPath, ['--heap-prof', '--heap-prof-interval=2048', `--heap-prof-dir=${dir}`, ...NO_INLINING, join(dir, 'server.cjs')], { timeout: 60_000 });
  const [file] = readdirSync(dir).filter((name) => name.endsWith('.heapprofile'));
  const json = await leaklab('profile', join(dir, file), '--json', '--top', '3');
  assert.equal(json.code, 0, json.stderr);
  const result = JSON.parse(json.stdout) as ProfileSitesResult;
  const [top] = result.sites;
  assert.deepEqual(top.stack.map((f) => [f.url.split('/').pop(), f.line, f.functionName]).slice(0, 2), [['cache.cjs', line, 'remember'], ['server.cjs', 3, 'handle']]);
  assert.equal(top.stack[0].column, column);
  // 8,000 entries of about 400 bytes each are alive: most of what was sampled.
  assert.ok(top.selfBytes > 0.5 * result.totalBytes, `${top.selfBytes} of ${result.totalBytes}`);
  // Gzipped, as profiles are often shipped: the same answer.
  const { gzipSync } = await import('node:zlib');
  const { readFileSync } = await import('node:fs');
  writeFileSync(join(dir, `${file}.gz`), gzipSync(readFileSync(join(dir, file))));
  const gz = await leaklab('profile', join(dir, `${file}.gz`), '--json', '--top', '3');
  assert.deepEqual(JSON.parse(gz.stdout), result);
  const text = await leaklab('profile', join(dir, file), '--top', '3');
  assert.equal(text.code, 0);
  assert.match(text.stdout, new RegExp(`^ +[\\d.]+ [kM]B self +[\\d.]+ [kM]B total +\\d+ samples +heap-prof/cache\\.cjs:${line}:${column} remember\\n +← heap-prof/server\\.cjs:3:`, 'm'));
});

test('two profiles taken a while apart in one process show the leak\'s call path growing', async () => {
  const dir = join(scratch, 'inspector');
  const { line } = writeLeakyProgram(dir);
  // The inspector's HeapProfiler.getSamplingProfile, twice: before and after more requests.
  writeFileSync(join(dir, 'two-profiles.cjs'), `'use strict';
const inspector = require('node:inspector');
const fs = require('node:fs');
const { remember } = require('./cache.cjs');
const session = new inspector.Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
function handle(request) { return remember(request); }
globalThis.keep = handle;
(async () => {
  await post('HeapProfiler.startSampling', { samplingInterval: 2048 });
  for (let i = 0; i < 1000; i++) handle(i);
  fs.writeFileSync(process.argv[2], JSON.stringify(await post('HeapProfiler.getSamplingProfile')));
  for (let i = 0; i < 8000; i++) handle(i);
  fs.writeFileSync(process.argv[3], JSON.stringify(await post('HeapProfiler.getSamplingProfile')));
  await post('HeapProfiler.stopSampling');
  session.disconnect();
})();
`);
  const [before, after] = [join(dir, 'before.heapprofile'), join(dir, 'after.heapprofile')];
  execFileSync(process.execPath, [...NO_INLINING, join(dir, 'two-profiles.cjs'), before, after], { timeout: 60_000 });
  const json = await leaklab('profile', before, after, '--json');
  assert.equal(json.code, 0, json.stderr);
  const result = JSON.parse(json.stdout) as ProfileDiffResult;
  const [top] = result.sites;
  assert.deepEqual([top.stack[0].functionName, top.stack[0].url.split('/').pop(), top.stack[0].line], ['remember', 'cache.cjs', line]);
  assert.ok(top.bytesDelta > 0.5 * (result.totalBytesAfter - result.totalBytesBefore), JSON.stringify(top));
  const text = await leaklab('profile', before, after);
  assert.match(text.stdout, /^Live sampled memory: .* → .* \(\+[\d.]+ [kM]B\)\./);
  assert.match(text.stdout, new RegExp(`^ +\\+[\\d.]+ [kM]B .* inspector/cache\\.cjs:${line}:\\d+ remember$`, 'm'));
});

test('a bundled script\'s source map, beside it or inline, is followed to the file the user wrote', async () => {
  const dir = join(scratch, 'bundle');
  mkdirSync(dir, { recursive: true });
  // A "bundle": one file with the cache inlined, and a map back to src/cache.ts, beside it.
  const generated = [
    "'use strict';",
    'const entries = [];',
    'const remember = function remember(id) { entries.push({ id, tags: new Array(32).fill(id) }); return entries.length; };',
    'function tick(round) { for (let i = 0; i < 200; i++) remember(round * 200 + i); if (round < 40) setImmediate(tick, round + 1); }',
    'tick(0);',
    'globalThis.keep = remember;',
    '//# sourceMappingURL=bundle.cjs.map',
  ];
  const map = new SourceMapGenerator({ file: 'bundle.cjs' });
  map.addMapping({ generated: { line: 3, column: generated[2].indexOf('function remember') }, original: { line: 14, column: 7 }, source: 'src/cache.ts', name: 'rememberOrder' });
  map.addMapping({ generated: { line: 4, column: 0 }, original: { line: 3, column: 0 }, source: 'src/server.ts', name: 'tick' });
  writeFileSync(join(dir, 'bundle.cjs'), `${generated.join('\n')}\n`);
  writeFileSync(join(dir, 'bundle.cjs.map'), map.toString());
  // The same bundle with its map inline, as a data: URL.
  const inline = join(dir, 'inline', 'bundle.cjs');
  mkdirSync(dirname(inline), { recursive: true });
  writeFileSync(inline, `${generated.slice(0, -1).join('\n')}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(map.toString()).toString('base64')}\n`);
  for (const script of [join(dir, 'bundle.cjs'), inline]) {
    const out = join(dirname(script), 'profiles');
    execFileSync(process.execPath, ['--heap-prof', '--heap-prof-interval=2048', `--heap-prof-dir=${out}`, ...NO_INLINING, script], { timeout: 60_000 });
    const [file] = readdirSync(out).filter((name) => name.endsWith('.heapprofile'));
    const result = JSON.parse((await leaklab('profile', join(out, file), '--json')).stdout) as ProfileSitesResult;
    const [top] = result.sites;
    assert.deepEqual(top.stack[0], {
      functionName: 'rememberOrder', url: `file://${join(dirname(script), 'src', 'cache.ts')}`, line: 14, column: 8, origin: 'app',
      generated: { url: script, line: 3, column: generated[2].indexOf('(id)') + 1 },
    }, script);
  }
});

test('bad usage exits 2; a foreign or cut file exits 1 naming the file and what is wrong', async () => {
  const usage = await leaklab('profile');
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /^leaklab: profile takes one or two \.heapprofile files, got 0\.\n\nusage: leaklab profile/);
  assert.equal((await leaklab('profile', 'a', 'b', 'c')).code, 2);
  assert.equal((await leaklab('profile', 'a', '--top', '0')).code, 2);
  const snapshot = join(scratch, 'not-a-profile.heapsnapshot');
  writeFileSync(snapshot, JSON.stringify({ snapshot: { meta: {} }, nodes: [], edges: [], strings: [] }));
  const foreign = await leaklab('profile', snapshot);
  assert.equal(foreign.code, 1);
  assert.equal(foreign.stderr, `leaklab: cannot read ${snapshot}: The file is a heap snapshot, not a sampling heap profile: open it with \`leaklab summary\`.\n`);
  const text = JSON.stringify({ head: { callFrame: { functionName: '(root)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 }, selfSize: 0, id: 1, children: [] }, samples: [] });
  const cut = join(scratch, 'cut.heapprofile');
  writeFileSync(cut, text.slice(0, 100));
  const broken = await leaklab('profile', cut);
  assert.equal(broken.code, 1);
  assert.equal(broken.stderr, `leaklab: cannot read ${cut}: The profile ends after 100 bytes, before its JSON does: the file is cut short. Copy it again in full, or record the profile again (node --heap-prof writes it when the process exits). (at byte 100)\n`);
  const missing = await leaklab('profile', join(scratch, 'nope.heapprofile'));
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no such file/);
});
