import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { lessonProgram, readLesson } from '../../src/lessons/read-lesson.ts';
import { LESSONS_DIR, RUNS_ROOT } from '../../src/project-paths.ts';
import type { ProgramSpec } from '../../src/protocol/program.ts';
import type { ServerMessage } from '../../src/protocol/socket-messages.ts';
import { descendantsOf, isRunning, openSocket, rssBytesOf, startServerProcess, type ServerProcess } from './server-process.ts';

let server: ServerProcess;
let leaky: ProgramSpec;

before(async () => {
  server = await startServerProcess({ LEAKLAB_MAX_RUNS: '3' });
  leaky = await lessonProgram(await readLesson(path.join(LESSONS_DIR, '01-global-variables')), 'leaky');
});
after(() => server.stop());

const runFoldersOf = (pid: number): string[] => {
  try {
    return readdirSync(RUNS_ROOT).filter((n) => n.startsWith(`run-${pid}-`));
  } catch {
    return [];
  }
};
const isEvent = (type: string) => (m: ServerMessage) => m.type === 'run-event' && m.event.type === type;
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rawGet(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/', headers }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject);
  });
}

test('a request whose Host is not the runner’s own is refused (DNS rebinding)', async () => {
  assert.equal(await rawGet(server.port, { Host: `attacker.example:${server.port}` }), 421);
  assert.equal(await rawGet(server.port, { Host: `127.0.0.1:${server.port}` }), 200);
});

test('a WebSocket with a foreign or missing Origin is refused', async () => {
  await assert.rejects(openSocket(server, 'http://evil.example'), /HTTP 403/);
  await assert.rejects(openSocket(server, `http://127.0.0.1:${server.port + 1}`), /HTTP 403/);
  await assert.rejects(openSocket(server, null), /HTTP 403/);
  const { ws } = await openSocket(server);
  ws.close();
});

test('a run without the token, or with a wrong one, is refused and nothing starts', async () => {
  const { ws, next } = await openSocket(server);
  ws.send(JSON.stringify({ type: 'start', token: 'guess', program: leaky }));
  const answer = await next((m) => m.type === 'rejected');
  assert.match((answer as { message: string }).message, /token/);
  ws.send(JSON.stringify({ type: 'start', program: leaky }));
  await next((m) => m.type === 'rejected' && m !== answer);
  assert.deepEqual(descendantsOf(server.pid), []);
  ws.close();
});

test('a snapshot file is refused without the token', async () => {
  const res = await fetch(`${server.url}/snapshots/some-run/s1`);
  assert.equal(res.status, 403);
});

test('20 clients asking at once: up to the cap run, the rest are told busy, and nothing is left after', async () => {
  const clients = await Promise.all(Array.from({ length: 20 }, () => openSocket(server)));
  for (const c of clients) c.ws.send(JSON.stringify({ type: 'start', token: server.token, program: leaky }));
  const answers = await Promise.all(clients.map((c) => c.next((m) => m.type === 'busy' || isEvent('started')(m), 30_000)));
  const started = answers.filter((m) => m.type === 'run-event').length;
  const busy = answers.filter((m) => m.type === 'busy');
  assert.equal(started, 3, 'exactly the cap of runs started');
  assert.equal(busy.length, 17);
  assert.match((busy[0] as { message: string }).message, /busy/);
  for (const c of clients) c.ws.close();
  await settle(1500);
  assert.deepEqual(descendantsOf(server.pid), [], 'no child process remains');
  assert.deepEqual(runFoldersOf(server.pid), [], 'no run folder remains');
});

test('200 start/stop cycles leave no process, no folder, and the server’s memory near where it began', async () => {
  const { ws, next, messages } = await openSocket(server);
  const quick: ProgramSpec = { ...leaky, load: undefined, files: { 'main.js': 'setInterval(() => {}, 1000);' } };
  const cycle = async (i: number) => {
    const before = messages.length;
    ws.send(JSON.stringify({ type: 'start', token: server.token, program: quick }));
    ws.send(JSON.stringify({ type: 'stop' }));
    await next((m) => messages.indexOf(m) >= before && isEvent('exited')(m), 20_000).catch((err) => { throw new Error(`cycle ${i}: ${err.message}`); });
  };
  for (let i = 0; i < 20; i++) await cycle(i);
  const rssAtStart = rssBytesOf(server.pid);
  for (let i = 20; i < 200; i++) await cycle(i);
  await settle(500);
  const rssAtEnd = rssBytesOf(server.pid);
  assert.deepEqual(descendantsOf(server.pid), []);
  assert.deepEqual(runFoldersOf(server.pid), []);
  assert.ok(rssAtEnd - rssAtStart < 40 * 1024 * 1024, `server rss grew ${((rssAtEnd - rssAtStart) / 1048576).toFixed(1)} MB over 180 cycles`);
  ws.close();
});

test('thousands of random, truncated and oversized messages get error replies and the server stays up', async () => {
  const { ws, next, messages } = await openSocket(server);
  const valid = JSON.stringify({ type: 'start', token: server.token, program: { ...leaky, heapCapMiB: 99999 } });
  let sent = 0;
  for (let i = 0; i < 3000; i++) {
    const kind = i % 6;
    if (kind === 0) ws.send(randomBytes(1 + (i % 200)).toString('latin1'));
    else if (kind === 1) ws.send(valid.slice(0, i % valid.length));
    else if (kind === 2) ws.send(JSON.stringify({ type: ['start', 'stop', 'snapshot', 'x'][i % 4], token: i % 3 ? server.token : 5, program: i % 5 ? null : { files: [] } }));
    else if (kind === 3) ws.send(randomBytes(64));
    else if (kind === 4) ws.send(JSON.stringify([1, 2, { type: 'start' }]));
    else ws.send(valid); // out of range heap cap
    sent++;
  }
  ws.send('x'.repeat(600 * 1024));
  await next((m) => m.type === 'rejected' && /limited to/.test(m.message), 30_000);
  const rejected = messages.filter((m) => m.type === 'rejected').length;
  assert.ok(rejected >= sent * 0.8, `most bad messages answered (${rejected} of ${sent})`);
  // Still alive and serving: a proper run starts.
  const fresh = await openSocket(server);
  fresh.ws.send(JSON.stringify({ type: 'start', token: server.token, program: { ...leaky, load: undefined } }));
  await fresh.next(isEvent('started'));
  fresh.ws.close();
  ws.close();
  await settle(1000);
  assert.deepEqual(descendantsOf(server.pid), []);
});

test('killing the server with SIGKILL leaves no child running', async () => {
  const doomed = await startServerProcess();
  const { ws, next } = await openSocket(doomed);
  ws.send(JSON.stringify({ type: 'start', token: doomed.token, program: leaky }));
  await next(isEvent('started'));
  await settle(1000); // the load driver is running too
  const children = descendantsOf(doomed.pid);
  assert.ok(children.length >= 2, `a program and its load driver run (${children})`);
  await doomed.stop('SIGKILL');
  ws.terminate();
  await settle(1000);
  const alive = children.filter(isRunning);
  const describe = (pid: number) => { try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').slice(0, 200); } catch { return 'gone'; } };
  assert.deepEqual(alive.map(describe), [], 'every child died with the server');
});
