// What the page asks for over the runner's socket is what the program gets: the load profile
// arrives whole, body and headers included (a POST route's leak needs both to be reached).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ProgramSpec } from '../../src/protocol/program.ts';
import type { ServerMessage } from '../../src/protocol/socket-messages.ts';
import { programSpec } from './run-program.ts';
import { openSocket, startServerProcess, type ServerProcess } from './server-process.ts';

let server: ServerProcess;
before(async () => { server = await startServerProcess(); });
after(() => server.stop());

const outputOf = (messages: ServerMessage[]): string =>
  messages.map((m) => (m.type === 'run-event' && m.event.type === 'output' ? m.event.text : '')).join('');

test('a POST load from the page reaches the program with its body and headers', async () => {
  // The program says what the first request carried, once.
  const code = `
    let said = false;
    require('node:http').createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        if (!said) { said = true; console.log('first request: ' + req.method + ' ' + req.url + ' body=' + body + ' x-order=' + req.headers['x-order']); }
        res.end('ok');
      });
    }).listen(Number(process.env.PORT));`;
  const program: ProgramSpec = programSpec(code, {
    load: { paths: ['/orders'], ratePerSec: 20, connections: 1, method: 'POST', body: '{"item":"book"}', headers: { 'content-type': 'application/json', 'x-order': 'seven' } },
  });
  const { ws, next, messages } = await openSocket(server);
  try {
    ws.send(JSON.stringify({ type: 'start', token: server.token, program }));
    const first = await next((m) => m.type === 'rejected' || /first request:/.test(outputOf([m])), 20_000);
    assert.notEqual(first.type, 'rejected', `the start was refused: ${JSON.stringify(first)}`);
    assert.match(outputOf(messages), /first request: POST \/orders body=\{"item":"book"\} x-order=seven/);
  } finally {
    ws.send(JSON.stringify({ type: 'stop' }));
    await next((m) => m.type === 'run-event' && m.event.type === 'exited', 10_000).catch(() => undefined);
    ws.close();
  }
});
