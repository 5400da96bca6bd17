// The page and the analyzer worker parse what they receive (parseAnalyzerRequest in the worker's
// session, parseAnalyzerReply in the page's client). A message either side cannot read ends the
// request it belongs to with a sentence that names it, never a thrown handler or a request that
// waits for ever. The page's client and the worker's session are the real ones, joined by a
// MessageChannel standing in for the browser's Worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalyzerSession } from '../../src/worker/analyzer-session.ts';
import { AnalyzerClient, AnalyzerFailure, type AnalyzerPort } from '../../src/playground/analyzer-client.ts';
import { parseAnalyzerReply, parseAnalyzerRequest, type AnalyzerReply } from '../../src/protocol/analyzer-messages.ts';
import { drawSnapshot } from '../analyzer/helpers/hand-drawn.ts';

async function receive(data: unknown): Promise<AnalyzerReply[]> {
  const replies: AnalyzerReply[] = [];
  await new AnalyzerSession().receive(data, (reply) => replies.push(reply));
  return replies;
}

/** A client whose worker end is `answer`: it gets each request and posts whatever it returns. */
function clientAnswering(answer: (request: unknown, post: (reply: unknown) => void) => void): { client: AnalyzerClient; close: () => void } {
  const { port1, port2 } = new MessageChannel();
  port2.onmessage = (event) => answer(event.data, (reply) => port2.postMessage(reply));
  const port: AnalyzerPort = Object.assign(port1 as unknown as AnalyzerPort, { terminate: () => port1.close() });
  const client = new AnalyzerClient(port);
  return { client, close: () => { port1.close(); port2.close(); } };
}

test('the worker answers a request of an unknown type with a failure that names the type and the request', async () => {
  const replies = await receive({ type: 'sumary', requestId: 7, snapshotId: 'a' });
  assert.equal(replies.length, 1);
  const [reply] = replies;
  assert.ok(reply.type === 'failed', `got ${reply.type}`);
  assert.equal(reply.requestId, 7);
  assert.equal(reply.code, 'bad-request');
  assert.equal(reply.message, 'The analyzer could not read the "sumary" request (requestId 7): type: unknown request type "sumary". The page and the worker may be of different builds: reload the page.');
});

test('the worker answers a request with a field missing with a failure that names the field', async () => {
  const [reply] = await receive({ type: 'diff', requestId: 3, beforeId: 'a' });
  assert.ok(reply.type === 'failed');
  assert.equal(reply.requestId, 3);
  assert.match(reply.message, /^The analyzer could not read the "diff" request \(requestId 3\): afterId: /);
});

test('the worker answers a request that has no requestId with request-unreadable, since no request can be failed', async () => {
  const [reply] = await receive('open it please');
  assert.equal(reply.type, 'request-unreadable');
  assert.ok(reply.type === 'request-unreadable' && /could not read a request: /.test(reply.message), JSON.stringify(reply));
});

test('a snapshot source that is neither a Blob nor buffers is refused before anything is read', () => {
  const parsed = parseAnalyzerRequest({ type: 'open-snapshot', requestId: 1, snapshotId: 'a', source: 'file.heapsnapshot' });
  assert.ok(!parsed.ok);
  assert.match(parsed.problem, /source: must be a Blob or an array of ArrayBuffers/);
});

test('the page fails the request a reply of an unknown type answers, with the type in the message', async () => {
  const { client, close } = clientAnswering((request, post) => {
    const { requestId } = request as { requestId: number };
    post({ type: 'summary-results', requestId, result: {} });
  });
  try {
    await assert.rejects(client.summary('a'), (err: unknown) => {
      assert.ok(err instanceof AnalyzerFailure);
      assert.equal(err.code, 'bad-reply');
      assert.equal(err.message, 'The page could not read a "summary-results" reply to request 1 from the analyzer: type: unknown reply type "summary-results". The page and the worker may be of different builds: reload the page.');
      return true;
    });
  } finally {
    close();
  }
});

test('a reply that names no request fails every pending request instead of leaving them waiting', async () => {
  const { client, close } = clientAnswering((_request, post) => post({ hello: 'world' }));
  try {
    const results = await Promise.allSettled([client.summary('a'), client.diff('a', 'b')]);
    for (const result of results) {
      assert.equal(result.status, 'rejected');
      assert.match(String((result as PromiseRejectedResult).reason.message), /could not read a reply from the analyzer: type: a reply needs a type/);
    }
  } finally {
    close();
  }
});

test('a reply whose result has a wrong field deep in its rows is refused by that field\'s path', () => {
  const row = { name: 'Order', added: 3, removed: 0, countDelta: 3, sizeDelta: 96, addedRetainedSize: 96 };
  const good = { type: 'diff-result', requestId: 2, result: { classes: [row, row], collections: [], matching: 'by-id', idOverlap: 1 } };
  assert.ok(parseAnalyzerReply(good).ok);
  const parsed = parseAnalyzerReply({ ...good, result: { ...good.result, classes: [row, { ...row, countDelta: '+3' }] } });
  assert.ok(!parsed.ok);
  assert.equal(parsed.requestId, 2);
  assert.match(parsed.problem, /result\.classes\[1\]\.countDelta: must be a number/);
});

test('a result keeps what the analyzer computed: NaN, and fields the page does not know yet', () => {
  const parsed = parseAnalyzerReply({ type: 'diff-result', requestId: 2, result: { classes: [], collections: [], matching: 'by-class-count', idOverlap: Number.NaN, addedLater: 'kept' } });
  assert.ok(parsed.ok && parsed.value.type === 'diff-result');
  assert.ok(Number.isNaN(parsed.value.result.idOverlap));
  assert.equal((parsed.value.result as unknown as { addedLater: string }).addedLater, 'kept');
});

test('an allocation tree is checked node by node, however deep', () => {
  const leaf = { selfBytes: 1, totalBytes: 1, selfSamples: 1, totalSamples: 1, children: [] };
  const deep = (depth: number): unknown => depth === 0 ? { ...leaf, children: [{ ...leaf, totalBytes: 'lots' }] } : { ...leaf, children: [deep(depth - 1)] };
  const parsed = parseAnalyzerReply({ type: 'profile-tree-result', requestId: 9, result: deep(3) });
  assert.ok(!parsed.ok);
  assert.match(parsed.problem, /result\.children\[0\]\.children\[0\]\.children\[0\]\.children\[0\]\.totalBytes: must be a number/);
});

test('the page\'s client and the worker\'s session, joined by a channel, open a snapshot and answer its summary', async () => {
  const session = new AnalyzerSession();
  const { client, close } = clientAnswering((request, post) => void session.receive(request, post));
  try {
    const text = drawSnapshot([
      { type: 'synthetic', name: '', size: 0, edges: [['element', 1, 1]] },
      { type: 'synthetic', name: '(GC roots)', size: 0, edges: [['element', 1, 2]] },
      { type: 'object', name: 'Order', size: 48 },
    ]);
    const phases: string[] = [];
    const info = await client.open('a', new Blob([text]), (phase) => phases.push(phase));
    assert.equal(info.nodes, 3);
    assert.ok(phases.includes('dominators'), `progress arrived: ${phases.join(', ')}`);
    const summary = await client.summary('a');
    assert.equal(summary.classes.find((c) => c.name === 'Order')?.count, 1);
    await assert.rejects(client.summary('missing'), /No open snapshot "missing"/);
  } finally {
    close();
  }
});
