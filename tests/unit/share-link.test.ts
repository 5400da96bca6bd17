import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHARE_LIMITS, type SharedProgram } from '../../src/protocol/share-link.ts';
import { ShareLinkError, decodeShare, encodeShare, shareValueOf } from '../../src/playground/share/share-codec.ts';
import { readFileSync } from 'node:fs';

const lessonCode = readFileSync(new URL('../../lessons/08-unbounded-cache/leaky.js', import.meta.url), 'utf8');
const program: SharedProgram = {
  v: 1, lesson: '08-unbounded-cache', base: 'leaky',
  code: `${lessonCode}\n// édité: ünïcode, emoji 🧪, and </script> in a comment\n`,
  settings: { load: { paths: ['/user', '/user?id=2'], ratePerSec: 50, connections: 2, method: 'GET' }, heapCapMiB: 64, nodeFlags: ['--trace-gc'] },
};

async function deflate(bytes: Uint8Array): Promise<string> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const out = new Uint8Array(await new Response(stream).arrayBuffer());
  return Buffer.from(out).toString('base64url');
}
const refusal = (code: ShareLinkError['code'], message: RegExp) => (err: unknown): boolean => {
  assert.ok(err instanceof ShareLinkError, `a ShareLinkError, not ${String(err)}`);
  assert.equal(err.code, code);
  assert.match(err.message, message);
  return true;
};

test('a program and its run settings come back from a share link exactly as they went in, and the link is shorter than the code', async () => {
  const value = await encodeShare(program);
  assert.match(value, /^[A-Za-z0-9_-]+$/, 'only URL-safe characters');
  assert.ok(value.length < program.code.length, `${value.length} characters for ${program.code.length} of code`);
  assert.deepEqual(await decodeShare(value), program);
  assert.equal(shareValueOf(`#share=${value}`), value);
  assert.equal(shareValueOf('#main'), null);
});

test('a link without run settings opens with the lesson\u2019s own, and fields a newer page added are dropped, not refused', async () => {
  const bare = await deflate(new TextEncoder().encode(JSON.stringify({ v: 1, lesson: '01-global-variables', base: 'fixed', code: 'x', addedLater: { theme: 'dark' } })));
  assert.deepEqual(await decodeShare(bare), { v: 1, lesson: '01-global-variables', base: 'fixed', code: 'x', settings: {} });
});

test('a broken link is refused with what is wrong and what to do', async () => {
  const good = await encodeShare(program);
  await assert.rejects(decodeShare('not base64!'), refusal('not-base64', /characters a share link never has.*Ask for the link again/));
  await assert.rejects(decodeShare(''), refusal('not-base64', /damaged/));
  await assert.rejects(decodeShare(good.slice(0, Math.floor(good.length / 2))), refusal('not-deflate', /does not unpack \(was it cut short/));
  await assert.rejects(decodeShare(await deflate(new TextEncoder().encode('<html>not json</html>'))), refusal('not-json', /not to a Leak Lab program/));
  await assert.rejects(decodeShare(await deflate(new TextEncoder().encode(JSON.stringify({ ...program, v: 2 })))), refusal('newer-format', /newer Leak Lab \(share format 2; this page reads format 1\)/));
  await assert.rejects(decodeShare(await deflate(new TextEncoder().encode(JSON.stringify({ ...program, lesson: '../../etc' })))), refusal('bad-shape', /lesson: must be a lesson folder name/));
  await assert.rejects(decodeShare(await deflate(new TextEncoder().encode(JSON.stringify({ ...program, settings: { heapCapMiB: 1 } })))), refusal('bad-shape', /settings\.heapCapMiB: must be a whole number from 16 to 4096/));
  await assert.rejects(decodeShare(await deflate(new TextEncoder().encode(JSON.stringify({ ...program, settings: { load: { ...program.settings.load, ratePerSec: 100_000 } } })))), refusal('bad-shape', /ratePerSec/));
});

test('an oversized link is refused before any unpacking, and a small link that unpacks huge is stopped at the cap', async () => {
  await assert.rejects(decodeShare('A'.repeat(SHARE_LIMITS.maxHashChars + 1)), refusal('too-long', /100,001 characters long; a share link has at most 100,000/));
  // 64 MiB of spaces deflate to a few tens of KB: a bomb the page must not inflate whole.
  const bomb = await deflate(new Uint8Array(64 * 1024 * 1024).fill(32));
  assert.ok(bomb.length < SHARE_LIMITS.maxHashChars, `the bomb fits in a link (${bomb.length} characters)`);
  const startedAt = performance.now();
  await assert.rejects(decodeShare(bomb), refusal('too-big', /unpacks to more than 1024 KiB/));
  assert.ok(performance.now() - startedAt < 2000, 'and stops early');
});

test('a program too long for a link is refused when the link is made, saying how long it would be', async () => {
  // Random text does not compress: 200,000 characters make a link far over the limit.
  let code = '';
  let seed = 12345;
  for (let i = 0; i < 200_000; i++) {
    // A fixed pseudo-random sequence; 32-bit arithmetic (a float product would lose its low bits
    // and fall into a short, compressible cycle), and the high bits, which vary most.
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    code += String.fromCharCode(33 + ((seed >>> 16) % 90));
  }
  await assert.rejects(encodeShare({ ...program, code }), refusal('too-long', /makes a link of [\d,]+ characters, more than the 100,000/));
  await assert.rejects(encodeShare({ ...program, code: 'x'.repeat(200_001) }), /at most 200000 characters/);
});
