import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalRuntime } from '../../src/runtime/local/local-runtime.ts';
import { chooseRuntime, type RuntimeChoiceInput, type RuntimePick } from '../../src/runtime/pick-runtime.ts';
import { RecordedRuntime } from '../../src/runtime/recorded/recorded-runtime.ts';
import type { LessonRecording } from '../../src/runtime/recorded/recording.ts';
import type { RuntimeKind } from '../../src/runtime/runtime.ts';
import { WebContainerRuntime } from '../../src/runtime/webcontainer/webcontainer-runtime.ts';
import { createFakeWebContainerApi, type FakeBoot } from '../fakes/webcontainer-api.ts';

const RECORDING: LessonRecording = { format: 1, slug: '01-global-variables', nodeVersion: 'v24.21.0', recordedAt: '2026-11-27T00:00:00Z', variants: {} };

/** A page's inputs: the static site (no runner), isolated, every runtime allowed; `overrides` change one thing. */
function input(overrides: Partial<RuntimeChoiceInput> & { boot?: FakeBoot }, tried: RuntimeKind[] = []): RuntimeChoiceInput {
  const { boot = 'fail', ...rest } = overrides;
  return {
    search: '', runnerToken: null, socketUrl: 'ws://127.0.0.1:4321/ws', isCrossOriginIsolated: true,
    allowed: ['local', 'webcontainer', 'recorded'], lessonSlug: RECORDING.slug,
    // The real WebContainer adapter on the in-repo fake of StackBlitz's API (the real one needs the network).
    createWebContainer: async () => new WebContainerRuntime(createFakeWebContainerApi(boot), { sandbox: { probe: '', loadLoop: '', frameMarkers: '' }, bootTimeoutMs: 1000 }),
    loadRecording: async () => RECORDING,
    onTrying: (kind) => tried.push(kind),
    ...rest,
  };
}

function reasonOf(pick: RuntimePick): string {
  return pick.runtime ? pick.runtime.capabilities.reason ?? '' : pick.reason;
}

test('a page served by npm start runs on the local runner without trying anything else', async () => {
  const tried: RuntimeKind[] = [];
  const pick = await chooseRuntime(input({ runnerToken: 'token-1' }, tried));
  assert.equal(pick.kind, 'local');
  assert.ok(pick.runtime instanceof LocalRuntime);
  assert.deepEqual(tried, []);
  pick.runtime.dispose();
});

test('a WebContainer that fails to boot falls back to the recording, and the banner says why', async () => {
  const tried: RuntimeKind[] = [];
  const pick = await chooseRuntime(input({}, tried));
  assert.equal(pick.kind, 'recorded');
  assert.ok(pick.runtime instanceof RecordedRuntime);
  assert.deepEqual(tried, ['webcontainer', 'recorded']);
  assert.match(reasonOf(pick), /^WebContainer could not boot: .* \u2014 showing the recording made on Node v24\.21\.0\./);
});

test('a WebContainer boot that never answers is given up within its time limit', async () => {
  const startedAt = performance.now();
  const pick = await chooseRuntime(input({ search: '?runtime=webcontainer', boot: 'hang' }));
  assert.equal(pick.kind, 'recorded');
  assert.match(reasonOf(pick), /^WebContainer could not boot within 1 s \(no network\? .* \u2014 showing the recording/);
  assert.ok(performance.now() - startedAt < 5000);
});

test('a static site that is not cross-origin isolated shows the recording, saying WebContainer cannot start there', async () => {
  const tried: RuntimeKind[] = [];
  const pick = await chooseRuntime(input({ isCrossOriginIsolated: false }, tried));
  assert.equal(pick.kind, 'recorded');
  assert.deepEqual(tried, ['recorded']);
  assert.match(reasonOf(pick), /not cross-origin isolated.*WebContainer cannot start \u2014 showing the recording/);
});

test('?runtime= asks by name: an unknown name, a runtime the lesson does not allow, or a runner that is not there is said, then the recording shown', async () => {
  assert.match(reasonOf(await chooseRuntime(input({ search: '?runtime=bogus' }))), /^Unknown runtime "bogus" in the address \(use \?runtime=local, webcontainer or recorded\) \u2014 showing/);
  assert.match(reasonOf(await chooseRuntime(input({ search: '?runtime=webcontainer', allowed: ['local', 'recorded'] }))), /^This lesson does not run on the webcontainer runtime; it runs on: local, recorded \u2014/);
  assert.match(reasonOf(await chooseRuntime(input({ search: '?runtime=local' }))), /^No local runner served this page \(start one with `npm start`/);
  const plain = await chooseRuntime(input({ search: '?runtime=recorded' }));
  assert.equal(reasonOf(plain).startsWith('Showing the recording made on Node v24.21.0: nothing runs on this page.'), true);
});

test('with no recording to fall back on, there is no runtime, and the reason says what to do', async () => {
  const none = await chooseRuntime(input({ allowed: ['local'] }));
  assert.deepEqual([none.runtime, none.kind], [null, 'none']);
  assert.match(reasonOf(none), /This lesson has no recording to show instead\. Run Leak Lab locally: `npm start`\.$/);
  const missing = await chooseRuntime(input({ isCrossOriginIsolated: false, loadRecording: async () => { throw new Error('HTTP 404'); } }));
  assert.deepEqual([missing.runtime, missing.kind], [null, 'recorded']);
  assert.match(reasonOf(missing), /No recording of this lesson could be loaded \(HTTP 404\)/);
});
