// Runs the truth check's CLI calls (scripts/support/lesson-runs.ts) twice, once with the Node that
// runs this script and once with a Node 22 binary, prints every lesson's verdicts on both as a
// Markdown table (the one in the README), and reports the lessons whose verdicts differ.
// Not part of `npm test`: it needs a second Node binary.
//
//   node scripts/check-node22.ts --node /path/to/node22/bin/node [--only 16-abort-signal-any] [--width 2]
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { describeOutcome, runCase, runCases, runInBatches, type RunCase, type RunOutcome } from './support/lesson-runs.ts';

const { values } = parseArgs({
  options: {
    node: { type: 'string' },
    only: { type: 'string', multiple: true },
    width: { type: 'string', default: '2' },
  },
});

if (!values.node) {
  console.error('check-node22: give the Node 22 binary with --node <path> (for example from `npm install node@22` in a scratch folder).');
  process.exit(2);
}
const otherNode = values.node;
let otherVersion: string;
try {
  otherVersion = execFileSync(otherNode, ['--version'], { encoding: 'utf8' }).trim();
} catch (err) {
  console.error(`check-node22: ${otherNode} --version failed: ${(err as Error).message}. Is it a Node binary?`);
  process.exit(2);
}
if (!otherVersion.startsWith('v22.')) {
  console.error(`check-node22: ${otherNode} is ${otherVersion}, not Node 22; comparing anyway.`);
}

const width = Number(values.width);
const cases = (await runCases()).filter((c) => !values.only || values.only.includes(c.lesson.slug));
console.log(`Comparing ${cases.length} runs: ${process.version} (this Node) against ${otherVersion} (${otherNode}).`);

const here = await runInBatches(cases, width, (c) => runCase(c), (o) => console.log(`[${process.version}] ${describeOutcome(o)}`));
const there = await runInBatches(cases, width, (c) => runCase(c, otherNode), (o) => console.log(`[${otherVersion}] ${describeOutcome(o)}`));

function verdictLine(o: RunOutcome): string {
  const slope = o.figureSlopePerSec === null ? '' : ` ${Math.round(o.figureSlopePerSec / 1000)} kB/s`;
  return `${o.observed} (own figure: ${o.figureVerdict ?? '?'}${slope})`;
}

// A lesson behaves differently when its own figure gets another verdict, or when a flat program's
// creep changes by more than a quarter of the leak threshold (100 kB/s). Overall verdicts that
// differ only through the other figures are listed separately: that is the runner, not the lesson.
const SLOPE_CHANGE_PER_SEC = 25_000;
const differing = cases.flatMap((c, i) => {
  const a = here[i];
  const b = there[i];
  const slopeChange = Math.abs((a.figureSlopePerSec ?? 0) - (b.figureSlopePerSec ?? 0));
  const isDifferent = a.figureVerdict !== b.figureVerdict || (c.expected === 'flat' && c.lesson.meta.figure !== 'handles' && slopeChange > SLOPE_CHANGE_PER_SEC);
  return isDifferent ? [{ c, a, b }] : [];
});
const otherFiguresOnly = cases.flatMap((c, i) =>
  here[i].observed !== there[i].observed && !differing.some((d) => d.c === c) ? [{ c, a: here[i], b: there[i] }] : []);
const wrongOnOther = cases.flatMap((c, i) => (there[i].observed === c.expected ? [] : [{ c, b: there[i] }]));

// Every lesson's verdicts on both Nodes, as a Markdown table (the README's "verified on" table):
// the overall verdict, and the slope of the lesson's own figure; ✗ where it is not the expected one.
const cell = (c: RunCase, o: RunOutcome): string => {
  const mark = o.observed === c.expected ? '' : ' ✗';
  if (o.observed === 'crash') return `crash (heap limit)${mark}`;
  if (o.figureSlopePerSec === null) return `${o.observed}${mark}`;
  const slope = c.lesson.meta.figure === 'handles' ? `${o.figureSlopePerSec.toFixed(1)} handles/s` : `${Math.round(o.figureSlopePerSec / 1000)} kB/s`;
  return `${o.observed}, ${c.lesson.meta.figure} ${slope}${mark}`;
};
console.log('');
console.log(`| Lesson | Program | Expected | ${process.version} | ${otherVersion} |`);
console.log('| --- | --- | --- | --- | --- |');
for (const [i, c] of cases.entries()) console.log(`| ${c.lesson.slug} | ${c.variant}.js | ${c.expected} | ${cell(c, here[i])} | ${cell(c, there[i])} |`);

console.log('');
if (differing.length === 0) {
  console.log(`Every lesson's own figure behaves the same on ${process.version} and ${otherVersion}.`);
} else {
  console.log(`Lessons that behave differently (${process.version} vs ${otherVersion}):`);
  for (const { c, a, b } of differing) {
    console.log(`  ${c.lesson.slug} ${c.variant}: ${verdictLine(a)} vs ${verdictLine(b)} (expected ${c.expected})`);
    console.log(`    ${otherVersion}: ${b.reason}`);
  }
}
if (otherFiguresOnly.length > 0) {
  console.log(`Overall verdicts that differ only through the other figures (the runner's sampling, not the lesson):`);
  for (const { c, a, b } of otherFiguresOnly) console.log(`  ${c.lesson.slug} ${c.variant}: ${verdictLine(a)} vs ${verdictLine(b)}: ${b.reason}`);
}
if (wrongOnOther.length > 0) {
  console.log(`Lessons whose overall verdict on ${otherVersion} is not what the lesson expects:`);
  for (const { b } of wrongOnOther) console.log(`  ${describeOutcome(b)}`);
}
process.exit(differing.length === 0 ? 0 : 1);
