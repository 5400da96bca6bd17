// The frame markers are written once, in sandbox/frame-markers.mjs; the probe, the load loop and
// the page's frame parser import them. These tests fail when they drift: a marker written again
// somewhere else, a sandbox import the WebContainer tree does not mount, or one the local
// runner's permission model would not let the probe read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FRAME_END, FRAME_START } from '../../sandbox/frame-markers.mjs';
import { FrameParser, FRAME_END as PARSER_END, FRAME_START as PARSER_START } from '../../src/runtime/webcontainer/frame-parser.ts';
import { runTree, SANDBOX_DIR } from '../../src/runtime/webcontainer/container-files.ts';
import { permissionArgs } from '../../src/runner/node-args.ts';
import { LESSONS_DIR, PROBE_PATH, PROJECT_ROOT } from '../../src/project-paths.ts';
import { lessonProgram, readLesson } from '../../src/lessons/read-lesson.ts';
import type { ContainerFileTree } from '../../src/runtime/webcontainer/webcontainer-api.ts';

const SANDBOX = path.join(PROJECT_ROOT, 'sandbox');
const MARKERS_FILE = path.join(SANDBOX, 'frame-markers.mjs');
/** The two characters raw, or written as a JS escape (\u001e, \x1e, \u{1e}; either case). */
const MARKER_IN_SOURCE = /[\u001e\u001f]|\\u001[ef]|\\x1[ef]|\\u\{1[ef]\}/i;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.(m?js|ts|astro)$/.test(name) ? [file] : [];
  });
}

/** The relative imports of a sandbox file (`./frame-markers.mjs`). */
function relativeImports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^import\s[^;]*?from\s+'(\.\/[^']+)'/gm)].map((m) => m[1]);
}

test('the page\'s frame parser uses the markers the sandbox writes', () => {
  assert.equal(PARSER_START, FRAME_START);
  assert.equal(PARSER_END, FRAME_END);
  assert.notEqual(FRAME_START, FRAME_END);
  // JSON escapes control characters, so a frame's body can never contain a marker.
  assert.doesNotMatch(JSON.stringify({ text: `${FRAME_START}${FRAME_END}` }), /[\u001e\u001f]/);
});

test('no file in src/ or sandbox/ but frame-markers.mjs writes the markers itself', () => {
  const offenders = [...sourceFiles(path.join(PROJECT_ROOT, 'src')), ...sourceFiles(SANDBOX)]
    .filter((file) => file !== MARKERS_FILE && MARKER_IN_SOURCE.test(readFileSync(file, 'utf8')))
    .map((file) => path.relative(PROJECT_ROOT, file));
  assert.deepEqual(offenders, [], `import FRAME_START and FRAME_END from sandbox/frame-markers.mjs instead in: ${offenders.join(', ')}`);
});

test('every file the probe and the load loop import is mounted beside them in the WebContainer', async () => {
  const program = await lessonProgram(await readLesson(path.join(LESSONS_DIR, '01-global-variables')), 'leaky');
  const sources = { probe: readFileSync(PROBE_PATH, 'utf8'), loadLoop: readFileSync(path.join(SANDBOX, 'load-loop.mjs'), 'utf8'), frameMarkers: readFileSync(MARKERS_FILE, 'utf8') };
  const tree = runTree(program, sources);
  const mounted = tree[SANDBOX_DIR];
  assert.ok(mounted && 'directory' in mounted);
  for (const file of ['probe.mjs', 'load-loop.mjs']) {
    const imports = relativeImports(path.join(SANDBOX, file));
    assert.ok(imports.includes('./frame-markers.mjs'), `${file} imports the markers`);
    for (const imported of imports) {
      const name = imported.slice(2);
      const entry: ContainerFileTree[string] | undefined = mounted.directory[name];
      assert.ok(entry && 'file' in entry, `${file} imports ${imported}, which runTree must mount in ${SANDBOX_DIR}/`);
      assert.equal(entry.file.contents, readFileSync(path.join(SANDBOX, name), 'utf8'), `${name} is mounted as it is in sandbox/`);
    }
  }
});

test('the probe, confined by the local runner\'s permissions, frames its hello with the shared markers', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'leaklab-markers-'));
  try {
    const args = [...permissionArgs(dir, { childProcess: false, worker: false, addons: false, fsWrite: [] }), '--import', PROBE_PATH, '-e', 'setTimeout(() => {}, 10)'];
    const child = spawn(process.execPath, args, { cwd: dir, env: { PATH: process.env.PATH ?? '', LEAKLAB_PROBE_CHANNEL: 'frames' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const frames: unknown[] = [];
    let text = '';
    let stderr = '';
    const parser = new FrameParser({ onText: (t) => { text += t; }, onFrame: (v) => frames.push(v) });
    child.stdout.setEncoding('utf8').on('data', (t: string) => parser.push(t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => { stderr += t; });
    const code = await new Promise((resolve) => child.once('close', resolve));
    assert.equal(code, 0, `the probe ran under --permission: ${stderr.slice(0, 500)}`);
    assert.ok(frames.some((f) => (f as { type?: string }).type === 'hello'), `a hello frame arrived; got ${JSON.stringify(frames).slice(0, 300)}`);
    assert.doesNotMatch(text, /[\u001e\u001f]/, 'no marker is left in the text');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
