// The files a run wrote, from the local runner: listed after the run, downloadable by the page
// that ran it (token-checked, by the runner's ids, never a path), and gone when the page lets go,
// the page closes or the time is up. The runner here is the real one, in this process, so the
// tests can give it short limits; the programs are real Node children under the real probe.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readLesson, lessonProgram } from '../../src/lessons/read-lesson.ts';
import { LESSONS_DIR, RUNS_ROOT } from '../../src/project-paths.ts';
import { startServer, type LeakLabServer } from '../../src/server/http-server.ts';
import { TOKEN_HEADER, type ServerMessage } from '../../src/protocol/socket-messages.ts';
import type { ProgramSpec } from '../../src/protocol/program.ts';
import type { RunEvent, RunEventOf } from '../../src/protocol/run-events.ts';
import type { RunCaps } from '../../src/runner/run-plan.ts';
import { parseHeapProfile } from '../../src/analyzer/profile/heap-profile.ts';
import { openSnapshotFile, summarize } from '../../src/analyzer/node/open-snapshot-file.ts';
import { programSpec } from './run-program.ts';
import { descendantsOf, openSocket, type ServerProcess } from './server-process.ts';

const servers: LeakLabServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function runner(caps: Partial<RunCaps> = {}): Promise<{ server: LeakLabServer; asProcess: ServerProcess }> {
  const server = await startServer({ port: 0, distDir: path.join(RUNS_ROOT, 'no-site'), caps });
  servers.push(server);
  return { server, asProcess: { pid: process.pid, url: server.url, port: server.port, token: server.token, stop: () => server.close() } };
}

const isEvent = <T extends string>(type: T) => (m: ServerMessage): boolean => m.type === 'run-event' && m.event.type === type;
const eventOf = <T extends RunEvent['type']>(m: ServerMessage, _type: T): RunEventOf<T> => (m as Extract<ServerMessage, { type: 'run-event' }>).event as RunEventOf<T>;
const keptFoldersOf = (): string[] => readdirSync(RUNS_ROOT).filter((n) => n.startsWith(`run-${process.pid}-files-`));
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts `program` over the socket, waits for `ready` in its output (or `afterMs`), presses Stop, and returns its artifacts event. */
async function runAndStop(asProcess: ServerProcess, program: ProgramSpec, options: { afterMs?: number; beforeStop?: (send: (m: object) => void) => Promise<void> } = {}) {
  const socket = await openSocket(asProcess);
  const send = (m: object): void => socket.ws.send(JSON.stringify(m));
  send({ type: 'start', token: asProcess.token, program });
  await socket.next(isEvent('started'), 30_000);
  if (options.afterMs) await settle(options.afterMs);
  else await socket.next((m) => isEvent('output')(m) && /ready/.test(eventOf(m, 'output').text), 30_000);
  await options.beforeStop?.(send);
  send({ type: 'stop' });
  const artifacts = eventOf(await socket.next(isEvent('artifacts'), 30_000), 'artifacts');
  await socket.next(isEvent('exited'), 10_000);
  return { socket, send, artifacts };
}

const download = (server: LeakLabServer, url: string, headers: Record<string, string> = { [TOKEN_HEADER]: server.token }): Promise<Response> => fetch(server.url + url, { headers });

test('Stop of lesson 13 with --heap-prof leaves its .heapprofile downloadable, and the download is the profile V8 wrote', async () => {
  const { server, asProcess } = await runner();
  const lesson = await lessonProgram(await readLesson(path.join(LESSONS_DIR, '13-allocation-profiling')), 'leaky');
  const { socket, artifacts } = await runAndStop(asProcess, { ...lesson, nodeFlags: ['--heap-prof'] }, { afterMs: 3000 });
  const [profile] = artifacts.files;
  assert.equal(artifacts.files.length, 1, JSON.stringify(artifacts.files));
  assert.equal(profile.kind, 'heapprofile');
  assert.equal(profile.url, `/files/${artifacts.runId}/${profile.fileId}`);
  assert.equal(artifacts.keptForMs, 10 * 60_000);
  const res = await download(server, profile.url!);
  assert.equal(res.status, 200);
  assert.equal(Number(res.headers.get('content-length')), profile.sizeBytes);
  assert.equal(res.headers.get('content-disposition'), `attachment; filename="${profile.name}"`);
  const parsed = parseHeapProfile(await res.text());
  assert.ok(parsed.hasSamples && parsed.nodes.selfBytes.some((bytes) => bytes > 0), 'the profile has samples');
  assert.deepEqual(descendantsOf(process.pid).filter((pid) => pid !== process.pid), [], 'no process of the run is left');
  socket.ws.close();
});

test('the files are the page\u2019s alone: no token, a wrong token or a cross-site fetch is refused; paths and made-up ids find nothing', async () => {
  const { server, asProcess } = await runner();
  const { socket, artifacts } = await runAndStop(asProcess, programSpec(`require('node:fs').writeFileSync('data.json', '{"a":1}'); setInterval(() => {}, 1000); console.log('ready');`));
  const url = artifacts.files[0].url!;
  assert.equal((await download(server, url, {})).status, 403);
  assert.equal((await download(server, url, { [TOKEN_HEADER]: 'guess' })).status, 403);
  assert.equal((await download(server, url, { [TOKEN_HEADER]: server.token, 'sec-fetch-site': 'cross-site' })).status, 403);
  for (const bad of [`/files/${artifacts.runId}/data.json`, `/files/${artifacts.runId}/../../etc/passwd`, `/files/${artifacts.runId}/f1/..`, `/files/other-run/f1`, `/files/${artifacts.runId}/f2`, '/files/']) {
    assert.equal((await download(server, bad)).status, 404, bad);
  }
  assert.equal(await (await download(server, url)).text(), '{"a":1}');
  socket.ws.close();
});

test('links the program made are not handed out: a hard link is listed with why, and the program\u2019s own unchanged source is not listed', async () => {
  const { asProcess } = await runner();
  const code = `
    const fs = require('node:fs');
    fs.mkdirSync('out');
    fs.writeFileSync('out/result.txt', 'r');
    fs.writeFileSync('a.txt', 'a');
    fs.linkSync('a.txt', 'b.txt');
    setInterval(() => {}, 1000); console.log('ready');`;
  const { socket, artifacts } = await runAndStop(asProcess, programSpec(code, { files: { 'main.js': code, 'helper.js': 'module.exports = 1;' } }));
  const byName = new Map(artifacts.files.map((f) => [f.name, f]));
  assert.deepEqual([...byName.keys()].sort(), ['a.txt', 'b.txt', 'out/result.txt']);
  assert.ok(byName.get('out/result.txt')!.url);
  for (const name of ['a.txt', 'b.txt']) {
    assert.equal(byName.get(name)!.url, undefined);
    assert.match(byName.get(name)!.note!, /hard link/);
  }
  socket.ws.close();
});

test('a file over the size cap is listed with its size and why it was not kept', async () => {
  const { asProcess } = await runner({ maxKeptFileBytes: 1000 });
  const { socket, artifacts } = await runAndStop(asProcess, programSpec(`const fs = require('node:fs'); fs.writeFileSync('big.bin', Buffer.alloc(5000)); fs.writeFileSync('small.txt', 'ok'); setInterval(() => {}, 1000); console.log('ready');`));
  const big = artifacts.files.find((f) => f.name === 'big.bin')!;
  assert.equal(big.sizeBytes, 5000);
  assert.equal(big.url, undefined);
  assert.match(big.note!, /^not kept: 4.9 KiB is over the 1000 B the runner keeps of one file$/);
  assert.ok(artifacts.files.find((f) => f.name === 'small.txt')!.url);
  socket.ws.close();
});

test('release-files removes the kept files at once; closing the page removes the rest; another page cannot release them', async () => {
  const { server, asProcess } = await runner();
  const program = programSpec(`require('node:fs').writeFileSync('x.txt', 'x'); setInterval(() => {}, 1000); console.log('ready');`);
  const first = await runAndStop(asProcess, program);
  const second = await runAndStop(asProcess, program);
  const foldersBefore = keptFoldersOf().length;
  const stranger = await openSocket(asProcess);
  stranger.ws.send(JSON.stringify({ type: 'release-files', runId: first.artifacts.runId }));
  await settle(300);
  assert.equal((await download(server, first.artifacts.files[0].url!)).status, 200, 'another page cannot let go of them');
  first.send({ type: 'release-files', runId: first.artifacts.runId });
  await settle(300);
  assert.equal((await download(server, first.artifacts.files[0].url!)).status, 404);
  assert.equal(keptFoldersOf().length, foldersBefore - 1);
  second.socket.ws.close();
  await settle(500);
  assert.equal((await download(server, second.artifacts.files[0].url!)).status, 404);
  first.socket.ws.close();
  stranger.ws.close();
  await settle(300);
  assert.equal(server.shelf.size, 0);
});

test('when the time limit passes the files and their folder are removed', async () => {
  const { server, asProcess } = await runner({ keepFilesMs: 1500 });
  const { socket, artifacts } = await runAndStop(asProcess, programSpec(`require('node:fs').writeFileSync('x.txt', 'x'); setInterval(() => {}, 1000); console.log('ready');`));
  assert.equal(artifacts.keptForMs, 1500);
  const dir = server.shelf.get(artifacts.runId)?.dir;
  assert.ok(dir && existsSync(dir));
  assert.equal((await download(server, artifacts.files[0].url!)).status, 200);
  await settle(2500);
  assert.equal((await download(server, artifacts.files[0].url!)).status, 404);
  assert.equal(existsSync(dir), false);
  socket.ws.close();
});

test('SIGUSR2 from the page makes a --heapsnapshot-signal run write a snapshot, which is listed after Stop and opens in the analyzer', async () => {
  const { server, asProcess } = await runner();
  const code = `class Order { constructor(i) { this.i = i; } } const orders = Array.from({ length: 1000 }, (_, i) => new Order(i)); setInterval(() => orders.push(new Order(orders.length)), 50); console.log('ready');`;
  const { socket, artifacts } = await runAndStop(asProcess, programSpec(code, { nodeFlags: ['--heapsnapshot-signal=SIGUSR2'] }), {
    beforeStop: async (send) => {
      send({ type: 'signal', token: asProcess.token, signal: 'SIGUSR2' });
      await settle(2500); // V8 writes the snapshot between two turns of the program's loop
    },
  });
  const snapshot = artifacts.files.find((f) => f.kind === 'heapsnapshot');
  assert.ok(snapshot?.url, JSON.stringify(artifacts.files));
  assert.ok(socket.messages.some((m) => isEvent('notice')(m) && /^Sent SIGUSR2 to the program \(pid \d+\)\.$/.test(eventOf(m, 'notice').text)));
  const res = await download(server, snapshot.url);
  const file = path.join(RUNS_ROOT, `downloaded-${process.pid}.heapsnapshot`);
  await writeFile(file, Buffer.from(await res.arrayBuffer()));
  try {
    const summary = summarize(await openSnapshotFile(file));
    assert.ok((summary.classes.find((c) => c.name === 'Order')?.count ?? 0) >= 1000, 'the snapshot holds the program\u2019s Orders');
  } finally {
    await rm(file, { force: true });
  }
  socket.ws.close();
});

test('a signal with no program running, or without the token, is refused', async () => {
  const { asProcess } = await runner();
  const socket = await openSocket(asProcess);
  socket.ws.send(JSON.stringify({ type: 'signal', token: asProcess.token, signal: 'SIGUSR2' }));
  const answer = await socket.next((m) => m.type === 'rejected');
  assert.match((answer as { message: string }).message, /No program is running to send SIGUSR2 to/);
  socket.ws.send(JSON.stringify({ type: 'signal', token: 'guess', signal: 'SIGUSR2' }));
  await socket.next((m) => m.type === 'rejected' && /token/.test(m.message));
  socket.ws.close();
});
