// The page's side of the runner socket (LocalRuntime) against a runner that speaks a newer or
// broken protocol: a page cached in the browser across an upgrade of Leak Lab meets run events
// it has never heard of. This runner cannot send such messages, so a small WebSocket server in
// this process plays a newer one; the LocalRuntime, Node's WebSocket and the frames are real.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { LocalRuntime } from '../../src/runtime/local/local-runtime.ts';
import type { RunEvent } from '../../src/protocol/run-events.ts';
import { programSpec } from './run-program.ts';

/** A runner that answers `start` with these frames, as they are. */
async function newerRunner(frames: unknown[]): Promise<{ url: string; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  wss.on('connection', (ws) => ws.on('message', () => { for (const f of frames) ws.send(typeof f === 'string' ? f : JSON.stringify(f)); }));
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws`,
    close: () => new Promise((resolve) => { for (const c of wss.clients) c.terminate(); wss.close(() => resolve()); }),
  };
}

const started = { type: 'run-event', event: { type: 'started', runId: 'r1', pid: 1, nodeVersion: 'v24.0.0', heapLimitBytes: 1, figuresAre: 'v8' } };
const output = (text: string) => ({ type: 'run-event', event: { type: 'output', stream: 'stdout', text } });

test('run events the page does not know, or that lack fields, reach the terminal as notices and never the views', async () => {
  const runner = await newerRunner([
    started,
    { type: 'run-event', event: { type: 'heap-profile', atMs: 1 } },
    { type: 'run-event', event: { type: 'sample', activeHandles: 1 } },
    'not json at all',
    { type: 'whisper', message: 'hello' },
    output('still here\n'),
  ]);
  const runtime = new LocalRuntime('token', runner.url);
  const events: RunEvent[] = [];
  runtime.onEvent((e) => events.push(e));
  try {
    await runtime.start(programSpec('setInterval(() => {}, 1000);'));
    const deadline = Date.now() + 5000;
    while (!events.some((e) => e.type === 'output') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const KNOWN = new Set(['started', 'output', 'sample', 'floor', 'load', 'load-ready', 'notice', 'snapshot-progress', 'snapshot-ready', 'snapshot-failed', 'exited']);
    assert.deepEqual(events.filter((e) => !KNOWN.has(e.type)), [], 'no event of an unknown type is passed on');
    assert.ok(events.every((e) => e.type !== 'sample' || typeof e.sample?.heapUsedBytes === 'number'), 'no sample without figures is passed on');
    const notices = events.filter((e) => e.type === 'notice' && e.code === 'bad-message').map((e) => (e.type === 'notice' ? e.text : ''));
    assert.equal(notices.length, 4, `one notice per bad message: ${JSON.stringify(notices)}`);
    assert.match(notices[0], /heap-profile/);
    assert.match(notices[1], /sample/);
    assert.match(notices[2], /not JSON/);
    assert.match(notices[3], /whisper/);
    assert.ok(events.some((e) => e.type === 'output' && e.text === 'still here\n'), 'messages after the bad ones still arrive');
  } finally {
    runtime.dispose();
    await runner.close();
  }
});
