// The WebContainer runtime's own logic: calibration, the framed probe channel, the boot time
// limit, and what a learner sees when the figures are a stand-in. The closed runtime is the
// in-repo fake (tests/fakes/webcontainer-api.ts); its processes are real Node with the real probe.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { judgeCalibration, type CalibrationReading } from '../../src/runtime/webcontainer/calibration.ts';
import { FrameParser } from '../../src/runtime/webcontainer/frame-parser.ts';
import { WebContainerRuntime } from '../../src/runtime/webcontainer/webcontainer-runtime.ts';
import type { RunEvent } from '../../src/protocol/run-events.ts';
import type { ProgramSpec } from '../../src/protocol/program.ts';
import { lessonProgram, readLesson } from '../../src/lessons/read-lesson.ts';
import { freePort } from '../../src/runner/run-plan.ts';
import { LESSONS_DIR, PROBE_PATH, PROJECT_ROOT } from '../../src/project-paths.ts';
import { programSpec } from './run-program.ts';
import { createFakeWebContainerApi, type FakeBoot, type FakeMemory } from '../fakes/webcontainer-api.ts';

const MB = 1048576;
const reading = (r: Partial<CalibrationReading>): CalibrationReading => ({ allocatedBytes: 32 * MB, beforeBytes: 5 * MB, afterAllocBytes: 69 * MB, afterFreeBytes: 5 * MB, hasGc: true, ...r });

/** Runs the real probe in framed mode on real Node and returns its calibration reading. */
async function realCalibration(extraArgs: string[]): Promise<CalibrationReading> {
  const child = spawn(process.execPath, [...extraArgs, '--import', PROBE_PATH, '-e', 'setTimeout(() => {}, 10)'], {
    env: { PATH: process.env.PATH ?? '', LEAKLAB_PROBE_CHANNEL: 'frames', LEAKLAB_CALIBRATE: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const frames: unknown[] = [];
  const parser = new FrameParser({ onText: () => undefined, onFrame: (v) => frames.push(v) });
  child.stdout.setEncoding('utf8').on('data', (t: string) => parser.push(t));
  await new Promise((r) => child.once('close', r));
  const calibration = frames.find((f) => (f as { type?: string }).type === 'calibration');
  assert.ok(calibration, `the probe sent a calibration frame; got ${JSON.stringify(frames).slice(0, 300)}`);
  return calibration as CalibrationReading;
}

describe('calibration', () => {
  test('real V8 figures, with and without a forced GC, are judged v8', async () => {
    assert.equal(judgeCalibration(await realCalibration(['--expose-gc'])).figuresAre, 'v8');
    const withoutGc = judgeCalibration(await realCalibration([]));
    assert.equal(withoutGc.figuresAre, 'v8', withoutGc.reason);
  });

  test('figures that do not move, or are missing, are unavailable', () => {
    const constant = judgeCalibration(reading({ beforeBytes: 10e6, afterAllocBytes: 10e6, afterFreeBytes: 10e6 }));
    assert.equal(constant.figuresAre, 'unavailable');
    assert.match(constant.reason, /do not respond/);
    assert.equal(judgeCalibration(reading({ afterAllocBytes: Number.NaN })).figuresAre, 'unavailable');
  });

  test('figures that move but not with the allocation are approximate, never v8', () => {
    // A stand-in that counts something else: a few MB of drift.
    assert.equal(judgeCalibration(reading({ beforeBytes: 10 * MB, afterAllocBytes: 14 * MB, afterFreeBytes: 12 * MB })).figuresAre, 'approximate');
    // A rise far beyond the allocation (the whole tab's memory, say).
    assert.equal(judgeCalibration(reading({ beforeBytes: 100 * MB, afterAllocBytes: 400 * MB, afterFreeBytes: 100 * MB })).figuresAre, 'approximate');
    // Rises with the allocation but never comes back.
    const noRelease = judgeCalibration(reading({ afterFreeBytes: 69 * MB, hasGc: false }));
    assert.equal(noRelease.figuresAre, 'approximate');
    assert.match(noRelease.reason, /cannot force a GC/);
  });
});

describe('the framed probe channel', () => {
  test('frames are taken out of the terminal stream wherever they fall, and the text around them is kept', () => {
    const texts: string[] = [];
    const frames: unknown[] = [];
    const parser = new FrameParser({ onText: (t) => texts.push(t), onFrame: (v) => frames.push(v) });
    parser.push('hello wor');
    parser.push('ld\x1e{"type":"sam');
    parser.push('ple","n":1}\x1f and more\r\n\x1e{"type":"floor"}\x1f');
    parser.push('\x1enot json\x1fdone');
    assert.equal(texts.join(''), 'hello world and more\r\ndone');
    assert.deepEqual(frames, [{ type: 'sample', n: 1 }, { type: 'floor' }, undefined]);
  });
});

async function sandbox() {
  return {
    probe: await readFile(PROBE_PATH, 'utf8'),
    loadLoop: await readFile(path.join(PROJECT_ROOT, 'sandbox/load-loop.mjs'), 'utf8'),
    frameMarkers: await readFile(path.join(PROJECT_ROOT, 'sandbox/frame-markers.mjs'), 'utf8'),
  };
}

async function lesson01(): Promise<ProgramSpec> {
  return lessonProgram(await readLesson(path.join(LESSONS_DIR, '01-global-variables')), 'leaky');
}

async function runFor(boot: FakeBoot, memory: FakeMemory, ms: number, bootTimeoutMs = 10_000) {
  const api = createFakeWebContainerApi(boot, memory);
  const runtime = new WebContainerRuntime(api, { sandbox: await sandbox(), bootTimeoutMs, programPort: await freePort() });
  const events: RunEvent[] = [];
  runtime.onEvent((e) => events.push(e));
  const startedAt = performance.now();
  await runtime.start(await lesson01());
  const startMs = performance.now() - startedAt;
  if (events.some((e) => e.type === 'started')) {
    await new Promise((r) => setTimeout(r, ms));
    runtime.stop();
    await new Promise((r) => setTimeout(r, 1000));
  }
  return { api, runtime, events, startMs };
}

describe('the WebContainer runtime', () => {
  test('a boot that never answers (no network) fails within the time limit with a reason, and is not retried', async () => {
    const { api, runtime, events, startMs } = await runFor('hang', 'real', 0, 500);
    assert.ok(startMs < 1500, `start settled after ${startMs.toFixed(0)} ms`);
    const notice = events.find((e) => e.type === 'notice');
    assert.match(notice?.type === 'notice' ? notice.text : '', /could not boot within 1 s \(no network\?/);
    assert.deepEqual(events.map((e) => e.type), ['notice', 'exited']);
    assert.equal(events[1].type === 'exited' && events[1].reason, 'failed');
    await assert.rejects(runtime.ready(), /could not boot/);
    await runtime.start(await lesson01());
    assert.equal(api.bootCalls, 1, 'boot() is called once per page');
    runtime.dispose();
  });

  test('a boot that fails says why', async () => {
    const { events } = await runFor('fail', 'real', 0);
    const notice = events.find((e) => e.type === 'notice');
    assert.match(notice?.type === 'notice' ? notice.text : '', /could not boot: Failed to fetch/);
  });

  test('real V8 figures are reported as v8, with samples, floors and load from the in-container loop', async () => {
    const { events, runtime } = await runFor('ok', 'real', 2500);
    const started = events.find((e) => e.type === 'started');
    assert.equal(started?.type === 'started' && started.figuresAre, 'v8');
    assert.ok(events.filter((e) => e.type === 'sample').length >= 8);
    assert.ok(events.some((e) => e.type === 'floor'));
    const load = events.filter((e) => e.type === 'load').at(-1);
    assert.ok(load?.type === 'load' && load.requests > 50, `requests: ${JSON.stringify(load)}`);
    const output = events.filter((e) => e.type === 'output').map((e) => (e.type === 'output' ? e.text : '')).join('');
    assert.doesNotMatch(output, /[\x1e\x1f]|"type":"sample"/, 'no probe frame reaches the terminal');
    runtime.dispose();
  });

  test('stand-in figures are labelled unavailable, never drawn, and the page offers the local runner or the recording', async () => {
    const { events, runtime } = await runFor('ok', 'stand-in', 1500);
    const started = events.find((e) => e.type === 'started');
    assert.equal(started?.type === 'started' && started.figuresAre, 'unavailable');
    assert.equal(events.filter((e) => e.type === 'sample' || e.type === 'floor').length, 0, 'no stand-in numbers reach the chart');
    const calibration = events.find((e) => e.type === 'notice' && e.code === 'calibration');
    assert.match(calibration?.type === 'notice' ? calibration.text : '', /do not respond.*npm start.*Recording/s);
    assert.equal(runtime.capabilities.snapshots, false);
    assert.match(runtime.capabilities.reason ?? '', /stand-in/);
    runtime.dispose();
  });
});

describe('what the program itself prints on the framed channel', () => {
  // The frames share the terminal stream with the program's own output: a program (or a library
  // it uses) that prints a record separator makes a frame the probe never sent.
  test('a stray frame, of an unknown type or with fields missing, becomes a notice and the run goes on', async () => {
    const api = createFakeWebContainerApi('ok', 'real');
    const runtime = new WebContainerRuntime(api, { sandbox: await sandbox(), programPort: await freePort() });
    const events: RunEvent[] = [];
    runtime.onEvent((e) => events.push(e));
    const code = `
      console.log('line one');
      process.stdout.write('\\x1e{"type":"not-a-probe-type"}\\x1f');
      process.stdout.write('\\x1e{"type":"sample"}\\x1f');
      setTimeout(() => console.log('line two'), 400);
      setInterval(() => {}, 1000);`;
    try {
      await runtime.start(programSpec(code));
      const strayAt = events.length;
      await new Promise((r) => setTimeout(r, 1500));
      const output = events.filter((e) => e.type === 'output').map((e) => (e.type === 'output' ? e.text : '')).join('');
      assert.match(output, /line one[\s\S]*line two/, `the output after the stray frames arrives: ${JSON.stringify(output)}`);
      const notices = events.filter((e) => e.type === 'notice' && e.code === 'bad-frame').map((e) => (e.type === 'notice' ? e.text : ''));
      assert.equal(notices.length, 2, `one notice per stray frame: ${JSON.stringify(notices)}`);
      assert.match(notices[0], /not-a-probe-type/);
      assert.match(notices[1], /sample/);
      const samples = events.filter((e) => e.type === 'sample');
      assert.ok(samples.every((e) => e.type === 'sample' && typeof e.sample?.heapUsedBytes === 'number'), 'no sample without figures reaches the page');
      assert.ok(events.slice(strayAt).filter((e) => e.type === 'sample').length >= 3, 'samples keep coming after the stray frames');
    } finally {
      runtime.stop();
      await new Promise((r) => setTimeout(r, 300));
      runtime.dispose();
    }
  });
});
