// The response check over the real runner socket: the real server (`node src/server/start.ts`),
// a real program under its load, the page's check-responses message as the page sends it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerMessage } from '../../src/protocol/socket-messages.ts';
import type { RunEventOf } from '../../src/protocol/run-events.ts';
import { programSpec } from './run-program.ts';
import { openSocket, startServerProcess, type ServerProcess } from './server-process.ts';

const ANSWERS_OK = `require('node:http').createServer((req, res) => res.end('ok\\n')).listen(Number(process.env.PORT));`;
const ANSWERS_NEVER = `require('node:http').createServer(() => {}).listen(Number(process.env.PORT));`;
const load = { paths: ['/'], ratePerSec: 20, connections: 1, method: 'GET' as const };
const checkOk = [{ method: 'GET' as const, path: '/', expect: { status: 200, body: '^ok\\n$' } }];

let server: ServerProcess;
before(async () => { server = await startServerProcess(); });
after(async () => { await server?.stop(); });

const isEvent = <T extends RunEventOf<'exited'>['type'] | 'responses-checked' | 'load-ready' | 'started'>(type: T) =>
  (m: ServerMessage) => m.type === 'run-event' && m.event.type === type;

test('a check sent during a run is answered once, for that run, with what the program said', { timeout: 60_000 }, async () => {
  const { ws, next } = await openSocket(server);
  try {
    ws.send(JSON.stringify({ type: 'start', token: server.token, program: programSpec(ANSWERS_OK, { load }) }));
    const started = await next(isEvent('started'));
    await next(isEvent('load-ready'));
    ws.send(JSON.stringify({ type: 'check-responses', token: server.token, requests: checkOk }));
    const answer = await next(isEvent('responses-checked'));
    assert.ok(answer.type === 'run-event' && answer.event.type === 'responses-checked' && started.type === 'run-event' && started.event.type === 'started');
    assert.equal(answer.event.runId, started.event.runId);
    assert.deepEqual(answer.event.outcome.kind === 'checked' && answer.event.outcome.results.map((r) => [r.got.kind === 'response' && r.got.bodyExcerpt, r.problems]), [['ok\n', []]]);
  } finally {
    ws.send(JSON.stringify({ type: 'stop' }));
    ws.close();
  }
});

test('a check still waiting when its run ends is answered at most once, and never after the run\u2019s exited', { timeout: 60_000 }, async () => {
  const { ws, next, messages } = await openSocket(server);
  try {
    ws.send(JSON.stringify({ type: 'start', token: server.token, program: programSpec(ANSWERS_NEVER, { load }) }));
    await next(isEvent('load-ready'));
    ws.send(JSON.stringify({ type: 'check-responses', token: server.token, requests: checkOk }));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    ws.send(JSON.stringify({ type: 'stop' }));
    await next(isEvent('exited'));
    // Longer than the check's own 5 s timeout: an answer held back until then would show here.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const kinds = messages.filter((m) => isEvent('responses-checked')(m) || isEvent('exited')(m)).map((m) => (m.type === 'run-event' ? m.event.type : m.type));
    // Killing the program resets the check's connection: that answer may come, but before the exit.
    assert.ok(kinds.join() === 'exited' || kinds.join() === 'responses-checked,exited', kinds.join());
  } finally {
    ws.close();
  }
});

test('a check without a run is answered as not checked, and one without the token is refused', { timeout: 30_000 }, async () => {
  const { ws, next } = await openSocket(server);
  try {
    ws.send(JSON.stringify({ type: 'check-responses', token: 'guess', requests: checkOk }));
    const refused = await next((m) => m.type === 'rejected');
    assert.match(refused.type === 'rejected' ? refused.message : '', /Wrong or missing runner token/);
    ws.send(JSON.stringify({ type: 'check-responses', token: server.token, requests: checkOk }));
    const answer = await next(isEvent('responses-checked'));
    assert.deepEqual(answer.type === 'run-event' && answer.event.type === 'responses-checked' && answer.event.outcome.kind, 'not-checked');
    ws.send(JSON.stringify({ type: 'check-responses', token: server.token, requests: [{ path: '/', expect: { status: 200 } }] }));
    const bad = await next((m) => m.type === 'rejected' && m !== refused);
    assert.match(bad.type === 'rejected' ? bad.message : '', /requests\[0\]\.expect: needs body or json/);
  } finally {
    ws.close();
  }
});
