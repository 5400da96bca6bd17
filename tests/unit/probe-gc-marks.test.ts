// The probe's forced collections in --trace-gc output: marked as the probe's, wherever a chunk
// of the program's stdout happens to end, and nothing else is touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROBE_GC_MARK, ProbeGcMarks, tracesGc } from '../../src/runner/probe-gc-marks.ts';

const FORCED = '[8372:0x3bcef000]       52 ms: Mark-Compact 3.9 (5.8) -> 3.7 (6.5) MB, pooled: 0 MB, 9.77 / 0.00 ms  (average mu = 0.796, current mu = 0.796) testing; GC in old space requested\n';
const OWN = '[8372:0x3bcef000]       89 ms: Mark-Compact 5.4 (8.3) -> 5.4 (10.3) MB, pooled: 0 MB, 0.54 / 0.00 ms  (average mu = 1.000, current mu = 1.000) allocation failure; scavenge might not succeed\n';
const SCAVENGE = '[8372:0x3bcef000]       69 ms: Scavenge 4.7 (6.6) -> 4.6 (7.6) MB, pooled: 0 MB, 1.27 / 0.00 ms  (average mu = 1.000, current mu = 1.000) allocation failure; \n';
const text = `${SCAVENGE}hello from the program\n${FORCED}${OWN}${FORCED}`;
const expected = text.replaceAll('GC in old space requested\n', `GC in old space requested${PROBE_GC_MARK}\n`);

test('each forced collection is marked once, and the program\u2019s own collections and lines are left as they are', () => {
  const marked = new ProbeGcMarks().mark(text);
  assert.equal(marked, expected);
  assert.equal(marked.split(PROBE_GC_MARK).length - 1, 2);
});

test('a reason split across chunks at any point is marked once, right after it', () => {
  for (let cut = 1; cut < text.length; cut++) {
    const marks = new ProbeGcMarks();
    assert.equal(marks.mark(text.slice(0, cut)) + marks.mark(text.slice(cut)), expected, `cut at ${cut}`);
  }
});

test('output in one-character chunks comes out marked the same', () => {
  const marks = new ProbeGcMarks();
  assert.equal([...text].map((c) => marks.mark(c)).join(''), expected);
});

test('only the flags that print collections turn the marks on', () => {
  assert.equal(tracesGc(['--trace-gc']), true);
  assert.equal(tracesGc(['--heap-prof', '--trace-gc-verbose']), true);
  assert.equal(tracesGc(['--heap-prof']), false);
});
