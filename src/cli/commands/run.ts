import { mkdtemp, open, stat } from 'node:fs/promises';
import path from 'node:path';
import { RUNS_ROOT } from '../../project-paths.ts';
import { parseArgs } from 'node:util';
import type { CliIo } from '../cli-io.ts';
import { UsageError } from '../cli-io.ts';
import { runHeadless, type HeadlessResult } from '../../runner/headless-run.ts';
import { lessonProgram, readLesson, LessonError } from '../../lessons/read-lesson.ts';
import { planForFile, planForProgram, type RunPlan } from '../../runner/run-plan.ts';
import type { LoadProfile } from '../../protocol/program.ts';
import type { DiffResult } from '../../analyzer/query-results.ts';
import { formatDiff } from './diff.ts';
import { formatAmount, formatRate } from '../../format/units.ts';
import { REQUEST_HELP, REQUEST_OPTIONS, requestShape } from '../request-options.ts';
import { seriesLine, SERIES_FORMAT, trendEventOf } from '../../analyzer/verdict/trend-events.ts';

const HELP = `leaklab run <lesson folder | app.js | app.ts> [options]

Runs a program under the Leak Lab probe with HTTP load and prints the leak verdict.

  --variant leaky|fixed   which of a lesson's programs to run (default leaky)
  --seconds N             how long to run (default: the lesson's durationSec, else 10)
  --path P                path to request (repeatable; your own app needs at least one to get load)
  --rate N                requests per second (default: the lesson's, else 200)
  --connections N         concurrent connections (default 4)
${REQUEST_HELP}
  --heap-cap MB           --max-old-space-size for the program
  --diff                  heap snapshot after a warm-up and at the end, and their comparison
  --fail-on-leak          exit 1 when the verdict is leaking (or the heap limit is hit)
  --show-output           copy the program's output to stderr
  --series FILE           write what the verdict saw (samples, floors, requests) to FILE as JSON lines
  --json                  print JSON: { verdict, figure, unit, slopePerSec, slopeLowerBoundPerSec, slopeUpperBoundPerSec,
                          perRequest, perRequestLowerBound, perRequestUpperBound, decidedAfterSec, moreSecondsNeeded, requests, ... }`;

/** `leaklab run`: returns 0, 1 (leak with --fail-on-leak, or the run failed) or 2 (usage). */
export async function run(argv: string[], io: CliIo): Promise<number> {
  let opts;
  try {
    opts = parseOptions(argv);
  } catch (err) {
    if (!(err instanceof UsageError) && !(err instanceof TypeError)) throw err;
    io.stderr.write(`leaklab run: ${(err as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (opts.help) {
    io.stdout.write(HELP + '\n');
    return 0;
  }
  let plan: RunPlan;
  let seconds: number;
  try {
    ({ plan, seconds } = await makePlan(opts));
  } catch (err) {
    if (!(err instanceof LessonError) && !(err instanceof UsageError)) throw err;
    io.stderr.write(`leaklab run: ${err.message}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
  if (opts.diff) {
    // Keep the snapshots past the run (its folder is removed when it ends) for the comparison.
    plan.snapshotDir = await mkdtemp(path.join(RUNS_ROOT, `run-${process.pid}-snap-`));
    plan.keepSnapshotDir = true;
  }
  const warmupMs = Math.max(2000, Math.round(seconds * 300));
  let series;
  try {
    series = opts.series ? (await open(opts.series, 'w')).createWriteStream() : null;
  } catch (err) {
    io.stderr.write(`leaklab run: cannot write the series to ${opts.series}: ${(err as Error).message}\n`);
    return 1;
  }
  series?.write(seriesLine({ type: 'series', format: SERIES_FORMAT, figure: plan.figure }) + '\n');
  const result = await runHeadless(plan, {
    seconds,
    snapshotAtMs: opts.diff ? [warmupMs] : [],
    finalSnapshot: opts.diff,
    onEvent: (event) => {
      const row = series && trendEventOf(event);
      if (row) series!.write(seriesLine(row) + '\n');
      if (opts.showOutput && event.type === 'output') io.stderr.write(event.text);
      if (event.type === 'notice' && !opts.json) io.stderr.write(`[leaklab] ${event.text}\n`);
    },
  });
  if (series) await new Promise((resolve) => series.end(resolve));
  let diff: unknown = null;
  if (opts.diff) diff = await diffSnapshots(result, plan, io);
  const isLeak = result.verdict.verdict === 'leaking' || result.exit.reason === 'heap-cap';
  if (opts.json) io.stdout.write(JSON.stringify(toJson(result, diff), null, 2) + '\n');
  else printHuman(result, io, diff as DiffResult | null);
  if (result.exit.reason === 'failed') return 1;
  return opts.failOnLeak && isLeak ? 1 : 0;
}

function parseOptions(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      variant: { type: 'string', default: 'leaky' },
      seconds: { type: 'string' },
      path: { type: 'string', multiple: true },
      rate: { type: 'string' },
      connections: { type: 'string' },
      'heap-cap': { type: 'string' },
      diff: { type: 'boolean', default: false },
      'fail-on-leak': { type: 'boolean', default: false },
      'show-output': { type: 'boolean', default: false },
      series: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      ...REQUEST_OPTIONS,
    },
  });
  if (values.help) return { help: true } as ReturnType<typeof build>;
  if (positionals.length !== 1) throw new UsageError('give exactly one lesson folder or .js/.ts file.');
  if (values.variant !== 'leaky' && values.variant !== 'fixed') throw new UsageError(`--variant must be leaky or fixed, not ${values.variant}.`);
  const build = () => ({
    help: false,
    target: positionals[0],
    variant: values.variant as 'leaky' | 'fixed',
    seconds: positiveNumber('--seconds', values.seconds),
    paths: values.path ?? [],
    request: requestShape(values),
    // Only what was given replaces a lesson's own request (some lessons POST).
    isRequestGiven: values.method !== undefined || values.body !== undefined || values.header !== undefined,
    rate: positiveNumber('--rate', values.rate),
    connections: positiveNumber('--connections', values.connections),
    heapCapMb: positiveNumber('--heap-cap', values['heap-cap']),
    diff: values.diff!,
    failOnLeak: values['fail-on-leak']!,
    showOutput: values['show-output']!,
    series: values.series,
    json: values.json!,
  });
  return build();
}

function positiveNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} takes a positive number, not ${JSON.stringify(text)}.`);
  return n;
}

async function makePlan(opts: ReturnType<typeof parseOptions>): Promise<{ plan: RunPlan; seconds: number }> {
  const info = await stat(opts.target).catch(() => null);
  if (!info) throw new UsageError(`${opts.target} does not exist.`);
  if (info.isDirectory()) {
    const lesson = await readLesson(opts.target);
    const spec = await lessonProgram(lesson, opts.variant);
    if (spec.load) {
      if (opts.paths.length) spec.load.paths = opts.paths;
      if (opts.rate) spec.load.ratePerSec = opts.rate;
      if (opts.connections) spec.load.connections = opts.connections;
      if (opts.isRequestGiven) Object.assign(spec.load, opts.request);
    }
    if (opts.heapCapMb) spec.heapCapMb = opts.heapCapMb;
    return { plan: await planForProgram(spec), seconds: opts.seconds ?? lesson.meta.durationSec };
  }
  // Node >= 22.18 runs TypeScript by stripping its types, so a .ts server runs as it is.
  if (!/\.(c|m)?(js|ts)$/.test(opts.target)) throw new UsageError(`${opts.target} is neither a lesson folder nor a .js or .ts file.`);
  const load: LoadProfile | undefined = opts.paths.length
    ? { paths: opts.paths, ratePerSec: opts.rate ?? 200, connections: opts.connections ?? 4, ...opts.request }
    : undefined;
  return { plan: await planForFile(opts.target, { heapCapMb: opts.heapCapMb, load }), seconds: opts.seconds ?? 10 };
}

async function diffSnapshots(result: HeadlessResult, plan: RunPlan, io: CliIo): Promise<unknown> {
  const { rm } = await import('node:fs/promises');
  try {
    if (result.snapshots.length < 2) {
      io.stderr.write(`leaklab run: --diff needs two snapshots, got ${result.snapshots.length}. ${result.snapshotFailures.join(' ')}\n`);
      return null;
    }
    const { diffSnapshotFiles, SnapshotParseError } = await import('../../analyzer/node/open-snapshot-file.ts');
    try {
      return await diffSnapshotFiles(result.snapshots[0].file, result.snapshots[result.snapshots.length - 1].file, { top: 20 });
    } catch (err) {
      if (!(err instanceof SnapshotParseError)) throw err;
      io.stderr.write(`leaklab run: could not compare the snapshots: ${err.message}\n`);
      return null;
    }
  } finally {
    await rm(plan.snapshotDir, { recursive: true, force: true });
  }
}

function toJson(result: HeadlessResult, diff: unknown) {
  const v = result.verdict;
  return {
    verdict: v.verdict,
    figure: v.figure,
    unit: v.unit,
    slopePerSec: v.slopePerSec,
    slopeLowerBoundPerSec: v.slopeLowerBoundPerSec,
    slopeUpperBoundPerSec: v.slopeUpperBoundPerSec,
    perRequest: v.perRequest,
    perRequestLowerBound: v.perRequestLowerBound,
    perRequestUpperBound: v.perRequestUpperBound,
    requestsPerSec: v.requestsPerSec,
    decidedAfterSec: v.decidedAfterSec,
    moreSecondsNeeded: v.moreSecondsNeeded,
    stoppedLeak: v.stoppedLeak,
    requests: result.requests,
    samples: result.samples.length,
    floors: result.floors.length,
    reason: v.reason,
    perFigure: v.perFigure,
    loadErrors: result.loadErrors,
    nodeVersion: result.nodeVersion,
    exit: result.exit,
    ...(diff ? { diff } : {}),
  };
}

function printHuman(result: HeadlessResult, io: CliIo, diff: DiffResult | null): void {
  const v = result.verdict;
  io.stdout.write(`${result.exit.message}\n`);
  io.stdout.write(`verdict: ${v.verdict} (${v.figure})\n`);
  io.stdout.write(`  ${v.reason}\n`);
  io.stdout.write(`  ${formatRate(v.slopePerSec, v.unit)}` + (v.perRequest !== null ? `, ${formatAmount(v.perRequest, v.unit)} per request` : '') + `\n`);
  io.stdout.write(`  ${result.requests} requests, ${result.samples.length} samples, ${result.floors.length} post-GC floors on Node ${result.nodeVersion ?? '?'}\n`);
  if (diff) io.stdout.write(`\nHeap snapshot comparison (after warm-up -> end):\n\n${formatDiff({ ...diff, classes: diff.classes.slice(0, 10) })}`);
}
