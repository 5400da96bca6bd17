// Runs the truth check's CLI calls (tests/lessons/lesson-runs.ts) twice, once with the Node that runs
// this script and once with a Node 22 binary, and reports the lessons whose verdicts differ.
// Not part of `npm test`: it needs a second Node binary.
//
//   node scripts/check-node22.ts --node /path/to/node22/bin/node [--only 16-abort-signal-any] [--width 2]
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { describeOutcome, runCase, runCases, runInBatches, type RunOutcome } from '../tests/lessons/lesson-runs.ts';

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
  const slope = o.floorSlopeBytesPerSec === null ? '' : ` ${Math.round(o.floorSlopeBytesPerSec / 1000)} kB/s`;
  return `${o.observed}${slope}`;
}

const differing = cases.flatMap((c, i) => (here[i].observed === there[i].observed ? [] : [{ c, a: here[i], b: there[i] }]));
const wrongOnOther = cases.flatMap((c, i) => (there[i].observed === c.expected ? [] : [{ c, b: there[i] }]));

console.log('');
if (differing.length === 0) {
  console.log(`Every lesson behaves the same on ${process.version} and ${otherVersion}.`);
} else {
  console.log(`Lessons that behave differently (${process.version} vs ${otherVersion}):`);
  for (const { c, a, b } of differing) {
    console.log(`  ${c.lesson.slug} ${c.variant}: ${verdictLine(a)} vs ${verdictLine(b)} (expected ${c.expected})`);
    console.log(`    ${otherVersion}: ${b.reason}`);
  }
}
if (wrongOnOther.length > 0) {
  console.log(`Lessons whose verdict on ${otherVersion} is not what the lesson expects:`);
  for (const { c, b } of wrongOnOther) console.log(`  ${describeOutcome(b)}`);
}
process.exit(differing.length === 0 ? 0 : 1);
