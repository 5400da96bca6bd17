// `npm run bench -- --probe-cost [--rounds 8] [--seconds 6]` (or `node bench/probe-cost.ts [...] [--intervals 32768,131072]`): what the probe's allocation sites
// cost a lesson server at full speed. Each round runs lesson 01's fixed.js (a flat heap, so any
// growth is the probe's) twice under the real probe, once without and once with allocation
// sites, in alternating order, with autocannon as fast as the server answers. It reports the
// requests per second, the post-GC heap floor (median of the second half of the run, where the
// server is warm), and the size of the probe's profile messages. Medians of the rounds.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { lessonProgram, readLesson } from '../src/lessons/read-lesson.ts';
import { createRunFolder, removeRunFolder } from '../src/runner/run-folder.ts';
import { DEFAULT_ALLOC_SITES, freePort } from '../src/runner/run-plan.ts';
import { LESSONS_DIR, PROBE_PATH } from '../src/project-paths.ts';
import { parseProbeMessage } from '../src/protocol/probe-messages.ts';

interface Measured { requestsPerSec: number; cpuMicrosPerRequest: number; floorBytes: number; profileBytes: number[] }

/**
 * CPU time (user + system) the server has used, in µs, from /proc (Linux). Throughput on a
 * shared 2-core machine swings with whatever else runs; CPU time per request swings much less.
 */
function cpuMicros(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return Number.NaN; // no /proc here: the report leaves the figure out
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function measureOnce(dir: string, entry: string, intervalBytes: number, seconds: number): Promise<Measured> {
  const port = await freePort();
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', PORT: String(port) };
  if (intervalBytes > 0) Object.assign(env, { LEAKLAB_ALLOC_SITES: String(intervalBytes), LEAKLAB_ALLOC_PROFILE_MS: String(DEFAULT_ALLOC_SITES.profileEveryMs) });
  const child: ChildProcess = fork(path.join(dir, entry), [], { cwd: dir, env, execArgv: ['--expose-gc', '--import', PROBE_PATH], stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'json' });
  const floors: { atMs: number; heapUsedBytes: number }[] = [];
  const profileBytes: number[] = [];
  let isListening = false;
  child.on('message', (raw) => {
    const parsed = parseProbeMessage(raw);
    if (!parsed.ok) return;
    const msg = parsed.value;
    if (msg.type === 'floor') floors.push(msg.floor);
    if (msg.type === 'listening') isListening = true;
    if (msg.type === 'alloc-profile') profileBytes.push(JSON.stringify(raw).length);
  });
  const deadline = Date.now() + 10_000;
  while (!isListening && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (!isListening) { child.kill('SIGKILL'); throw new Error(`${entry} did not listen on ${port} within 10 s.`); }
  const startedAtMs = floors.at(-1)?.atMs ?? 0;
  // No overallRate: autocannon paces only when it is set, so it sends as fast as the server answers.
  const fullSpeed = { url: `http://127.0.0.1:${port}`, connections: 8, duration: seconds, method: 'GET', requests: [{ path: '/' }], timeout: 5, skipAggregateResult: true };
  let responses = 0;
  const loadStartedAt = performance.now();
  const cpuBefore = cpuMicros(child.pid!);
  await new Promise<void>((resolve) => {
    autocannon(fullSpeed as Parameters<typeof autocannon>[0])
      .on('response', () => { responses++; })
      .on('done', resolve);
  });
  const loadSeconds = (performance.now() - loadStartedAt) / 1000;
  const cpuUsed = cpuMicros(child.pid!) - cpuBefore;
  child.kill('SIGKILL');
  const endMs = floors.at(-1)?.atMs ?? 0;
  const warm = floors.filter((f) => f.atMs >= startedAtMs + (endMs - startedAtMs) / 2).map((f) => f.heapUsedBytes);
  return { requestsPerSec: responses / loadSeconds, cpuMicrosPerRequest: cpuUsed / responses, floorBytes: median(warm), profileBytes };
}

/**
 * Runs the rounds and prints the report; returns its lines. Each round runs "off" and every
 * interval once, in an order that rotates from round to round, so a slow spell of the shared
 * machine lands on all of them alike; the per-round ratios against "off" cancel most drift.
 */
export async function probeCostReport(rounds: number, seconds: number, intervals: number[] = [DEFAULT_ALLOC_SITES.intervalBytes]): Promise<string[]> {
  const lesson = await readLesson(path.join(LESSONS_DIR, '01-global-variables'));
  const spec = await lessonProgram(lesson, 'fixed');
  const dir = await createRunFolder(spec);
  const variants = [0, ...intervals];
  const name = (interval: number): string => (interval === 0 ? 'without sites' : `sites @ ${interval / 1024} KiB`);
  const measured = new Map<number, Measured[]>(variants.map((v) => [v, []]));
  try {
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < variants.length; k++) {
        const interval = variants[(k + round) % variants.length];
        const m = await measureOnce(dir, spec.entry, interval, seconds);
        measured.get(interval)!.push(m);
        console.log(`round ${round + 1}/${rounds} ${name(interval).padEnd(16)}: ${m.requestsPerSec.toFixed(0)} requests/s, ${m.cpuMicrosPerRequest.toFixed(1)} µs CPU/request, floor ${(m.floorBytes / 1e6).toFixed(2)} MB${interval ? `, profiles ${m.profileBytes.map((b) => `${(b / 1e3).toFixed(1)} kB`).join(' ')}` : ''}`);
      }
    }
  } finally {
    await removeRunFolder(dir);
  }
  const off = measured.get(0)!;
  const pct = (ratio: number): string => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)} %`;
  const lines = [
    `Probe cost of allocation sites: lesson 01 fixed.js at full speed (autocannon, 8 connections), ${rounds} rounds of ${seconds} s per variant, order rotated each round, a profile every ${DEFAULT_ALLOC_SITES.profileEveryMs / 1000} s. Medians; "ratio" is the median of the per-round ratios against the run without sites.`,
    `  without sites: ${median(off.map((m) => m.requestsPerSec)).toFixed(0)} requests/s, ${median(off.map((m) => m.cpuMicrosPerRequest)).toFixed(1)} µs CPU/request, heap floor ${(median(off.map((m) => m.floorBytes)) / 1e6).toFixed(2)} MB`,
  ];
  for (const interval of intervals) {
    const on = measured.get(interval)!;
    const rps = median(on.map((m, k) => m.requestsPerSec / off[k].requestsPerSec));
    const cpu = median(on.map((m, k) => m.cpuMicrosPerRequest / off[k].cpuMicrosPerRequest));
    const floorDelta = median(on.map((m) => m.floorBytes)) - median(off.map((m) => m.floorBytes));
    const sizes = on.flatMap((m) => m.profileBytes);
    lines.push(`  ${name(interval)}: ${median(on.map((m) => m.requestsPerSec)).toFixed(0)} requests/s (ratio ${pct(rps)}), ${median(on.map((m) => m.cpuMicrosPerRequest)).toFixed(1)} µs CPU/request (ratio ${pct(cpu)}), heap floor ${floorDelta >= 0 ? '+' : ''}${(floorDelta / 1e6).toFixed(2)} MB, profile message ${sizes.length ? `${(median(sizes) / 1e3).toFixed(1)} kB median, ${(Math.max(...sizes) / 1e3).toFixed(1)} kB largest` : 'none'} of JSON`);
  }
  for (const line of lines) console.log(line);
  return lines;
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number): number => {
    const at = args.indexOf(`--${name}`);
    return at === -1 ? fallback : Number(args[at + 1]) || fallback;
  };
  const at = args.indexOf('--intervals');
  const intervals = at === -1 ? undefined : args[at + 1].split(',').map(Number).filter((n) => n > 0);
  await probeCostReport(option('rounds', 8), option('seconds', 6), intervals);
}
