// Every boundary parser in src/protocol/, table-driven: a good message of each type passes whole;
// each required field missing, and each field of the wrong type, is refused with a problem that
// names the field; an unknown type is refused by name; the limits that keep a hostile program or
// page small hold.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Parsed } from '../../src/protocol/parse.ts';
import { parseClientMessage, parseServerMessage } from '../../src/protocol/socket-messages.ts';
import { parseLoadMessage, parseProbeMessage } from '../../src/protocol/probe-messages.ts';
import { loadProfileSchema, lessonLoadSchema, type LoadProfile, type ProgramSpec } from '../../src/protocol/program.ts';
import { parseRunReport, RUN_REPORT_FORMAT, type RunReport } from '../../src/protocol/run-report.ts';
import { parseLessonRecording } from '../../src/protocol/recording.ts';
import { parseWith } from '../../src/protocol/parse.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Something of another JSON type than `value`. */
function wrongTypeFor(value: Json): Json {
  if (typeof value === 'string') return 42;
  if (typeof value === 'number') return 'forty-two';
  if (typeof value === 'boolean') return 'yes';
  if (value === null) return { not: 'null' };
  return 'not a container';
}

interface Case { name: string; value: Json; path: string }

/** Every field of `good` (nested too) missing and of the wrong type, except those in `optional`, which may be left out. */
function brokenVariants(good: { [key: string]: Json }, optional: string[] = [], skip = ['type']): Case[] {
  const cases: Case[] = [];
  const walk = (node: { [key: string]: Json }, prefix: string[]): void => {
    for (const [key, value] of Object.entries(node)) {
      const at = [...prefix, key];
      const path = at.join('.');
      if (skip.includes(path)) continue;
      const edit = (change: (parent: { [key: string]: Json }) => void): Json => {
        const copy = structuredClone(good);
        let parent: { [key: string]: Json } = copy;
        for (const k of at.slice(0, -1)) parent = parent[k] as { [key: string]: Json };
        change(parent);
        return copy;
      };
      if (!optional.includes(path)) cases.push({ name: `without ${path}`, path, value: edit((p) => { delete p[key]; }) });
      cases.push({ name: `${path} of the wrong type`, path, value: edit((p) => { p[key] = wrongTypeFor(value); }) });
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) walk(value, at);
    }
  };
  walk(good, []);
  return cases;
}

function assertRefused<T>(parsed: Parsed<T>, mentions: RegExp | string, label: string): void {
  assert.equal(parsed.ok, false, `${label} was accepted`);
  if (!parsed.ok) assert.match(parsed.problem, typeof mentions === 'string' ? new RegExp(mentions.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : mentions, `${label}: ${parsed.problem}`);
}

function assertAccepted<T>(parsed: Parsed<T>, expected: unknown, label: string): void {
  assert.ok(parsed.ok, `${label} was refused: ${parsed.ok ? '' : parsed.problem}`);
  assert.deepEqual(parsed.value, expected, label);
}

const sample = { atMs: 200, heapUsedBytes: 5e6, heapTotalBytes: 8e6, rssBytes: 4e7, externalBytes: 1e6, arrayBuffersBytes: 1e4 };
const floor = { atMs: 1000, heapUsedBytes: 4e6, externalBytes: 1e6, arrayBuffersBytes: 1e4, isForced: true };

const PROBE_MESSAGES: { good: { [key: string]: Json }; optional?: string[] }[] = [
  { good: { type: 'hello', pid: 42, nodeVersion: 'v24.1.0', heapLimitBytes: 2e9, startedAtEpochMs: 1.7e12 } },
  { good: { type: 'sample', sample, activeHandles: 3 } },
  { good: { type: 'floor', floor } },
  { good: { type: 'snapshot-written', requestId: 's1-abc', file: '/tmp/s1.heapsnapshot', sizeBytes: 4e6, atMs: 900, heapUsedBytes: 5e6 } },
  { good: { type: 'snapshot-refused', requestId: 's1-abc', reason: 'too big' } },
  { good: { type: 'failed', message: 'boom', stack: 'Error: boom\n  at x' }, optional: ['stack'] },
  { good: { type: 'calibration', allocatedBytes: 32 * 1048576, beforeBytes: 5e6, afterAllocBytes: 7e7, afterFreeBytes: 5e6, hasGc: true } },
  { good: { type: 'listening', port: 8123 } },
];

describe('probe messages (IPC and frames)', () => {
  for (const { good, optional } of PROBE_MESSAGES) {
    test(`a good ${good.type} passes whole, and each field missing or of the wrong type is refused by name`, () => {
      assertAccepted(parseProbeMessage(good), good, String(good.type));
      for (const c of brokenVariants(good, optional)) assertRefused(parseProbeMessage(c.value), c.path.split('.').at(-1)!, `${good.type} ${c.name}`);
    });
  }

  test('an unknown type, no type, or no object at all is refused and says so', () => {
    assertRefused(parseProbeMessage({ type: 'heap-profile' }), 'unknown probe message type "heap-profile"', 'unknown type');
    assertRefused(parseProbeMessage({ pid: 1 }), 'needs a type', 'no type');
    for (const raw of [null, 7, 'hello', [1, 2]]) assertRefused(parseProbeMessage(raw), /expected object/, JSON.stringify(raw));
  });

  test('what a program posing as the probe sends is bounded: long text, odd numbers and ports are refused, extra fields dropped', () => {
    const long = 'x'.repeat(4096);
    assertRefused(parseProbeMessage({ type: 'snapshot-written', requestId: 's1', file: long, sizeBytes: 1, atMs: 1, heapUsedBytes: 1 }), 'file', 'a 4 KiB file name');
    assertRefused(parseProbeMessage({ type: 'hello', pid: 1, nodeVersion: long, heapLimitBytes: 1, startedAtEpochMs: 1 }), 'nodeVersion', 'a 4 KiB version');
    assertRefused(parseProbeMessage({ type: 'failed', message: long }), 'message', 'a 4 KiB failure');
    for (const port of [0, 65536, 80.5, -1]) assertRefused(parseProbeMessage({ type: 'listening', port }), 'port', `port ${port}`);
    // JSON has no Infinity or NaN, but IPC with advanced serialization would: they are not figures.
    for (const bad of [Infinity, NaN]) assertRefused(parseProbeMessage({ type: 'sample', sample: { ...sample, heapUsedBytes: bad }, activeHandles: 1 }), 'heapUsedBytes', String(bad));
    assertAccepted(parseProbeMessage({ type: 'listening', port: 8123, host: '10.0.0.1' }), { type: 'listening', port: 8123 }, 'listening with a host');
  });

  test('a calibration without a figure (JSON writes the probe\'s NaN as null) is accepted as null', () => {
    const reading = { type: 'calibration', allocatedBytes: 1, beforeBytes: null, afterAllocBytes: null, afterFreeBytes: null, hasGc: false };
    assertAccepted(parseProbeMessage(reading), reading, 'no figures');
  });
});

describe('load messages', () => {
  const LOAD: { [key: string]: Json }[] = [
    { type: 'load-ready', target: 'http://127.0.0.1:3000' },
    { type: 'load-progress', requests: 120, errors: 1, atMs: 2500 },
    { type: 'load-failed', message: 'ECONNRESET' },
  ];
  for (const good of LOAD) {
    test(`a good ${good.type} passes whole, and each field missing or of the wrong type is refused`, () => {
      assertAccepted(parseLoadMessage(good), good, String(good.type));
      for (const c of brokenVariants(good)) assertRefused(parseLoadMessage(c.value), c.path, `${good.type} ${c.name}`);
    });
  }
  test('an unknown type is refused by name', () => {
    assertRefused(parseLoadMessage({ type: 'load-paused' }), 'unknown load message type "load-paused"', 'unknown');
  });
});

const LOAD_PROFILE = { paths: ['/orders', '/orders/7'], ratePerSec: 200, connections: 4, method: 'POST', body: '{"item":"book"}', headers: { 'content-type': 'application/json', authorization: 'Bearer t' } } satisfies LoadProfile;
const PROGRAM = {
  lessonSlug: '01-global-variables', variant: 'leaky', files: { 'main.js': 'console.log(1)', 'data.json': '{}' }, entry: 'main.js', moduleType: 'commonjs',
  load: LOAD_PROFILE, figure: 'heapUsed', dependencies: ['lru-cache'], permissions: { childProcess: false, worker: false, addons: false, fsWrite: ['out'] },
  nodeFlags: ['--trace-gc'], heapCapMiB: 256,
} satisfies ProgramSpec;

describe('the load profile: one validator for lessons, the socket and the CLI', () => {
  test('a full profile passes whole, body and headers included', () => {
    assertAccepted(parseWith(loadProfileSchema, LOAD_PROFILE), LOAD_PROFILE, 'full profile');
  });

  test('each bad field is refused with the limit in words', () => {
    const bad: [Partial<Record<keyof LoadProfile, Json>>, RegExp][] = [
      [{ ratePerSec: 2.5 }, /ratePerSec: must be a whole number from 1 to 2000/],
      [{ ratePerSec: 100000 }, /ratePerSec: must be a whole number from 1 to 2000/],
      [{ ratePerSec: 0 }, /ratePerSec: must be a whole number from 1 to 2000/],
      [{ connections: 65 }, /connections: must be a whole number from 1 to 64/],
      [{ method: 'TRACE' }, /method: must be one of GET, POST, PUT, PATCH, DELETE/],
      [{ paths: [] }, /paths: must name at least one path/],
      [{ paths: ['users'] }, /paths\[0\]: must start with \//],
      [{ paths: Array.from({ length: 21 }, (_, i) => `/${i}`) }, /paths: may name at most 20 paths/],
      [{ headers: { 'Content-Type': 'text/plain' } }, /headers\.Content-Type: a header name must be an HTTP token in lower case/],
      [{ headers: { 'x-a': 'one\r\nx-injected: two' } }, /headers\.x-a: header values may not hold line breaks/],
      [{ body: 'x'.repeat(65 * 1024) }, /body: must be at most 64 KiB/],
      // Quotes double in JSON: a body under the body limit can still not fit the driver's environment.
      [{ body: '"'.repeat(60 * 1024) }, /more than 96 KiB as JSON/],
    ];
    for (const [change, problem] of bad) assertRefused(parseWith(loadProfileSchema, { ...LOAD_PROFILE, ...change }), problem, JSON.stringify(change).slice(0, 80));
  });

  test('a typo in a field name is refused, not dropped', () => {
    assertRefused(parseWith(loadProfileSchema, { ...LOAD_PROFILE, ratePerSecond: 5 }), /ratePerSecond/, 'typo');
    assertRefused(parseWith(lessonLoadSchema, { paths: ['/'], conections: 5 }), /conections/, 'typo in a lesson');
  });

  test('a lesson may leave out rate, connections and method, and gets the defaults; the limits are the same', () => {
    assertAccepted(parseWith(lessonLoadSchema, { paths: ['/'] }), { paths: ['/'], ratePerSec: 200, connections: 4, method: 'GET' }, 'defaults');
    assertRefused(parseWith(lessonLoadSchema, { paths: ['/'], ratePerSec: 2.5 }), /ratePerSec: must be a whole number from 1 to 2000/, 'a lesson rate of 2.5');
    assertAccepted(parseWith(lessonLoadSchema, { paths: ['/'], method: 'DELETE' }), { paths: ['/'], ratePerSec: 200, connections: 4, method: 'DELETE' }, 'DELETE in a lesson');
  });
});

describe('client messages (page -> runner)', () => {
  const start = { type: 'start', token: 't0k3n', program: PROGRAM };
  const GOOD = [start, { type: 'stop' }, { type: 'snapshot', token: 't0k3n' }, { type: 'watch', token: 't0k3n' },
    { type: 'signal', token: 't0k3n', signal: 'SIGUSR2' }, { type: 'release-files', runId: 'r1' }];

  for (const good of GOOD) {
    test(`a good ${good.type} passes whole, and each field missing or of the wrong type is refused by name`, () => {
      assertAccepted(parseClientMessage(JSON.stringify(good)), good, good.type);
      // Entries of a record (files, headers) may each be left out; of the wrong type, they are refused.
      const optional = ['program.lessonSlug', 'program.load', 'program.load.body', 'program.load.headers',
        'program.files.main.js', 'program.files.data.json', 'program.load.headers.content-type', 'program.load.headers.authorization'];
      for (const c of brokenVariants(good as { [key: string]: Json }, optional)) {
        assertRefused(parseClientMessage(JSON.stringify(c.value)), c.path, `${good.type} ${c.name}`);
      }
    });
  }

  test('a signal the page may not send (SIGUSR1 opens the inspector, SIGKILL is Stop\u2019s) is refused with the ones it may', () => {
    for (const signal of ['SIGUSR1', 'SIGKILL', 'SIGSTOP', 'usr2']) {
      assertRefused(parseClientMessage(JSON.stringify({ type: 'signal', token: 't', signal })), 'signal: must be one of SIGUSR2, SIGTERM, SIGINT', signal);
    }
  });

  test('an unknown type, not JSON, or not an object is refused and says so', () => {
    assertRefused(parseClientMessage('{"type":"format-disk"}'), 'unknown message type "format-disk"', 'unknown type');
    assertRefused(parseClientMessage('{"type":'), 'not JSON', 'truncated');
    assertRefused(parseClientMessage('[1,2,{"type":"start"}]'), /expected object/, 'an array');
  });

  test('a program is bounded as before: files, their size, the heap cap and the token', () => {
    const program = (change: Partial<Record<keyof ProgramSpec, Json>>) => JSON.stringify({ ...start, program: { ...PROGRAM, ...change } });
    assertRefused(parseClientMessage(program({ files: {} })), /program\.files: must hold 1 to 16 files/, 'no files');
    assertRefused(parseClientMessage(program({ files: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`f${i}.js`, ''])) })), /must hold 1 to 16 files/, '17 files');
    assertRefused(parseClientMessage(program({ files: { 'main.js': 'x'.repeat(200_001) } })), /program\.files\.main\.js: must be at most 200000 characters/, 'a long file');
    assertRefused(parseClientMessage(program({ heapCapMiB: 99999 })), /program\.heapCapMiB: must be a whole number from 16 to 4096/, 'heap cap');
    assertRefused(parseClientMessage(program({ dependencies: Array.from({ length: 21 }, () => 'x') })), /program\.dependencies/, '21 dependencies');
    assertRefused(parseClientMessage(JSON.stringify({ ...start, token: 'x'.repeat(201) })), /token: is longer than 200 characters/, 'a long token');
  });
});

describe('server messages (runner -> page)', () => {
  const event = (e: { [key: string]: Json }) => ({ type: 'run-event', event: e });
  const EVENTS: { good: { [key: string]: Json }; optional?: string[] }[] = [
    { good: event({ type: 'started', runId: 'r1', pid: 9, nodeVersion: 'v24.1.0', heapLimitBytes: 2e9, figuresAre: 'v8' }) },
    { good: event({ type: 'output', stream: 'stderr', text: 'oops\n' }) },
    { good: event({ type: 'sample', sample, activeHandles: 2 }) },
    { good: event({ type: 'floor', floor }) },
    { good: event({ type: 'load-ready', target: 'http://127.0.0.1:3000', ratePerSec: 200, paths: ['/'] }) },
    { good: event({ type: 'load', requests: 10, errors: 0, atMs: 900 }) },
    { good: event({ type: 'notice', level: 'warn', code: 'not-listening', text: 'no load' }) },
    { good: event({ type: 'snapshot-progress', phase: 'writing', loadedBytes: 1, totalBytes: 2 }), optional: ['event.loadedBytes', 'event.totalBytes'] },
    { good: event({ type: 'snapshot-ready', snapshot: { snapshotId: 's1', url: '/snapshots/r1/s1', sizeBytes: 9, atMs: 5, heapUsedBytes: 4 } }) },
    { good: event({ type: 'snapshot-failed', reason: 'no' }) },
    { good: event({ type: 'artifacts', runId: 'r1', moreFiles: 0, keptForMs: 600000, files: [
      { fileId: 'f1', name: 'Heap.20261207.1.heapprofile', sizeBytes: 20217, kind: 'heapprofile', url: '/files/r1/f1', path: '/home/u/app/Heap.1.heapprofile', note: 'not kept' },
    ] }), optional: ['event.files.0.url', 'event.files.0.path', 'event.files.0.note'] },
    { good: event({ type: 'exited', runId: 'r1', reason: 'heap-cap', code: null, signal: 'SIGABRT', message: 'crashed' }) },
    { good: { type: 'busy', runningRuns: 4, maxRuns: 4, message: 'busy' } },
    { good: { type: 'rejected', message: 'no' } },
  ];
  for (const { good, optional } of EVENTS) {
    const name = good.type === 'run-event' ? `run event ${(good.event as { type: string }).type}` : String(good.type);
    test(`a good ${name} passes whole, and each field missing or of the wrong type is refused by name`, () => {
      assertAccepted(parseServerMessage(JSON.stringify(good)), good, name);
      for (const c of brokenVariants(good, optional, ['type', 'event.type'])) {
        if (c.path === 'event' && c.name.startsWith('event of')) continue; // covered by the unknown-type test
        assertRefused(parseServerMessage(JSON.stringify(c.value)), c.path.split('.').at(-1)!, `${name} ${c.name}`);
      }
    });
  }

  test('a run event of a type this page does not know is refused by name, as is a frame that is not text', () => {
    assertRefused(parseServerMessage(JSON.stringify(event({ type: 'heap-profile' }))), 'unknown run event type "heap-profile"', 'future event');
    assertRefused(parseServerMessage(JSON.stringify({ type: 'whisper' })), 'unknown message type "whisper"', 'future message');
    assertRefused(parseServerMessage(new ArrayBuffer(4)), 'not text', 'binary');
  });
});

describe('leaklab run --json (RunReport)', () => {
  const report: RunReport = {
    format: RUN_REPORT_FORMAT, verdict: 'leaking', figure: 'heapUsed', unit: 'bytes', slopePerSec: 250_000, slopeLowerBoundPerSec: 200_000, slopeUpperBoundPerSec: 300_000,
    perRequest: 1250, perRequestLowerBound: 1000, perRequestUpperBound: 1500, requestsPerSec: 200, decidedAfterSec: 5, moreSecondsNeeded: null, stoppedLeak: null,
    requests: 2400, samples: 70, floors: 14, reason: 'rising',
    perFigure: [{
      figure: 'heapUsed', verdict: 'leaking', unit: 'bytes', slopePerSec: 250_000, slopeLowerBoundPerSec: 200_000, slopeUpperBoundPerSec: 300_000,
      perRequest: 1250, perRequestLowerBound: 1000, perRequestUpperBound: 1500, requestsPerSec: 200, leakAtLeastPerSec: 3200, flatUnderPerSec: 6400,
      points: 12, windowSec: 8, decidedAfterSec: 5, moreSecondsNeeded: null,
    }],
    loadErrors: 0, nodeVersion: 'v24.1.0', exit: { reason: 'stopped', code: null, signal: null, message: 'Stopped.' },
  };
  test('a report passes whole; a report of another format or with a field missing is refused by name', () => {
    assertAccepted(parseRunReport(JSON.stringify(report)), report, 'report');
    assertRefused(parseRunReport(JSON.stringify({ ...report, format: 1 })), /report\.format/, 'format 1, before the verdict\'s numbers were renamed');
    for (const c of brokenVariants(report as unknown as { [key: string]: Json }, [], ['format'])) {
      if (c.path === 'perFigure' || c.path === 'exit') { assertRefused(parseRunReport(JSON.stringify(c.value)), c.path, c.name); continue; }
      assertRefused(parseRunReport(JSON.stringify(c.value)), c.path.split('.').at(-1)!, c.name);
    }
    assertRefused(parseRunReport('leaklab run: no such file'), 'not JSON', 'an error message on stdout');
  });
});

describe('recordings', () => {
  test('a recording of another format, or lacking a variant\'s series, is refused and says which', () => {
    assertRefused(parseLessonRecording({ format: 0, slug: 'x' }), 'not a format-1 recording', 'format 0');
    const recording = { format: 1, slug: '01-x', nodeVersion: 'v24', recordedAt: '2026-01-01', variants: { leaky: { programHash: 'h' } } };
    assertRefused(parseLessonRecording(recording), /variants\.leaky\.durationSec/, 'no series');
  });
});
