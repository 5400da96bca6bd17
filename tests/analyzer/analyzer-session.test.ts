import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openAsBlob, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureSnapshots } from './helpers/fixture-snapshots.ts';
import { AnalyzerSession } from '../../src/worker/analyzer-session.ts';
import { parseAnalyzerReply, type AnalyzerReply, type AnalyzerRequest } from '../../src/protocol/analyzer-messages.ts';

const dir = fixtureSnapshots('grow-and-churn.cjs');

/** One request the way the page sends it: through the worker's parse, every reply through the page's. */
async function ask(session: AnalyzerSession, request: AnalyzerRequest): Promise<AnalyzerReply[]> {
  const replies: AnalyzerReply[] = [];
  await session.receive(request, (reply) => {
    const parsed = parseAnalyzerReply(reply);
    assert.ok(parsed.ok, `the page reads the ${reply.type} reply: ${parsed.ok ? '' : parsed.problem}`);
    replies.push(parsed.value);
  });
  return replies;
}

test('the worker session opens snapshots from a File and from transferred buffers, then answers by id', async () => {
  const session = new AnalyzerSession();
  const opened = await ask(session, { type: 'open-snapshot', requestId: 1, snapshotId: 'a', source: await openAsBlob(join(dir, 'a.heapsnapshot')) });
  const last = opened[opened.length - 1];
  assert.equal(last.type, 'snapshot-opened');
  assert.ok(opened.some((r) => r.type === 'progress' && r.phase === 'dominators'), 'progress is posted before the result');
  const bytes = readFileSync(join(dir, 'b.heapsnapshot'));
  const half = bytes.length >> 1;
  const buffers = [bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + half), bytes.buffer.slice(bytes.byteOffset + half, bytes.byteOffset + bytes.length)];
  assert.equal((await ask(session, { type: 'open-snapshot', requestId: 2, snapshotId: 'b', source: buffers })).at(-1)?.type, 'snapshot-opened');

  const [summary] = await ask(session, { type: 'summary', requestId: 3, snapshotId: 'b', top: 500 });
  assert.ok(summary.type === 'summary-result' && summary.requestId === 3);
  assert.equal(summary.result.classes.find((c) => c.name === 'User')?.count, 10_000);

  const [diff] = await ask(session, { type: 'diff', requestId: 4, beforeId: 'a', afterId: 'b' });
  assert.ok(diff.type === 'diff-result');
  assert.equal(diff.result.classes.find((c) => c.name === 'Churn')?.countDelta, 0);

  const [kept] = await ask(session, { type: 'survivors', requestId: 6, firstId: 'a', secondId: 'b', thirdId: 'b' });
  assert.ok(kept.type === 'survivors-result' && kept.result.matching === 'by-id', JSON.stringify(kept).slice(0, 200));
  const [collections] = await ask(session, { type: 'growing-collections', requestId: 7, snapshotIds: ['a', 'b'] });
  assert.ok(collections.type === 'collections-result' && collections.result.length > 0, 'the users Map grew');

  const [paths] = await ask(session, { type: 'retainer-paths', requestId: 5, snapshotId: 'b', className: 'Foo', maxPaths: 1 });
  assert.ok(paths.type === 'retainer-paths-result');
  assert.match(paths.result.paths[0].text, /ledgerBook/);
  // Results are plain data: they survive structured cloning unchanged.
  assert.deepEqual(structuredClone(paths.result), paths.result);
});

test('the worker session opens a gzipped snapshot, from a File or from buffers, as the plain one', async () => {
  const { gzipSync } = await import('node:zlib');
  const session = new AnalyzerSession();
  const plain = readFileSync(join(dir, 'b.heapsnapshot'));
  const packed = gzipSync(plain);
  const buffer = packed.buffer.slice(packed.byteOffset, packed.byteOffset + packed.length);
  assert.equal((await ask(session, { type: 'open-snapshot', requestId: 1, snapshotId: 'plain', source: [plain.buffer.slice(plain.byteOffset, plain.byteOffset + plain.length)] })).at(-1)?.type, 'snapshot-opened');
  assert.equal((await ask(session, { type: 'open-snapshot', requestId: 2, snapshotId: 'file', source: new Blob([packed]) })).at(-1)?.type, 'snapshot-opened');
  assert.equal((await ask(session, { type: 'open-snapshot', requestId: 3, snapshotId: 'buffers', source: [buffer] })).at(-1)?.type, 'snapshot-opened');
  const summaries = [];
  for (const snapshotId of ['plain', 'file', 'buffers']) {
    const [reply] = await ask(session, { type: 'summary', requestId: 4, snapshotId, top: 100 });
    assert.ok(reply.type === 'summary-result');
    summaries.push(reply.result);
  }
  assert.deepEqual(summaries[1], summaries[0]);
  assert.deepEqual(summaries[2], summaries[0]);
  const cut = await ask(session, { type: 'open-snapshot', requestId: 5, snapshotId: 'cut', source: new Blob([packed.subarray(0, packed.length >> 1)]) });
  const failed = cut.at(-1);
  assert.ok(failed?.type === 'failed' && /does not decompress/.test(failed.message), JSON.stringify(failed));
});

test('the worker session answers failures with a failed message instead of throwing', async () => {
  const session = new AnalyzerSession();
  const [unknown] = await ask(session, { type: 'summary', requestId: 9, snapshotId: 'nope' });
  assert.deepEqual(unknown.type === 'failed' && [unknown.requestId, unknown.code], [9, 'unknown-snapshot']);
  const cut = readFileSync(join(dir, 'a.heapsnapshot')).subarray(0, 5000);
  const replies = await ask(session, { type: 'open-snapshot', requestId: 10, snapshotId: 'cut', source: new Blob([cut]) });
  const failed = replies.at(-1);
  assert.ok(failed?.type === 'failed');
  assert.equal(failed.code, 'truncated');
  assert.equal(failed.byteOffset, 5000);
});

test('the worker session opens sampling heap profiles, plain or gzipped, and answers sites, tree and diff', async () => {
  const { gzipSync } = await import('node:zlib');
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync } = await import('node:fs');
  const { scratchDir } = await import('./helpers/fixture-snapshots.ts');
  const { parseHeapProfile } = await import('../../src/analyzer/profile/heap-profile.ts');
  const { profileSites } = await import('../../src/analyzer/profile/profile-sites.ts');
  const dir = mkdtempSync(join(scratchDir('session-profile'), 'run-'));
  execFileSync(process.execPath, ['--heap-prof', `--heap-prof-dir=${dir}`, '--heap-prof-interval=4096', '-e', 'globalThis.keep = Array.from({ length: 20000 }, (_, i) => ({ i, s: "x" + i }));'], { timeout: 30_000 });
  const { readdirSync } = await import('node:fs');
  const text = readFileSync(join(dir, readdirSync(dir)[0]));
  const session = new AnalyzerSession();
  const opened = await ask(session, { type: 'open-profile', requestId: 1, profileId: 'p', source: new Blob([text]) });
  const info = opened.at(-1);
  assert.ok(info?.type === 'profile-opened', JSON.stringify(info));
  assert.equal(info.info.fileBytes, text.length);
  const packed = gzipSync(text);
  assert.equal((await ask(session, { type: 'open-profile', requestId: 2, profileId: 'gz', source: [packed.buffer.slice(packed.byteOffset, packed.byteOffset + packed.length)] })).at(-1)?.type, 'profile-opened');
  const expected = profileSites(parseHeapProfile(text.toString('utf8')), { top: 5 });
  for (const profileId of ['p', 'gz']) {
    const [sites] = await ask(session, { type: 'profile-sites', requestId: 3, profileId, top: 5 });
    assert.ok(sites.type === 'profile-sites-result');
    assert.deepEqual(sites.result, expected);
    assert.equal(info.info.totalBytes, expected.totalBytes);
  }
  const [tree] = await ask(session, { type: 'profile-tree', requestId: 4, profileId: 'p' });
  assert.ok(tree.type === 'profile-tree-result' && tree.result.totalBytes === expected.totalBytes);
  const [diff] = await ask(session, { type: 'profile-diff', requestId: 5, beforeId: 'p', afterId: 'gz' });
  assert.ok(diff.type === 'profile-diff-result');
  assert.deepEqual(diff.result.sites, [], 'a profile compared with itself grew nowhere');
  const [growth] = await ask(session, { type: 'profile-growth-tree', requestId: 8, beforeId: 'p', afterId: 'gz' });
  assert.ok(growth.type === 'profile-growth-tree-result' && growth.result.children.length === 0, 'and its growth tree is empty');
  const [cut] = await ask(session, { type: 'open-profile', requestId: 6, profileId: 'cut', source: new Blob([text.subarray(0, 100)]) });
  assert.ok(cut.type === 'failed' && cut.code === 'truncated', JSON.stringify(cut));
  const [unknown] = await ask(session, { type: 'profile-sites', requestId: 7, profileId: 'nope' });
  assert.ok(unknown.type === 'failed' && /No open profile "nope"/.test(unknown.message));
});

test('the worker session answers a class\'s allocation stacks, all live ones or those new since another snapshot', async () => {
  const tracked = join(fixtureSnapshots('tracked-allocations.cjs', process.execPath, ['--track-heap-objects', '--no-turbo-inlining', '--no-maglev-inlining']), 'tracked.heapsnapshot');
  const session = new AnalyzerSession();
  await ask(session, { type: 'open-snapshot', requestId: 1, snapshotId: 't', source: await openAsBlob(tracked) });
  const [live] = await ask(session, { type: 'class-allocations', requestId: 2, snapshotId: 't', className: 'Order' });
  assert.ok(live.type === 'class-allocations-result');
  assert.deepEqual(live.result.stacks.map((s) => s.count), [2000, 500]);
  const [none] = await ask(session, { type: 'class-allocations', requestId: 3, snapshotId: 't', className: 'Order', baseSnapshotId: 't' });
  assert.ok(none.type === 'class-allocations-result');
  assert.deepEqual([none.result.count, none.result.stacks], [0, []], 'nothing is new since itself');
});
