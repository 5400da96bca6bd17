// The Runtime contract (src/runtime/runtime.ts) checked against every implementation with one
// shared function: the local runner (the real server as a child process, driven by the real
// LocalRuntime class over a real WebSocket), the WebContainer adapter (real adapter code, the
// closed runtime replaced by tests/fakes/webcontainer-api.ts, whose processes are real Node
// children with the real probe) and the recorded runtime (a real recording from public/recordings).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProgramSpec } from '../../src/protocol/program.ts';
import type { RunEvent } from '../../src/protocol/run-events.ts';
import type { Runtime } from '../../src/runtime/runtime.ts';
import type { SandboxSources } from '../../src/runtime/webcontainer/container-files.ts';
import { LocalRuntime } from '../../src/runtime/local/local-runtime.ts';
import { WebContainerRuntime } from '../../src/runtime/webcontainer/webcontainer-runtime.ts';
import { RecordedRuntime } from '../../src/runtime/recorded/recorded-runtime.ts';
import { parseRecording } from '../../src/runtime/recorded/recording.ts';
import { lessonProgram, readLesson } from '../../src/lessons/read-lesson.ts';
import { freePort } from '../../src/runner/run-plan.ts';
import { LESSONS_DIR, PROJECT_ROOT } from '../../src/project-paths.ts';
import { descendantsOf, startServerProcess, type ServerProcess } from './server-process.ts';
import { createFakeWebContainerApi, type FakeWebContainerApi } from '../fakes/webcontainer-api.ts';

const LESSON = '01-global-variables';

/** Everything a runtime emitted, with a way to wait for one. */
function record(runtime: Runtime) {
  const events: RunEvent[] = [];
  const waiters: { pred: (e: RunEvent) => boolean; resolve: (e: RunEvent) => void }[] = [];
  runtime.onEvent((e) => {
    events.push(e);
    for (const w of [...waiters]) if (w.pred(e)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(e); }
  });
  const next = (pred: (e: RunEvent) => boolean, what: string, timeoutMs = 20_000): Promise<RunEvent> => {
    const seen = events.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms; events: ${events.map((e) => e.type + (e.type === 'notice' ? `(${e.text})` : '')).join(', ')}`)), timeoutMs);
      waiters.push({ pred, resolve: (e) => { clearTimeout(timer); resolve(e); } });
    });
  };
  return { events, next };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const exitsOf = (events: RunEvent[]) => events.filter((e): e is Extract<RunEvent, { type: 'exited' }> => e.type === 'exited');

interface ContractSubject {
  make(): Runtime;
  program(): ProgramSpec;
  /** True once what `dispose` must release (socket, container, processes) is gone. */
  isReleased(): Promise<boolean>;
}

/** The contract every Runtime keeps; each implementation's describe() calls this. */
function runtimeContract(subject: ContractSubject): void {
  test('start resolves with started as the first event; stop ends the run with one exited, reason stopped, and nothing after it', async () => {
    const runtime = subject.make();
    const { events, next } = record(runtime);
    try {
      await runtime.start(subject.program());
      assert.equal(events[0]?.type, 'started', `first event: ${JSON.stringify(events[0])}`);
      await next((e) => e.type === 'sample' || e.type === 'output' || e.type === 'load', 'activity');
      runtime.stop();
      const exited = await next((e) => e.type === 'exited', 'exited');
      assert.equal(exited.type === 'exited' && exited.reason, 'stopped');
      await sleep(800);
      assert.equal(exitsOf(events).length, 1, 'exactly one exited');
      assert.equal(events.at(-1)?.type, 'exited', `exited is last; after it came ${events.slice(events.indexOf(exited) + 1).map((e) => e.type).join(', ')}`);
      runtime.stop(); // nothing live: does nothing
      await sleep(200);
      assert.equal(exitsOf(events).length, 1);
    } finally {
      runtime.dispose();
    }
  });

  test('start while a run is live ends it with reason replaced, then the new run starts', async () => {
    const runtime = subject.make();
    const { events, next } = record(runtime);
    try {
      await runtime.start(subject.program());
      const first = events.find((e) => e.type === 'started');
      assert.ok(first && first.type === 'started');
      await runtime.start(subject.program());
      const replaced = exitsOf(events).find((e) => e.runId === first.runId);
      assert.equal(replaced?.reason, 'replaced', `the first run's exit: ${JSON.stringify(replaced)}`);
      const starts = events.filter((e) => e.type === 'started');
      assert.equal(starts.length, 2);
      assert.ok(events.indexOf(replaced!) < events.indexOf(starts[1]), 'the old run ends before the new one starts');
      runtime.stop();
      await next((e) => e.type === 'exited' && e.reason === 'stopped', 'the second exit');
      assert.equal(exitsOf(events).length, 2, 'one exited per run');
    } finally {
      runtime.dispose();
    }
  });

  test('a snapshot request is answered by snapshot-ready or snapshot-failed', async () => {
    const runtime = subject.make();
    const { next } = record(runtime);
    try {
      await runtime.start(subject.program());
      await next((e) => e.type === 'sample', 'a sample');
      runtime.requestSnapshot();
      const answer = await next((e) => e.type === 'snapshot-ready' || e.type === 'snapshot-failed', 'a snapshot answer', 30_000);
      if (answer.type === 'snapshot-failed') assert.ok(answer.reason.length > 20, `a reason a learner can read: ${answer.reason}`);
      if (answer.type === 'snapshot-ready') assert.ok(answer.snapshot.sizeBytes > 0);
      assert.equal(runtime.capabilities.snapshots, answer.type === 'snapshot-ready', 'capabilities.snapshots tells the truth');
    } finally {
      runtime.stop();
      runtime.dispose();
    }
  });

  test('dispose ends the run and releases the runtime; no events arrive after it', async () => {
    const runtime = subject.make();
    const { events } = record(runtime);
    await runtime.start(subject.program());
    runtime.dispose();
    const countAtDispose = events.length;
    await sleep(1500);
    assert.equal(events.length, countAtDispose, `events after dispose: ${events.slice(countAtDispose).map((e) => e.type).join(', ')}`);
    assert.equal(await subject.isReleased(), true, 'released');
  });
}

async function program(variant: 'leaky' | 'fixed' = 'leaky'): Promise<ProgramSpec> {
  return lessonProgram(await readLesson(path.join(LESSONS_DIR, LESSON)), variant);
}

describe('Runtime contract: the local runner', () => {
  let server: ServerProcess;
  let spec: ProgramSpec;
  const OriginalWebSocket = globalThis.WebSocket;
  before(async () => {
    server = await startServerProcess();
    spec = await program();
    // Node's WebSocket sends no Origin, which the runner refuses; a browser sends the page's.
    const origin = server.url;
    globalThis.WebSocket = class extends OriginalWebSocket {
      constructor(url: string | URL) { super(url, { headers: { origin } } as unknown as string[]); }
    } as typeof WebSocket;
  });
  after(async () => {
    globalThis.WebSocket = OriginalWebSocket;
    await server.stop();
  });
  runtimeContract({
    make: () => new LocalRuntime(server.token, `ws://127.0.0.1:${server.port}/ws`),
    program: () => spec,
    // The runner ends a run when its page's socket closes: the program and load driver go away.
    isReleased: () => noDescendantsWithin(server.pid, 5000),
  });
});

async function noDescendantsWithin(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (descendantsOf(pid).length) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

async function containersReleasedWithin(api: FakeWebContainerApi, timeoutMs: number): Promise<boolean> {
  assert.ok(api.booted.length > 0, 'the runtime booted a container');
  const deadline = Date.now() + timeoutMs;
  while (api.live.length > 0 || api.booted.some((c) => !c.isTornDown || c.children.size > 0)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

describe('Runtime contract: the WebContainer adapter (fake @webcontainer/api)', () => {
  let api: FakeWebContainerApi;
  let spec: ProgramSpec;
  let sandbox: SandboxSources;
  // The fake's processes share this machine's network, unlike a real container's: a free port, not 3000.
  let port: number;
  before(async () => {
    spec = await program();
    port = await freePort();
    sandbox = {
      probe: await readFile(path.join(PROJECT_ROOT, 'sandbox/probe.mjs'), 'utf8'),
      loadLoop: await readFile(path.join(PROJECT_ROOT, 'sandbox/load-loop.mjs'), 'utf8'),
      frameMarkers: await readFile(path.join(PROJECT_ROOT, 'sandbox/frame-markers.mjs'), 'utf8'),
    };
  });
  runtimeContract({
    make: () => {
      api = createFakeWebContainerApi('ok');
      return new WebContainerRuntime(api, { sandbox, programPort: port });
    },
    program: () => spec,
    // Released: the container the runtime booted is torn down, and its processes (the program
    // and the load loop) have exited.
    isReleased: () => containersReleasedWithin(api, 5000),
  });
});

describe('Runtime contract: the recorded runtime', () => {
  let spec: ProgramSpec;
  before(async () => { spec = await program(); });
  runtimeContract({
    make: () => new RecordedRuntime(async (slug) => parseRecording(JSON.parse(await readFile(path.join(PROJECT_ROOT, 'public/recordings', `${slug}.json`), 'utf8')), slug), { speed: 4 }),
    program: () => spec,
    isReleased: async () => true,
  });
});

