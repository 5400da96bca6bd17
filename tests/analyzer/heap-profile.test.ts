import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SourceMapGenerator } from 'source-map-js';
import { parseHeapProfile } from '../../src/analyzer/profile/heap-profile.ts';
import { profileSites, profileTree } from '../../src/analyzer/profile/profile-sites.ts';
import { diffProfiles } from '../../src/analyzer/profile/diff-profiles.ts';
import { withMappedFrames } from '../../src/analyzer/profile/source-mapped-frames.ts';
import { ProfileParseError } from '../../src/analyzer/errors.ts';

// Tiny profiles written by hand, in the shape V8 gives them: `callFrame` positions 0-based,
// `selfSize` the sampled bytes allocated at the node, `samples` one entry per sample.

interface Drawn { fn: string; url?: string; script?: number; line?: number; column?: number; self?: number; samples?: number; children?: Drawn[] }

function profileText(root: Drawn[], wrap = false): string {
  let id = 0;
  const samples: { size: number; nodeId: number; ordinal: number }[] = [];
  const node = (d: Drawn): object => {
    const nodeId = ++id;
    for (let k = 0; k < (d.samples ?? 0); k++) samples.push({ size: (d.self ?? 0) / (d.samples ?? 1), nodeId, ordinal: samples.length });
    return {
      callFrame: { functionName: d.fn, scriptId: String(d.script ?? (d.url ? 7 : 0)), url: d.url ?? '', lineNumber: d.line ?? -1, columnNumber: d.column ?? -1 },
      selfSize: d.self ?? 0, id: nodeId, children: (d.children ?? []).map(node),
    };
  };
  const profile = { head: node({ fn: '(root)', children: root }), samples };
  return JSON.stringify(wrap ? { profile } : profile);
}

const APP = '/srv/app/server.js';
const CACHE = '/srv/app/lib/cache.js';
const EXPRESS = '/srv/app/node_modules/express/lib/router.js';

/** root → Node's loader → server.js (top level) → [handle → (remember, JSON.parse), express → onRequest → remember]. */
function leakyServer(rememberBytes: number): Drawn[] {
  return [{
    fn: 'runMain', url: 'node:internal/modules/run_main', line: 10, column: 2, children: [{
      fn: '', url: APP, line: 0, column: 0, self: 100, samples: 1, children: [
        { fn: 'handle', url: APP, line: 9, column: 15, self: 1000, samples: 1, children: [
          { fn: 'remember', url: CACHE, line: 2, column: 36, self: rememberBytes, samples: rememberBytes / 1000 },
          { fn: 'parse', url: '', self: 500, samples: 1 },
        ] },
        { fn: 'handle', url: EXPRESS, line: 40, column: 3, children: [
          { fn: 'onRequest', url: APP, line: 20, column: 9, children: [
            { fn: 'remember', url: CACHE, line: 2, column: 36, self: 2000, samples: 2 },
          ] },
        ] },
        { fn: 'setupTimers', url: 'node:internal/timers', line: 1, column: 1, self: 700, samples: 1 },
      ],
    }],
  }];
}

const frame = (functionName: string, url: string, line: number, column: number) => ({ functionName, url, line, column, origin: 'app' as const });
const REMEMBER = frame('remember', CACHE, 3, 37);
const HANDLE = frame('handle', APP, 10, 16);
const ON_REQUEST = frame('onRequest', APP, 21, 10);
const TOP = frame('', APP, 1, 1);

test('top sites fold Node, natives and node_modules into the caller, with self and total bytes and samples per call path', () => {
  const result = profileSites(parseHeapProfile(profileText(leakyServer(3000))));
  assert.deepEqual(result, {
    totalBytes: 7300, totalSamples: 9, sampleIntervalBytes: 1000, isFolded: true,
    sites: [
      { stack: [REMEMBER, HANDLE, TOP], selfBytes: 3000, totalBytes: 3000, selfSamples: 3, totalSamples: 3 },
      { stack: [REMEMBER, ON_REQUEST, TOP], selfBytes: 2000, totalBytes: 2000, selfSamples: 2, totalSamples: 2 },
      // JSON.parse (a native) is handle's own allocation when folded.
      { stack: [HANDLE, TOP], selfBytes: 1500, totalBytes: 4500, selfSamples: 2, totalSamples: 5 },
      // Node's timers, folded into the top level that started them.
      { stack: [TOP], selfBytes: 800, totalBytes: 7300, selfSamples: 2, totalSamples: 9 },
    ],
  });
});

test('--all-frames keeps every frame: natives, node_modules and Node internals are sites and callers of their own', () => {
  const result = profileSites(parseHeapProfile(profileText(leakyServer(3000))), { allFrames: true, top: 10 });
  const texts = result.sites.map((s) => s.stack.map((f) => `${f.functionName}@${f.origin}`).join(' < '));
  assert.deepEqual(texts, [
    'remember@app < handle@app < @app < runMain@node-internal',
    'remember@app < onRequest@app < handle@node-modules < @app < runMain@node-internal',
    'handle@app < @app < runMain@node-internal',
    'setupTimers@node-internal < @app < runMain@node-internal',
    'parse@native < handle@app < @app < runMain@node-internal',
    '@app < runMain@node-internal',
  ]);
  assert.equal(result.isFolded, false);
});

test('the top-down tree sums each call path\'s callees into its total', () => {
  const tree = profileTree(parseHeapProfile(profileText(leakyServer(3000))));
  assert.equal(tree.totalBytes, 7300);
  assert.equal(tree.children.length, 1);
  const top = tree.children[0];
  assert.deepEqual([top.frame?.functionName, top.selfBytes, top.totalBytes], ['', 800, 7300]);
  assert.deepEqual(top.children.map((c) => [c.frame?.functionName, c.totalBytes]), [['handle', 4500], ['onRequest', 2000]]);
});

test('a diff of two profiles ranks call paths by growth, matched by frames across processes', () => {
  // The second profile comes from another process: other script ids, same functions.
  const later = profileText(leakyServer(9000)).replaceAll('"scriptId":"7"', '"scriptId":"93"');
  const result = diffProfiles(parseHeapProfile(profileText(leakyServer(3000))), parseHeapProfile(later));
  assert.deepEqual(result, {
    totalBytesBefore: 7300, totalBytesAfter: 13300, sampleIntervalBytes: 1000, isFolded: true,
    sites: [{ stack: [REMEMBER, HANDLE, TOP], bytesBefore: 3000, bytesAfter: 9000, bytesDelta: 6000, samplesBefore: 3, samplesAfter: 9 }],
  });
});

test('the inspector\'s reply { profile } reads as the profile itself', () => {
  assert.deepEqual(parseHeapProfile(profileText(leakyServer(3000), true)), parseHeapProfile(profileText(leakyServer(3000))));
});

test('a frame of a source-mapped script moves to the original file, line and function', () => {
  const map = new SourceMapGenerator({ file: 'cache.js' });
  // Generated line 3, column 36 (0-based) is src/cache.ts line 12, column 2, function rememberEntry.
  map.addMapping({ generated: { line: 3, column: 36 }, original: { line: 12, column: 2 }, source: '../src/cache.ts', name: 'rememberEntry' });
  const mapped = withMappedFrames(parseHeapProfile(profileText(leakyServer(3000))), (url) => (url === CACHE ? { map: JSON.parse(map.toString()), mapUrl: 'file:///srv/app/lib/cache.js.map' } : undefined));
  const [top] = profileSites(mapped).sites;
  assert.deepEqual(top.stack[0], {
    functionName: 'rememberEntry', url: 'file:///srv/app/src/cache.ts', line: 12, column: 3, origin: 'app',
    generated: { url: CACHE, line: 3, column: 37 },
  });
  // Both call paths into the one mapped function keep their own callers.
  assert.equal(profileSites(mapped).sites[1].stack[0].functionName, 'rememberEntry');
});

test('a cut, foreign or damaged profile is refused with what it is, where, and what to try', () => {
  const good = profileText(leakyServer(3000));
  const cut = good.slice(0, 200);
  const cases: [string, string, string][] = [
    ['empty', '  ', 'The profile is empty (0 bytes of JSON). Was it still being written when it was read?'],
    ['cut', cut, `The profile ends after 200 bytes, before its JSON does: the file is cut short. Copy it again in full, or record the profile again (node --heap-prof writes it when the process exits). (at byte 200)`],
    ['not JSON', 'heap profile\n', 'The file is not JSON (Unexpected token \'h\', "heap profile\n" is not valid JSON), so not a heap profile. Is it the right file?'],
    ['a CPU profile', JSON.stringify({ nodes: [], startTime: 0, endTime: 1, samples: [], timeDeltas: [] }), 'The file is a CPU profile (.cpuprofile), not a heap profile. Record one with `node --heap-prof` (or DevTools\' Allocation sampling).'],
    ['a heap snapshot', JSON.stringify({ snapshot: { meta: {} }, nodes: [] }), 'The file is a heap snapshot, not a sampling heap profile: open it with `leaklab summary`.'],
    ['other JSON', JSON.stringify({ name: 'x', version: '1' }), 'The file is JSON but not a heap profile: its keys are "name", "version", where a profile has "head" (and "samples"). Is it the right file?'],
    ['a bad size', good.replace('"selfSize":1000', '"selfSize":-5'), 'The profile\'s head.children[0].children[0].children[0].selfSize is -5, not a size in bytes. The file is damaged: record the profile again.'],
    ['a missing url', good.replace(`"url":"${CACHE}"`, '"file":"x"'), 'The profile\'s head.children[0].children[0].children[0].children[0].callFrame.url is not a string. The file is damaged: record the profile again.'],
  ];
  for (const [what, text, message] of cases) {
    assert.throws(() => parseHeapProfile(text), (error: unknown) => {
      assert.ok(error instanceof ProfileParseError, `${what}: ${String(error)}`);
      assert.equal(error.message, message, what);
      return true;
    });
  }
});
