// `npm run bench -- --worker-messages [--sizes 50] [--runs 7]`: what parsing the analyzer
// worker's messages costs a snapshot comparison. Rounds alternate the session with typed
// messages (as before they were parsed) and with every request and reply parsed, one process
// each, order flipping every round, so a slow spell of this shared machine lands on both alike.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAnalyzerReply } from '../src/protocol/analyzer-messages.ts';

const benchDir = dirname(fileURLToPath(import.meta.url));
const outDir = join(benchDir, 'out');
const runner = join(benchDir, 'runners', 'worker-messages.ts');

interface Round { wallMs: number; parseMs: number; rows: number }

function snapshot(name: string, megabytes: number): string {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, name);
  if (!existsSync(file)) {
    console.log(`Writing a ~${megabytes} MB snapshot...`);
    execFileSync(process.execPath, ['--max-old-space-size=16000', join(benchDir, 'make-snapshot.ts'), String(megabytes), file], { stdio: 'inherit' });
  }
  return file;
}

function once(before: string, after: string, mode: 'typed' | 'parsed'): Round {
  const child = spawnSync(process.execPath, ['--max-old-space-size=16000', runner, before, after, mode], { encoding: 'utf8', timeout: 10 * 60_000 });
  const line = (child.stdout ?? '').trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) throw new Error(`the ${mode} run failed (exit ${child.status}): ${(child.stderr ?? '').trim().split('\n').at(-1)}`);
  return JSON.parse(line) as Round;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export function workerMessagesReport(megabytes: number, rounds: number): void {
  // Two processes' snapshots: the diff matches them by class counts, as two files a user drops do.
  const after = snapshot(`bench-${megabytes}mb.heapsnapshot`, megabytes);
  const before = snapshot(`bench-${megabytes}mb-before.heapsnapshot`, Math.max(1, Math.round(megabytes * 0.9)));
  once(before, after, 'typed'); // fills the compile cache and the page cache for both
  const typed: Round[] = [];
  const parsed: Round[] = [];
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 ? (['typed', 'parsed'] as const) : (['parsed', 'typed'] as const);
    for (const mode of order) (mode === 'typed' ? typed : parsed).push(once(before, after, mode));
    console.log(`round ${round}/${rounds}: typed ${(typed.at(-1)!.wallMs / 1000).toFixed(2)} s, parsed ${(parsed.at(-1)!.wallMs / 1000).toFixed(2)} s (parsing ${parsed.at(-1)!.parseMs.toFixed(2)} ms)`);
  }
  const typedMs = median(typed.map((r) => r.wallMs));
  const parsedMs = median(parsed.map((r) => r.wallMs));
  const parseMs = median(parsed.map((r) => r.parseMs));
  console.log(`\nOpen two ~${megabytes} MB snapshots, summary and diff (${parsed[0].rows} result rows), medians of ${rounds}:`);
  console.log(`  typed messages   ${(typedMs / 1000).toFixed(3)} s`);
  console.log(`  parsed messages  ${(parsedMs / 1000).toFixed(3)} s  (${(parsedMs / typedMs).toFixed(3)}x)`);
  console.log(`  of which parsing the replies: ${parseMs.toFixed(2)} ms (${((parseMs / parsedMs) * 100).toFixed(3)} % of the work)`);
  const rowMs = rowCost(20_000);
  console.log(`Parsing one reply of 20,000 rows (a summary of every class of a big heap): ${rowMs.first.toFixed(1)} ms the first time, then ${rowMs.median.toFixed(2)} ms (median of 15)`);
}

/** What checking rows costs by itself: the page's parse of a summary reply of `rows` classes. */
function rowCost(rows: number): { first: number; median: number } {
  const classes = Array.from({ length: rows }, (_, i) => ({ name: `Class${i}`, count: i, selfSize: i * 32, retainedSize: i * 64 }));
  const reply = { type: 'summary-result', requestId: 1, result: { nodes: rows, edges: rows, totalSize: rows * 32, classes } };
  const times: number[] = [];
  for (let i = 0; i < 16; i++) {
    const at = performance.now();
    if (!parseAnalyzerReply(reply).ok) throw new Error('the synthetic summary reply did not parse');
    times.push(performance.now() - at);
  }
  return { first: times[0], median: median(times.slice(1)) };
}
