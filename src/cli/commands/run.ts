import { open, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CliIo } from '../cli-io.ts';
import { UsageError } from '../cli-io.ts';
import { runHeadless, type HeadlessResult } from '../../runner/headless-session.ts';
import { lessonProgram, readLesson, LessonError } from '../../lessons/read-lesson.ts';
import { DEFAULT_ALLOC_SITES, PlanError, planForFile, planForProgram, type RunPlan } from '../../runner/run-plan.ts';
import { allocationSitesReport, formatAllocationSites, lessonRenames, type FileRenames } from '../alloc-sites-report.ts';
import type { AllocationSitesReport } from '../../protocol/run-report.ts';
import { RUN_REPORT_FORMAT, type RunReport } from '../../protocol/run-report.ts';
import type { DiffResult } from '../../protocol/query-results.ts';
import { formatDiff } from './diff.ts';
import { formatAmount, formatBytes, formatRate } from '../../format/units.ts';
import { givenLoadFlags, loadFromFlags, REQUEST_HELP, REQUEST_OPTIONS, type LoadFlags } from '../load-options.ts';
import { heapCapOption, positiveNumberOption } from '../number-options.ts';
import { nodeFlagsOption, settingsUsageError, withNodeFlagValues } from '../run-settings-options.ts';
import { programSpecSchema } from '../../protocol/program.ts';
import { seriesLine, SERIES_FORMAT, trendEventOf } from '../../analyzer/verdict/trend-events.ts';

/** The cap of --until-decided (and so of --fail-on-leak) when --max-seconds is not given. */
const DEFAULT_MAX_SECONDS = 120;

const HELP = `leaklab run <lesson folder | app.js | app.ts> [options]

Runs a program under the Leak Lab probe with HTTP load and prints the leak verdict.

  --variant leaky|fixed   which of a lesson's programs to run (default leaky)
  --seconds N             how long to run under load (default: the lesson's durationSec, else 10)
  --path P                path to request (repeatable; your own app needs at least one to get load)
  --rate N                requests per second, a whole number from 1 to 2000 (default: the lesson's, else 200)
  --connections N         concurrent connections, 1 to 64 (default: the lesson's, else 4)
${REQUEST_HELP}
  --heap-cap MiB          --max-old-space-size for the program, at least 16 (a lesson: at most 4096)
  --node-flag FLAG        a node flag from the allow-list, e.g. --node-flag --trace-gc (repeatable;
                          added to a lesson's own): --trace-gc, --heap-prof, --heap-prof-interval=N,
                          --heapsnapshot-near-heap-limit=N, --heapsnapshot-signal=SIGUSR2, --cpu-prof,
                          --report-on-signal, --trace-warnings, ... (src/protocol/node-flags.ts)
  --keep-files DIR        copy the files the program wrote in its run folder (a .heapprofile, a
                          .heapsnapshot, a report) into DIR before the folder is removed
  --diff                  heap snapshot after a warm-up and at the end, and their comparison
  --alloc-sites           V8's sampling heap profiler in the program: the call paths whose live
                          memory grew, as file:line:column function (on for lessons;
                          --no-alloc-sites turns it off)
  --until-decided         keep the load on until the verdict is leaking or flat (--seconds is then a minimum)
  --max-seconds N         with --until-decided: stop after N seconds under load even if undecided (default ${DEFAULT_MAX_SECONDS})
  --fail-on-leak          for CI: implies --until-decided, and exits 1 on a leak, 3 when still undecided at the cap
  --allow-unknown         with --fail-on-leak: a run that ends undecided passes (exit 0)
  --show-output           copy the program's output to stderr
  --series FILE           write what the verdict saw (samples, floors, requests, snapshots) to FILE as JSON lines
  --json                  print the report as JSON (format ${RUN_REPORT_FORMAT}: { format, verdict, figure, unit,
                          slopePerSec, slopeLowerBoundPerSec, slopeUpperBoundPerSec, perRequest, perRequestLowerBound,
                          perRequestUpperBound, decidedAfterSec, moreSecondsNeeded, requests, perFigure, exit, diff?, ... })

Exit codes:
  0  done (with --fail-on-leak: no leak found)
  1  --fail-on-leak and the verdict is leaking or the heap limit was hit; or the run could not start
  2  bad usage
  3  --fail-on-leak and the verdict is still unknown at --max-seconds (--allow-unknown makes this 0)`;

/** Exit code of a run that ends undecided under --fail-on-leak (without --allow-unknown). */
export const EXIT_UNDECIDED = 3;

/** The comparison's size: the top classes of `--diff`. */
const DIFF_TOP = 20;
/** Allocation sites in the report. */
const SITES_TOP = 10;

interface RunOptions {
  target: string;
  variant: 'leaky' | 'fixed';
  seconds: number | undefined;
  load: LoadFlags;
  heapCapMiB: number | undefined;
  nodeFlags: string[];
  keepFilesIn: string | undefined;
  diff: boolean;
  /** Undefined: the default (on for lessons, off for your own program). */
  allocSites: boolean | undefined;
  failOnLeak: boolean;
  /** With --until-decided or --fail-on-leak: the cap in seconds; null for a run of fixed length. */
  maxSeconds: number | null;
  allowUnknown: boolean;
  showOutput: boolean;
  series: string | undefined;
  json: boolean;
}

/** `leaklab run`: returns 0, 1 (leak with --fail-on-leak, or the run failed), 2 (usage) or 3 (undecided with --fail-on-leak). */
export async function run(argv: string[], io: CliIo): Promise<number> {
  let opts: RunOptions | 'help';
  let plan: RunPlan;
  let seconds: number;
  let renames: FileRenames | undefined;
  try {
    opts = parseOptions(argv);
    if (opts === 'help') {
      io.stdout.write(HELP + '\n');
      return 0;
    }
    ({ plan, seconds, renames } = await makePlan(opts));
    // A default length (the lesson's, or 10 s) longer than the cap given gives way to it.
    if (opts.maxSeconds !== null) seconds = Math.min(seconds, opts.maxSeconds);
  } catch (err) {
    if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr.write(`leaklab run: ${err.message}\n\n${HELP}\n`);
      return 2;
    }
    if (err instanceof LessonError || err instanceof PlanError) {
      io.stderr.write(`leaklab run: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
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
    ...(opts.diff && { compare: { top: DIFF_TOP } }),
    ...(opts.keepFilesIn !== undefined && { keepFilesIn: opts.keepFilesIn }),
    ...(opts.maxSeconds !== null && { untilDecided: { maxSeconds: opts.maxSeconds } }),
    onEvent: (event) => {
      const row = series && trendEventOf(event);
      if (row) series!.write(seriesLine(row) + '\n');
      if (opts.showOutput && event.type === 'output') io.stderr.write(event.text);
      if (event.type === 'notice' && !opts.json) io.stderr.write(`[leaklab] ${event.text}\n`);
    },
  });
  if (series) await new Promise((resolve) => series.end(resolve));
  const diff = result.comparison?.diff ?? null;
  if (result.comparison && !result.comparison.diff) io.stderr.write(`leaklab run: no snapshot comparison: ${result.comparison.missingReason}\n`);
  const isLeak = result.verdict.verdict === 'leaking' || result.exit.reason === 'heap-cap';
  const sites = result.allocation ? await allocationSitesReport(result.allocation, result.verdict.figure, { top: SITES_TOP, ...(renames && { renames }) }) : null;
  if (opts.json) io.stdout.write(JSON.stringify(runReport(result, diff, sites), null, 2) + '\n');
  else printHuman(result, io, diff, sites, opts.maxSeconds);
  if (result.exit.reason === 'failed') return 1;
  if (!opts.failOnLeak) return 0;
  if (isLeak) return 1;
  if (result.verdict.verdict !== 'unknown') return 0;
  io.stderr.write(`leaklab run: ${undecidedLine(result, opts)}\n`);
  return opts.allowUnknown ? 0 : EXIT_UNDECIDED;
}

/** What an undecided CI run says: how long it ran, why it is undecided, and about how long would decide it. */
function undecidedLine(result: HeadlessResult, opts: RunOptions): string {
  const v = result.verdict;
  const more = v.moreSecondsNeeded;
  const hint = more === null
    ? 'run it longer'
    : `about ${more} s more would most likely decide it: try --max-seconds ${Math.ceil(result.ranSec + more)}`;
  const what = opts.allowUnknown ? 'passing (--allow-unknown)' : `exit ${EXIT_UNDECIDED}`;
  return `the verdict is still unknown after ${result.ranSec} s under load (${v.reason.replace(/\.$/, '')}); ${hint}. ${opts.allowUnknown ? '' : 'Or pass --allow-unknown to let an undecided run pass. '}${capitalized(what)}.`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function parseOptions(argv: string[]): RunOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: withNodeFlagValues(argv),
    allowPositionals: true,
    allowNegative: true,
    options: {
      variant: { type: 'string', default: 'leaky' },
      seconds: { type: 'string' },
      path: { type: 'string', multiple: true },
      rate: { type: 'string' },
      connections: { type: 'string' },
      'heap-cap': { type: 'string' },
      'node-flag': { type: 'string', multiple: true },
      'keep-files': { type: 'string' },
      diff: { type: 'boolean', default: false },
      'alloc-sites': { type: 'boolean' },
      'fail-on-leak': { type: 'boolean', default: false },
      'until-decided': { type: 'boolean', default: false },
      'max-seconds': { type: 'string' },
      'allow-unknown': { type: 'boolean', default: false },
      'show-output': { type: 'boolean', default: false },
      series: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      ...REQUEST_OPTIONS,
    },
  });
  if (values.help) return 'help';
  if (positionals.length !== 1) throw new UsageError('give exactly one lesson folder or .js/.ts file.');
  if (values.variant !== 'leaky' && values.variant !== 'fixed') throw new UsageError(`--variant must be leaky or fixed, not ${values.variant}.`);
  // Flags that would change nothing are refused rather than ignored, as the load flags are.
  const isUntilDecided = values['until-decided'] || values['fail-on-leak'];
  const maxSeconds = positiveNumberOption('--max-seconds', values['max-seconds']);
  if (maxSeconds !== undefined && !isUntilDecided) throw new UsageError(`--max-seconds ${values['max-seconds']} caps --until-decided (or --fail-on-leak), and neither was given; for a run of fixed length use --seconds.`);
  if (values['allow-unknown'] && !values['fail-on-leak']) throw new UsageError('--allow-unknown only changes the exit code of --fail-on-leak, which was not given.');
  const seconds = positiveNumberOption('--seconds', values.seconds);
  if (seconds !== undefined && maxSeconds !== undefined && maxSeconds < seconds) throw new UsageError(`--max-seconds ${values['max-seconds']} is under --seconds ${values.seconds}, the least a run lasts; raise --max-seconds or lower --seconds.`);
  return {
    target: positionals[0],
    variant: values.variant,
    seconds,
    load: { path: values.path, rate: values.rate, connections: values.connections, method: values.method, body: values.body, header: values.header },
    heapCapMiB: heapCapOption(values['heap-cap']),
    nodeFlags: nodeFlagsOption(values['node-flag']),
    keepFilesIn: values['keep-files'],
    diff: values.diff,
    allocSites: values['alloc-sites'],
    failOnLeak: values['fail-on-leak'],
    maxSeconds: isUntilDecided ? maxSeconds ?? DEFAULT_MAX_SECONDS : null,
    allowUnknown: values['allow-unknown'],
    showOutput: values['show-output'],
    series: values.series,
    json: values.json,
  };
}

async function makePlan(opts: RunOptions): Promise<{ plan: RunPlan; seconds: number; renames?: FileRenames }> {
  const info = await stat(opts.target).catch(() => null);
  if (!info) throw new UsageError(`${opts.target} does not exist.`);
  const loadFlags = givenLoadFlags(opts.load);
  if (info.isDirectory()) {
    const lesson = await readLesson(opts.target);
    const spec = await lessonProgram(lesson, opts.variant);
    if (loadFlags.length > 0) {
      if (!spec.load) throw new UsageError(`${loadFlags.join(', ')}: lesson ${lesson.slug} runs without load (its program is not an HTTP server).`);
      spec.load = loadFromFlags(spec.load, opts.load);
    }
    if (opts.heapCapMiB !== undefined) spec.heapCapMiB = opts.heapCapMiB;
    spec.nodeFlags = [...new Set([...spec.nodeFlags, ...opts.nodeFlags])];
    // The one validator the page's program goes through at the socket: a heap cap or a set of
    // flags a lesson may not have is refused here just as the page would refuse it.
    const checked = programSpecSchema.safeParse(spec);
    if (!checked.success) throw settingsUsageError(checked.error.issues[0], opts);
    const plan = await planForProgram(checked.data, { allocSites: opts.allocSites === false ? null : DEFAULT_ALLOC_SITES });
    const renames = lessonRenames(plan.dir, lesson.dir, `${opts.variant}.js`, Object.keys(checked.data.files));
    return { plan, seconds: opts.seconds ?? lesson.meta.durationSec, renames };
  }
  // Node >= 22.18 runs TypeScript by stripping its types, so a .ts server runs as it is.
  if (!/\.(c|m)?(js|ts)$/.test(opts.target)) throw new UsageError(`${opts.target} is neither a lesson folder nor a .js or .ts file.`);
  // Your own program gets load only where you say: without --path the other load flags would be ignored.
  if (loadFlags.length > 0 && opts.load.path === undefined) throw new UsageError(`${loadFlags.join(', ')} shape the load, which your own program gets only with --path (e.g. --path /users).`);
  const load = opts.load.path === undefined ? undefined : loadFromFlags({ paths: [], ratePerSec: 200, connections: 4, method: 'GET' }, opts.load);
  return { plan: await planForFile(opts.target, { heapCapMiB: opts.heapCapMiB, nodeFlags: opts.nodeFlags, load, allocSites: opts.allocSites ? DEFAULT_ALLOC_SITES : null }), seconds: opts.seconds ?? 10 };
}

/** `--json`: the RunReport (src/protocol/run-report.ts) that CI scripts and the tests read. */
function runReport(result: HeadlessResult, diff: DiffResult | null, sites: AllocationSitesReport | null): RunReport {
  const v = result.verdict;
  return {
    format: RUN_REPORT_FORMAT,
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
    files: result.files.map(({ file, at }) => ({ name: file.name, sizeBytes: file.sizeBytes, kind: file.kind, at, ...(file.note !== undefined && { note: file.note }) })),
    ...(diff && { diff }),
    ...(sites && { allocationSites: sites }),
  };
}

function printHuman(result: HeadlessResult, io: CliIo, diff: DiffResult | null, sites: AllocationSitesReport | null, maxSeconds: number | null): void {
  const v = result.verdict;
  io.stdout.write(`${result.exit.message}\n`);
  if (maxSeconds !== null) io.stdout.write(`ran ${result.ranSec} s under load, until decided (at most ${maxSeconds} s)\n`);
  io.stdout.write(`verdict: ${v.verdict} (${v.figure})\n`);
  io.stdout.write(`  ${v.reason}\n`);
  io.stdout.write(`  ${formatRate(v.slopePerSec, v.unit)}` + (v.perRequest !== null ? `, ${formatAmount(v.perRequest, v.unit)} per request` : '') + `\n`);
  io.stdout.write(`  ${result.requests} requests, ${result.samples.length} samples, ${result.floors.length} post-GC floors on Node ${result.nodeVersion ?? '?'}\n`);
  printFiles(result, io);
  if (diff) io.stdout.write(`\nHeap snapshot comparison (after warm-up -> end):\n\n${formatDiff({ ...diff, classes: diff.classes.slice(0, 10) })}`);
  if (sites) io.stdout.write(`\n${formatAllocationSites(sites)}`);
}

/** The files the program wrote, each with its size and where it is now. */
function printFiles(result: HeadlessResult, io: CliIo): void {
  const { files, moreFiles } = result;
  if (files.length === 0 && moreFiles === 0) return;
  const count = files.length + moreFiles;
  io.stdout.write(`\nThe program wrote ${count} file${count === 1 ? '' : 's'}:\n`);
  for (const { file, at } of files) {
    const where = at !== null ? `-> ${at}` : file.note ? `(${file.note})` : '';
    io.stdout.write(`  ${file.name}  ${formatBytes(file.sizeBytes)}  ${where}\n`);
  }
  if (moreFiles > 0) io.stdout.write(`  and ${moreFiles} more\n`);
  if (files.some((f) => f.at === null && f.file.note === 'removed with the run folder')) {
    io.stdout.write('  Keep them with --keep-files DIR.\n');
  }
}
