// `npm run bench [-- --sizes 50,200,800] [--runs 3]`: writes snapshots of about those sizes
// (then the probe's cost report, bench/probe-cost.ts; `npm run bench -- --probe-cost` runs only that;
// `npm run bench -- --worker-messages [--sizes 50] [--runs 7]` times what parsing the worker's messages costs)
// (bench/out, gitignored), then times Leak Lab's summary, memlab's getFullHeapFromFile and
// DevTools' parse on each, one process at a time, and prints median wall time, peak RSS and ratios.
// Every tool runs the way a user runs it after the first time: with Node's compile cache
// (NODE_COMPILE_CACHE; our CLI enables it itself), filled by one unmeasured run of each tool.
// "Wall" is the tool's own work (open, parse, dominators, retained sizes), timed inside the
// child; "Process" is spawn to exit, so start-up and module loading show too.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const outDir = join(benchDir, 'out');
const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : args[at + 1] ?? fallback;
};
const sizes = option('sizes', '50,200,800').split(',').map(Number).filter((n) => n > 0);
const runs = Math.max(1, Number(option('runs', '3')));
const probeCostRounds = Math.max(1, Number(option('rounds', '8')));
const probeCostSeconds = Math.max(2, Number(option('seconds', '6')));
if (args.includes('--worker-messages')) {
  const { workerMessagesReport } = await import('./worker-messages.ts');
  workerMessagesReport(Number(option('sizes', '50').split(',')[0]) || 50, runs);
  process.exit(0);
}
if (args.includes('--probe-cost')) {
  const { probeCostReport } = await import('./probe-cost.ts');
  await probeCostReport(probeCostRounds, probeCostSeconds);
  process.exit(0);
}

function ensurePeers(): void {
  if (existsSync(join(benchDir, 'node_modules', '@memlab', 'heap-analysis'))) return;
  console.log('Installing the benchmark peers (memlab) into bench/node_modules...');
  // No install scripts and no browser download: memlab pulls in puppeteer.
  execFileSync('npm', ['install', '--prefix', benchDir, '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock'], {
    stdio: 'inherit', env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1', PUPPETEER_SKIP_CHROMIUM_DOWNLOAD: '1', npm_config_ignore_scripts: 'true' },
  });
}

function ensureSnapshot(megabytes: number): string {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `bench-${megabytes}mb.heapsnapshot`);
  if (!existsSync(file)) {
    console.log(`Writing a ~${megabytes} MB snapshot...`);
    execFileSync(process.execPath, ['--max-old-space-size=16000', join(benchDir, 'make-snapshot.ts'), String(megabytes), file], { stdio: 'inherit' });
  }
  return file;
}

interface Run { wallMs: number; maxRssKb: number; processMs: number }
type Outcome = { ok: true; runs: Run[] } | { ok: false; reason: string };

const TOOLS: { name: string; script: string; cwd: string }[] = [
  { name: 'leaklab', script: join(benchDir, 'runners', 'ours.ts'), cwd: benchDir },
  { name: 'memlab', script: join(benchDir, 'runners', 'memlab.mjs'), cwd: benchDir },
  { name: 'devtools', script: join(benchDir, 'runners', 'devtools.mjs'), cwd: benchDir },
];

/** The line of a failed child's stderr that says why: the JS error or V8's fatal message, else the last line. */
function failureReason(stderr: string, fallback: string): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  const telling = lines.find((line) => /FATAL ERROR|heap out of memory|Invalid string length|Cannot create a string|^\w*Error\b|ERR_/.test(line));
  return (telling ?? lines.at(-1) ?? fallback).slice(0, 160);
}

const childEnv = { ...process.env, NODE_COMPILE_CACHE: join(outDir, 'compile-cache') };

function measure(script: string, file: string, count = runs): Outcome {
  const results: Run[] = [];
  for (let i = 0; i < count; i++) {
    // memlab prints progress bars: leave room for them (a full buffer would kill the child).
    const spawned = performance.now();
    const child = spawnSync(process.execPath, ['--max-old-space-size=16000', script, file], { encoding: 'utf8', maxBuffer: 256 << 20, timeout: 15 * 60_000, env: childEnv });
    const processMs = performance.now() - spawned;
    const line = (child.stdout ?? '').trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) {
      const how = child.error ? child.error.message : child.signal ? `killed by ${child.signal}` : `exit ${child.status}`;
      return { ok: false, reason: `${how}: ${failureReason(child.stderr ?? '', 'no output')}` };
    }
    results.push({ ...(JSON.parse(line) as Omit<Run, 'processMs'>), processMs });
  }
  return { ok: true, runs: results };
}

/** Peak RSS of a Node process that does nothing, in bytes: the floor under every tool's figure. */
function idleNodeRssBytes(): number {
  const rss = [0, 1, 2].map(() => {
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.resourceUsage().maxRSS))'], { encoding: 'utf8', env: childEnv });
    return Number(child.stdout) * 1024;
  });
  return median(rss);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

ensurePeers();
const idleRss = idleNodeRssBytes();
// Fill the compile cache: one unmeasured run of each tool on the smallest snapshot.
const warmUpFile = ensureSnapshot(Math.min(...sizes));
for (const tool of TOOLS) measure(tool.script, warmUpFile, 1);
const rows: string[][] = [];
for (const megabytes of sizes) {
  const file = ensureSnapshot(megabytes);
  const fileBytes = statSync(file).size;
  const fileMb = fileBytes / 1e6;
  // Rounds of one run per tool, so a slow spell of this shared machine lands on every tool alike
  // rather than on whichever ran then. A tool that fails once is out for the rest.
  const outcomes = new Map<string, Outcome>(TOOLS.map((tool) => [tool.name, { ok: true, runs: [] }]));
  for (let round = 1; round <= runs; round++) {
    process.stdout.write(`${fileMb.toFixed(0)} MB, round ${round}/${runs}:`);
    for (const tool of TOOLS) {
      const sofar = outcomes.get(tool.name)!;
      if (!sofar.ok) continue;
      const outcome = measure(tool.script, file, 1);
      outcomes.set(tool.name, outcome.ok ? { ok: true, runs: [...sofar.runs, ...outcome.runs] } : outcome);
      process.stdout.write(outcome.ok ? ` ${tool.name} ${(outcome.runs[0].wallMs / 1000).toFixed(2)} s` : ` ${tool.name} failed`);
    }
    process.stdout.write('\n');
  }
  const ours = outcomes.get('leaklab');
  const oursWall = ours?.ok ? median(ours.runs.map((r) => r.wallMs)) : NaN;
  const oursProcess = ours?.ok ? median(ours.runs.map((r) => r.processMs)) : NaN;
  for (const [name, outcome] of outcomes) {
    if (!outcome.ok) { rows.push([`${fileMb.toFixed(0)} MB`, name, 'failed', '', '', '', '', '', '', outcome.reason]); continue; }
    const wall = median(outcome.runs.map((r) => r.wallMs));
    const processWall = median(outcome.runs.map((r) => r.processMs));
    // maxRSS is in KiB; compare bytes with bytes.
    const rssBytes = median(outcome.runs.map((r) => r.maxRssKb)) * 1024;
    rows.push([`${fileMb.toFixed(0)} MB`, name, `${(wall / 1000).toFixed(2)} s`, `${(processWall / 1000).toFixed(2)} s`, `${(rssBytes / 1e6).toFixed(0)} MB`,
      `${(rssBytes / fileBytes).toFixed(2)}x`, `${((rssBytes - idleRss) / fileBytes).toFixed(2)}x`,
      name === 'leaklab' ? '' : `${(wall / oursWall).toFixed(1)}x`, name === 'leaklab' ? '' : `${(processWall / oursProcess).toFixed(1)}x`, '']);
  }
}
const headers = ['Snapshot', 'Tool', `Wall (median of ${runs})`, 'Process', 'Peak RSS', 'RSS/file', '(RSS-idle)/file', 'Wall vs leaklab', 'Process vs leaklab', 'Note'];
// MB = 10^6 bytes throughout, for the file and for RSS.
const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
console.log();
for (const row of [headers, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
console.log(`\nAn idle Node process (${process.version}) peaks at ${(idleRss / 1e6).toFixed(0)} MB RSS; (RSS-idle)/file leaves that floor out.`);
console.log('Wall and Process vs leaklab: how many times longer the tool took than Leak Lab (above 1 = slower).');

console.log();
const { probeCostReport } = await import('./probe-cost.ts');
await probeCostReport(probeCostRounds, probeCostSeconds);
