// The translation of probe and load reports into run events (src/runner/probe-events.ts), the
// heap-limit watch and the exit wording: written once for the local and the WebContainer run.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ProbeEvents } from '../../src/runner/probe-events.ts';
import { HeapLimitWatch } from '../../src/runner/heap-limit.ts';
import { exitText } from '../../src/runner/exit-text.ts';
import { EXIT_REASONS } from '../../src/protocol/run-events.ts';
import type { HelloMessage, ProbeMessage } from '../../src/protocol/probe-messages.ts';
import type { LoadProfile } from '../../src/protocol/program.ts';

const load: LoadProfile = { paths: ['/', '/users'], ratePerSec: 150, connections: 2, method: 'GET' };
const hello: HelloMessage = { type: 'hello', pid: 41, nodeVersion: 'v24.1.0', heapLimitBytes: 2e9, startedAtEpochMs: 1_000_000 };
const sample = { atMs: 200, heapUsedBytes: 5e6, heapTotalBytes: 8e6, rssBytes: 4e7, externalBytes: 1e6, arrayBuffersBytes: 1e4 };

describe('probe events', () => {
  test("the probe's first hello starts the run with the figures as judged; a later one (the program posing as the probe) does not", () => {
    const events = new ProbeEvents('run-1', load, { name: 'load driver' });
    assert.equal(events.hasStarted, false);
    assert.deepEqual(events.started(hello, 'approximate'), { type: 'started', runId: 'run-1', pid: 41, nodeVersion: 'v24.1.0', heapLimitBytes: 2e9, figuresAre: 'approximate' });
    assert.equal(events.helloEpochMs, 1_000_000);
    assert.equal(events.started({ ...hello, pid: 666, startedAtEpochMs: 5 }, 'v8'), null);
    assert.equal(events.helloEpochMs, 1_000_000, 'the clock origin stays the first one');
  });

  test('samples, floors and probe failures pass on alike; what each run handles its own way is left to it', () => {
    const events = new ProbeEvents('run-1', load, { name: 'load driver' });
    const floor = { atMs: 1000, heapUsedBytes: 4e6, externalBytes: 1e6, arrayBuffersBytes: 1e4, isForced: false };
    assert.deepEqual(events.fromProbe({ type: 'sample', sample, activeHandles: 3 }), { type: 'sample', sample, activeHandles: 3 });
    assert.deepEqual(events.fromProbe({ type: 'floor', floor }), { type: 'floor', floor });
    assert.deepEqual(events.fromProbe({ type: 'failed', message: 'no v8' }), { type: 'notice', level: 'error', code: 'probe-failed', text: 'The probe failed: no v8' });
    const ownWay: ProbeMessage[] = [
      hello,
      { type: 'snapshot-written', requestId: 's1', file: 'f', sizeBytes: 1, atMs: 1, heapUsedBytes: 1 },
      { type: 'snapshot-refused', requestId: 's1', reason: 'r' },
      { type: 'listening', port: 3000 },
      { type: 'calibration', allocatedBytes: 1, beforeBytes: 1, afterAllocBytes: 2, afterFreeBytes: 1, hasGc: true },
    ];
    for (const msg of ownWay) assert.equal(events.fromProbe(msg), null, msg.type);
  });

  test('load ready is a typed event plus the words for the terminal; progress is re-stamped on the program clock', () => {
    const events = new ProbeEvents('run-1', load, { name: 'load loop', aside: ' (in-container)' });
    assert.deepEqual(events.fromLoad({ type: 'load-ready', target: 'http://127.0.0.1:3000' }, 0), [
      { type: 'load-ready', target: 'http://127.0.0.1:3000', ratePerSec: 150, paths: ['/', '/users'] },
      { type: 'notice', level: 'info', code: 'load-started', text: 'Load: 150 requests/s to /, /users (in-container)' },
    ]);
    // Before hello there is no program clock: the driver's own time stands.
    assert.deepEqual(events.fromLoad({ type: 'load-progress', requests: 5, errors: 0, atMs: 250 }, 1_000_900), [{ type: 'load', requests: 5, errors: 0, atMs: 250 }]);
    events.started(hello, 'v8');
    assert.deepEqual(events.fromLoad({ type: 'load-progress', requests: 9, errors: 1, atMs: 250 }, 1_003_000), [{ type: 'load', requests: 9, errors: 1, atMs: 3000 }]);
    assert.deepEqual(events.fromLoad({ type: 'load-failed', message: 'ECONNREFUSED' }, 0), [{ type: 'notice', level: 'warn', code: 'load-error', text: 'The load loop failed: ECONNREFUSED' }]);
  });
});

describe('the heap-limit watch', () => {
  test("sees V8's last words, even split across two chunks of output, and nothing else", () => {
    const split = new HeapLimitWatch();
    assert.equal(split.feed('<--- JS stacktrace --->\n\nFATAL ERROR: Reached heap li'), false);
    assert.equal(split.feed('mit Allocation failed - JavaScript heap out of memory\n'), true);
    assert.equal(split.hasSeen, true);
    const older = new HeapLimitWatch();
    assert.equal(older.feed('FATAL ERROR: CALL_AND_RETRY_LAST Allocation failed - JavaScript heap out of memory'), true);
    const healthy = new HeapLimitWatch();
    for (const line of ['heap used 40 MB\n', 'Reached 100 requests\n', 'limit: 200\n']) healthy.feed(line);
    assert.equal(healthy.hasSeen, false);
  });
});

describe('exit text', () => {
  test('every exit reason has its sentence, with the cap in MiB or seconds when the runtime knows it', () => {
    const limits = { wallTimeMs: 300_000, offHeapBytes: 512 * 1048576, outputTotalBytes: 4 * 1048576, heapCapMiB: 64 };
    const said = Object.fromEntries(EXIT_REASONS.map((reason) => [reason, exitText({ reason, code: null, signal: null }, limits)]));
    assert.deepEqual(said, {
      exited: 'The program ended.',
      stopped: 'Stopped.',
      replaced: 'Stopped for a new run.',
      'wall-time': 'Stopped: the run reached its wall-time cap of 300 s.',
      'rss-cap': 'Stopped: memory outside the V8 heap passed 512 MiB (Buffers and other external memory are not bounded by the heap cap).',
      'heap-cap': 'The program crashed: V8 reached its heap limit of 64 MiB (FATAL ERROR: Reached heap limit). The heap cap is set by --max-old-space-size.',
      'output-cap': 'Stopped: the program printed more than 4 MiB of output.',
      disconnected: 'Stopped: the page closed.',
      shutdown: 'Stopped: the server is shutting down.',
      failed: 'The run could not start.',
    });
  });

  test('an exit says how the program ended, and a runtime that does not know a cap leaves the number out', () => {
    assert.equal(exitText({ reason: 'exited', code: 0, signal: null }), 'The program ended (exit code 0).');
    assert.equal(exitText({ reason: 'exited', code: 3, signal: null }), 'The program exited with code 3.');
    assert.equal(exitText({ reason: 'exited', code: null, signal: 'SIGKILL' }), 'The program was killed by SIGKILL.');
    assert.equal(exitText({ reason: 'wall-time', code: null, signal: null }), 'Stopped: the run reached its time limit.');
    assert.equal(exitText({ reason: 'heap-cap', code: null, signal: null }), 'The program crashed: V8 reached its heap limit (FATAL ERROR: Reached heap limit). The heap cap is set by --max-old-space-size.');
  });
});
