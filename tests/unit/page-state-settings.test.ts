// The run settings and the run files in the page state: what Run may start with, what a field
// says when its value is wrong, what Reset restores, and what the Files tab lists. Lesson 01's
// and lesson 04's real frontmatter are the defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readLesson } from '../../src/lessons/read-lesson.ts';
import { programFromMeta } from '../../src/lessons/program-from-meta.ts';
import { LESSONS_DIR } from '../../src/project-paths.ts';
import { settingsOf } from '../../src/protocol/run-settings.ts';
import type { ProgramFile } from '../../src/protocol/run-events.ts';
import { initialPageState, type PageState } from '../../src/playground/page-state/page-state.ts';
import { canRun, settingsProblem } from '../../src/playground/page-state/page-selectors.ts';
import { isChanged, settingsSlice } from '../../src/playground/page-state/settings-rules.ts';
import { MAX_RUN_FILE_LISTS } from '../../src/playground/page-state/run-files-rules.ts';
import type { PageAction } from '../../src/playground/page-state/page-actions.ts';
import { after, localChosen, runEvent, terminalText } from './support/page-events.ts';

async function lessonPage(slug: string): Promise<PageState> {
  const lesson = await readLesson(path.join(LESSONS_DIR, slug));
  const defaults = settingsOf(programFromMeta(lesson.meta, { 'main.js': '' }, 'leaky', slug), null);
  return after([localChosen], initialPageState({ figure: lesson.meta.figure, highlightClass: null, settings: settingsSlice(defaults) }));
}

const edit = (field: 'nodeFlags' | 'heapCapMiB' | 'paths' | 'ratePerSec' | 'method' | 'durationSec', text: string): PageAction => ({ type: 'setting-edited', field, text });

test('the settings start as the lesson\u2019s frontmatter has them, and Run may start with them', async () => {
  const s = await lessonPage('04-the-crash');
  assert.deepEqual(s.settings?.draft, { nodeFlags: '--trace-gc', heapCapMiB: '64', paths: '/', ratePerSec: '200', method: 'GET', durationSec: '' });
  assert.deepEqual(s.settings?.checked?.nodeFlags, ['--trace-gc']);
  assert.equal(canRun(s), true);
});

test('a value the validator refuses stays in its field with the problem, and Run does not start until it is fixed', async () => {
  const s = after([edit('heapCapMiB', '8'), edit('nodeFlags', '--trace-gc --inspect')], await lessonPage('01-global-variables'));
  assert.equal(s.settings?.draft.heapCapMiB, '8', 'the field keeps what was typed');
  assert.equal(s.settings?.problems.heapCapMiB, 'must be a whole number from 16 to 4096');
  assert.match(s.settings?.problems.nodeFlags ?? '', /^--inspect is not on the allow-list of node flags/);
  assert.equal(s.settings?.checked, null);
  assert.equal(canRun(s), false);
  assert.match(settingsProblem(s) ?? '', /^fix the run settings first: /);
  const fixed = after([edit('heapCapMiB', '128'), edit('nodeFlags', '--trace-gc')], s);
  assert.equal(canRun(fixed), true);
  assert.equal(fixed.settings?.checked?.heapCapMiB, 128);
  assert.equal(fixed.settings && isChanged(fixed.settings), true);
});

test('load fields go through the one load validator: a path without a slash, a rate out of range, an unknown method', async () => {
  const s = after([edit('paths', '/ users'), edit('ratePerSec', '5000'), edit('method', 'FETCH')], await lessonPage('01-global-variables'));
  assert.match(s.settings?.problems.paths ?? '', /^"users" must start with \//);
  assert.match(s.settings?.problems.ratePerSec ?? '', /2000/);
  assert.ok(s.settings?.problems.method, 'FETCH is refused');
  const ok = after([edit('paths', '/ /users/42'), edit('ratePerSec', '50'), edit('method', 'post')], s);
  assert.deepEqual([ok.settings?.checked?.load?.paths, ok.settings?.checked?.load?.ratePerSec, ok.settings?.checked?.load?.method], [['/', '/users/42'], 50, 'POST']);
});

test('Reset puts the lesson\u2019s settings back, and a reset of unchanged settings changes nothing', async () => {
  const start = await lessonPage('01-global-variables');
  const s = after([edit('ratePerSec', '50'), edit('durationSec', '0'), { type: 'settings-reset' }], start);
  assert.deepEqual(s.settings?.draft, start.settings?.draft);
  assert.deepEqual(s.settings?.problems, {});
  assert.equal(after([{ type: 'settings-reset' }], start), start, 'the same state: no view is told');
});

const file = (name: string, kind: ProgramFile['kind'], sizeBytes: number, url?: string): ProgramFile => ({ fileId: name, name, sizeBytes, kind, ...(url && { url }) });
const artifacts = (runId: string, files: ProgramFile[], moreFiles = 0): PageAction =>
  runEvent({ type: 'artifacts', runId, files, moreFiles, keptForMs: 600_000 });

test('the files a run wrote head the list and are named in the terminal; a released run\u2019s files leave the list', async () => {
  const s = after([artifacts('run-a', [file('Heap.1.heapprofile', 'heapprofile', 20_480, '/files/run-a/f1'), file('out.txt', 'other', 5, '/files/run-a/f2')])], await lessonPage('13-allocation-profiling'));
  assert.equal(s.runFiles.length, 1);
  assert.match(terminalText(s), /The program wrote 2 files: Heap\.1\.heapprofile \(20(\.\d)? kB\), out\.txt \(5 B\); download them in the Files tab \(kept 10 min\)\./);
  const later = after([artifacts('run-b', [file('Heap.2.heapsnapshot', 'heapsnapshot', 1e6, '/files/run-b/f1')])], s);
  assert.deepEqual(later.runFiles.map((e) => e.runId), ['run-b', 'run-a'], 'newest first');
  const released = after([{ type: 'run-files-released', runId: 'run-a' }], later);
  assert.deepEqual(released.runFiles.map((e) => e.runId), ['run-b']);
});

test('the list keeps as many runs as the runner keeps for a page, and files the runner did not keep are not offered for download', async () => {
  let s = await lessonPage('13-allocation-profiling');
  for (let i = 0; i < MAX_RUN_FILE_LISTS + 2; i++) s = after([artifacts(`run-${i}`, [file(`f${i}.heapprofile`, 'heapprofile', 100, `/files/run-${i}/x`)])], s);
  assert.equal(s.runFiles.length, MAX_RUN_FILE_LISTS);
  assert.equal(s.runFiles[0].runId, `run-${MAX_RUN_FILE_LISTS + 1}`);
  const notKept = after([artifacts('big', [{ ...file('huge.heapsnapshot', 'heapsnapshot', 2e9), note: 'not kept: too big' }])], s);
  assert.doesNotMatch(terminalText(notKept).split('\n').filter((l) => l.includes('huge')).join(''), /download/);
});
