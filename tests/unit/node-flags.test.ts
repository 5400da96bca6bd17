// The node flags a run may use: one allow-list (src/protocol/node-flags.ts) for the lesson
// frontmatter, the page's settings, the socket and the CLI. What the lessons' try-its ask for
// passes; anything that would undo the runner's caps or write outside the run folder is refused
// with a sentence that says what to use instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALLOWED_NODE_FLAGS, needsInspector, nodeFlagsSchema, writesAtExit } from '../../src/protocol/node-flags.ts';
import { parseClientMessage } from '../../src/protocol/socket-messages.ts';
import { programSpecSchema } from '../../src/protocol/program.ts';
import { lessonSchema } from '../../src/lessons/schema.ts';

const problemOf = (flags: unknown): string => {
  const parsed = nodeFlagsSchema.safeParse(flags);
  assert.equal(parsed.success, false, `${JSON.stringify(flags)} was accepted`);
  return parsed.error!.issues.map((i) => i.message).join('; ');
};

test('every flag the lessons\u2019 try-its name is allowed, in the form they write it', () => {
  const tryIts = ['--trace-gc', '--heapsnapshot-near-heap-limit=1', '--trace-warnings', '--heapsnapshot-signal=SIGUSR2', '--heap-prof', '--heap-prof-interval=8192'];
  assert.deepEqual(nodeFlagsSchema.parse(tryIts), tryIts);
  for (const entry of ALLOWED_NODE_FLAGS) assert.ok(entry.pattern.test(entry.example), `${entry.example} fails its own pattern`);
});

test('flags that would undo the caps, or write where the permission model does not look, are refused and named', () => {
  for (const flag of ['--inspect', '--inspect-brk=0.0.0.0:9229', '--allow-fs-write=*', '--allow-child-process', '--heap-prof-dir=/tmp', '--diagnostic-dir=/', '--report-directory=/tmp', '--cpu-prof-name=../../x', '--require=/etc/x.js', '--import=data:text/javascript,1']) {
    assert.match(problemOf([flag]), new RegExp(`${flag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not on the allow-list of node flags; a run may use --trace-gc, `), flag);
  }
});

test('the heap cap is its own setting: --max-old-space-size is refused with where to set it', () => {
  assert.equal(problemOf(['--max-old-space-size=64']), '--max-old-space-size=64 is set by the heap cap: use the heap cap setting (leaklab run --heap-cap MiB) instead');
});

test('a known flag in a form the list does not take is refused with the form it does', () => {
  assert.equal(problemOf(['--heapsnapshot-signal=SIGUSR1']), '--heapsnapshot-signal=SIGUSR1 is not allowed as written: use the form --heapsnapshot-signal=SIGUSR2');
  assert.equal(problemOf(['--heap-prof-interval=0']), '--heap-prof-interval=0 is not allowed as written: use the form --heap-prof-interval=8192');
  assert.equal(problemOf(['--heapsnapshot-near-heap-limit=100']), '--heapsnapshot-near-heap-limit=100 is not allowed as written: use the form --heapsnapshot-near-heap-limit=1');
  assert.equal(problemOf(['trace-gc']), '"trace-gc" is not a node flag: node flags start with --, e.g. --trace-gc');
});

test('a flag twice, more than ten, or not text at all is refused', () => {
  assert.equal(problemOf(['--trace-gc', '--trace-gc']), 'names a node flag twice');
  assert.equal(problemOf(Array.from({ length: 11 }, (_, i) => `--heap-prof-interval=${i + 1}`)), 'may hold at most 10 node flags');
  assert.match(problemOf([42]), /must be text/);
  assert.match(problemOf('--trace-gc'), /must be a list of node flags/);
});

test('the socket refuses a program with a flag off the list, naming the field and the flag', () => {
  const program = { variant: 'custom', files: { 'main.js': '' }, entry: 'main.js', moduleType: 'commonjs', figure: 'heapUsed', dependencies: [], permissions: { childProcess: false, worker: false, addons: false, fsWrite: [] }, nodeFlags: ['--trace-gc', '--inspect'], heapCapMiB: 64 };
  const parsed = parseClientMessage(JSON.stringify({ type: 'start', token: 't', program }));
  assert.equal(parsed.ok, false);
  assert.match(parsed.ok ? '' : parsed.problem, /^program\.nodeFlags\[1\]: --inspect is not on the allow-list/);
  assert.equal(programSpecSchema.safeParse({ ...program, nodeFlags: ['--trace-gc'] }).success, true);
});

test('a lesson whose frontmatter names a flag off the list does not build', () => {
  const meta = { title: 't', summary: 's', takeaway: 'One line.', predict: 'Which line climbs?', part: 'basics', order: 1, moduleType: 'commonjs' };
  assert.equal(lessonSchema.safeParse({ ...meta, nodeFlags: ['--heap-prof'] }).success, true);
  const bad = lessonSchema.safeParse({ ...meta, nodeFlags: ['--inspect'] });
  assert.equal(bad.success, false);
  assert.match(bad.error!.issues[0].message, /--inspect is not on the allow-list/);
});

test('the profilers are the flags that need the inspector and write at exit', () => {
  assert.equal(needsInspector(['--trace-gc', '--heap-prof']), true);
  assert.equal(needsInspector(['--cpu-prof']), true);
  assert.equal(needsInspector(['--trace-gc', '--heapsnapshot-signal=SIGUSR2', '--heap-prof-interval=8192']), false);
  assert.equal(writesAtExit(['--heap-prof']), true);
  assert.equal(writesAtExit(['--report-on-signal']), false);
});
