// The verdict benchmark's report: per case, the verdicts at the end of each run, the time until the
// verdict was correct for good, what was measured per request against what the program really
// keeps; then a summary against the issue's targets, apart for the tuning and the held-out cases.
import { existsSync, readFileSync } from 'node:fs';
import type { BenchCase } from './corpus.ts';
import { isRecorded, readCalibration, runFiles, type RunMeta } from './record.ts';
import { replaySeries, settledAtSec, wasEver, type Timeline } from './replay.ts';

interface RunResult {
  run: number;
  timeline: Timeline;
  meta: RunMeta;
  /** Seconds of load until the correct verdict, for good; null when the run did not end correct. */
  settledSec: number | null;
}

interface CaseResult {
  c: BenchCase;
  expected: 'leaking' | 'flat';
  runs: RunResult[];
  trueBytesPerRequest: number | null;
}

const SHORT: Record<string, string> = { leaking: 'L', flat: 'F', unknown: '?' };

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function fmt(value: number | null, digits = 0): string {
  return value === null ? '-' : value.toFixed(digits);
}

/** Replays every recorded run of the cases. */
export function evaluate(cases: BenchCase[], runsOf: (c: BenchCase) => number): CaseResult[] {
  const calibration = readCalibration();
  const results: CaseResult[] = [];
  for (const c of cases) {
    const expected = c.kind === 'leak' ? 'leaking' : 'flat';
    const runs: RunResult[] = [];
    for (let run = 1; run <= runsOf(c); run++) {
      if (!isRecorded(c.id, run)) continue;
      const files = runFiles(c.id, run);
      const timeline = replaySeries(files.seriesFile);
      const meta = existsSync(files.metaFile) ? (JSON.parse(readFileSync(files.metaFile, 'utf8')) as RunMeta) : ({} as RunMeta);
      runs.push({ run, timeline, meta, settledSec: settledAtSec(timeline, expected) });
    }
    if (runs.length > 0) results.push({ c, expected, runs, trueBytesPerRequest: calibration[c.id]?.bytesPerRequest ?? null });
  }
  return results;
}

function printCases(results: CaseResult[]): void {
  console.log('case'.padEnd(40), 'want', 'ends'.padEnd(8), 'wrong-ever', 'settled s (median, max)'.padEnd(24), 'req/s', 'per request: measured / true');
  for (const r of results) {
    const ends = r.runs.map((x) => SHORT[x.timeline.final.verdict]).join('');
    const wrong = r.expected === 'flat' ? 'leaking' : 'flat';
    const wrongEver = r.runs.filter((x) => wasEver(x.timeline, wrong)).length;
    const settled = r.runs.map((x) => x.settledSec).filter((s): s is number => s !== null);
    const settledText = settled.length === r.runs.length ? `${fmt(median(settled), 1)}, ${fmt(Math.max(...settled), 1)}` : `${fmt(median(settled), 1)} (${r.runs.length - settled.length} never)`;
    const rate = median(r.runs.map((x) => x.timeline.requestsPerSec ?? 0));
    const measured = median(r.runs.map((x) => x.timeline.final.perRequest).filter((p): p is number => p !== null));
    const truth = r.trueBytesPerRequest === null ? '' : ` / ${fmt(r.trueBytesPerRequest)}`;
    console.log(r.c.id.padEnd(40), SHORT[r.expected].padEnd(4), ends.padEnd(8), String(wrongEver).padEnd(10), settledText.padEnd(24), fmt(rate).padEnd(5), `${fmt(measured)}${truth}`);
  }
}

function summarize(label: string, results: CaseResult[]): void {
  const healthy = results.filter((r) => r.expected === 'flat' && r.c.shape !== 'lesson').flatMap((r) => r.runs);
  const leaks = results.filter((r) => r.expected === 'leaking' && r.c.shape !== 'lesson');
  const leakRuns = leaks.flatMap((r) => r.runs);
  const big = leaks.filter((r) => (r.trueBytesPerRequest ?? r.c.nominalBytesPerRequest ?? Infinity) >= 45 || r.c.shape === 'timers').flatMap((r) => r.runs);
  // A leak that starts late is rightly flat before it starts: only its end counts.
  const bigSteady = leaks.filter((r) => r.c.shape !== 'late-start' && ((r.trueBytesPerRequest ?? r.c.nominalBytesPerRequest ?? Infinity) >= 45 || r.c.shape === 'timers')).flatMap((r) => r.runs);
  const count = (runs: RunResult[], test: (x: RunResult) => boolean): string => `${runs.filter(test).length} of ${runs.length}`;
  console.log(`\n== ${label}`);
  console.log(`healthy runs called leaking at the end: ${count(healthy, (x) => x.timeline.final.verdict === 'leaking')}; ever during the run: ${count(healthy, (x) => wasEver(x.timeline, 'leaking'))} (target: 0 in at least 200)`);
  console.log(`healthy runs flat at the end: ${count(healthy, (x) => x.timeline.final.verdict === 'flat')}; median time to flat ${fmt(median(healthy.map((x) => x.settledSec).filter((s): s is number => s !== null)), 1)} s`);
  console.log(`leaks of 50 B/request or more called flat at the end: ${count(big, (x) => x.timeline.final.verdict === 'flat')}; ever (late starts left out): ${count(bigSteady, (x) => wasEver(x.timeline, 'flat'))} (target: 0)`);
  console.log(`leak runs leaking at the end: ${count(leakRuns, (x) => x.timeline.final.verdict === 'leaking')}; of 50 B/request or more: ${count(big, (x) => x.timeline.final.verdict === 'leaking')}`);
  const target = (id: RegExp, withinSec: number, what: string): void => {
    const runs = leaks.filter((r) => id.test(r.c.id)).flatMap((r) => r.runs);
    if (runs.length === 0) return;
    const times = runs.map((x) => x.settledSec);
    console.log(`${what}: leaking for good after ${times.map((t) => (t === null ? 'never' : `${t.toFixed(1)} s`)).join(', ')} of load (target: within ${withinSec} s): ${count(runs, (x) => x.settledSec !== null && x.settledSec <= withinSec)}`);
  };
  target(/^leak-map-1000B-200rps$/, 8, '1 kB/request at 200 req/s');
  target(/^leak-map-100B-50rps$/, 60, '100 B/request at 50 req/s');
  const lessons = results.filter((r) => r.c.shape === 'lesson');
  if (lessons.length > 0) {
    const leaky = lessons.filter((r) => r.expected === 'leaking').flatMap((r) => r.runs);
    const fixed = lessons.filter((r) => r.expected === 'flat').flatMap((r) => r.runs);
    console.log(`leaky lessons leaking at the end: ${count(leaky, (x) => x.timeline.final.verdict === 'leaking')}; within 5 s of load: ${count(leaky, (x) => x.settledSec !== null && x.settledSec <= 5)} (median ${fmt(median(leaky.map((x) => x.settledSec ?? 99)), 1)} s)`);
    console.log(`fixed lessons flat at the end: ${count(fixed, (x) => x.timeline.final.verdict === 'flat')}; ever leaking: ${count(fixed, (x) => wasEver(x.timeline, 'leaking'))}`);
  }
  estimateQuality(results.flatMap((r) => r.runs));
}

/**
 * How good "about N s more" was: for every unknown reading at least 5 s into a run that later
 * settled, the ratio of the time it really took to the time estimated.
 */
function estimateQuality(runs: RunResult[]): void {
  const ratios: number[] = [];
  for (const x of runs) {
    if (x.settledSec === null) continue;
    for (const p of x.timeline.points) {
      if (p.verdict !== 'unknown' || p.moreSecondsNeeded === null || p.atSec < 5 || p.atSec >= x.settledSec) continue;
      ratios.push((x.settledSec - p.atSec) / p.moreSecondsNeeded);
    }
  }
  if (ratios.length === 0) return;
  ratios.sort((a, b) => a - b);
  const q = (f: number): string => ratios[Math.floor(f * (ratios.length - 1))].toFixed(2);
  console.log(`"about N s more": real time to decide / estimate over ${ratios.length} readings: quartiles ${q(0.25)}, ${q(0.5)}, ${q(0.75)}`);
}

function machine(results: CaseResult[]): void {
  const metas = results.flatMap((r) => r.runs.map((x) => x.meta)).filter((m) => m.startedAt);
  if (metas.length === 0) return;
  const loads = metas.map((m) => m.loadAverageBefore);
  const busy = metas.map((m) => m.busyProcessesBefore);
  const first = metas.map((m) => m.startedAt).sort()[0];
  const last = metas.map((m) => m.startedAt).sort().at(-1);
  console.log(`\nRecorded ${metas.length} runs ${first} to ${last} on Node ${metas[0].nodeVersion}, two at a time beside one busy loop; load average median ${fmt(median(loads), 1)} (max ${fmt(Math.max(...loads), 1)}); other processes on a CPU at the start of a run: median ${fmt(median(busy))}, max ${Math.max(...busy)}.`);
}

export function report(cases: BenchCase[], runsOf: (c: BenchCase) => number, set: 'tuning' | 'held-out' | 'all'): void {
  const results = evaluate(cases, runsOf);
  const tuning = results.filter((r) => !r.c.isHeldOut);
  const heldOut = results.filter((r) => r.c.isHeldOut);
  if (set !== 'held-out') { console.log('\n# Tuning set'); printCases(tuning); }
  if (set !== 'tuning') { console.log('\n# Held-out set (not looked at while tuning)'); printCases(heldOut); }
  if (set !== 'held-out') summarize('tuning set', tuning);
  if (set !== 'tuning') summarize('held-out set', heldOut);
  if (set === 'all') summarize('all', results);
  machine(results);
}
