// `npm run bench -- --probe-cost [--rounds 5] [--seconds 8]`: what the probe's allocation sites
// cost a lesson server at full speed. Each round runs lesson 01's fixed.js (a flat heap, so any
// growth is the probe's) twice under the real probe, once without and once with allocation
// sites, in alternating order, with autocannon as fast as the server answers. It reports the
// requests per second, the post-GC heap floor (median of the second half of the run, where the
// server is warm), and the size of the probe's profile messages. Medians of the rounds.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { lessonProgram, readLesson } from '../src/lessons/read-lesson.ts';
import { createRunFolder, removeRunFolder } from '../src/runner/run-folder.ts';
import { DEFAULT_ALLOC_SITES, freePort } from '../src/runner/run-plan.ts';
import { LESSONS_DIR, PROBE_PATH } from '../src/project-paths.ts';
import { parseProbeMessage } from '../src/protocol/probe-messages.ts';

interface Measured { requestsPerSec: number; floorBytes: number; profileBytes: number[] }

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function measureOnce(dir: string, entry: string, withSites: boolean, seconds: number): Promise<Measured> {
  const port = await freePort();
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', PORT: String(port) };
  if (withSites) Object.assign(env, { LEAKLAB_ALLOC_SITES: String(DEFAULT_ALLOC_SITES.intervalBytes), LEAKLAB_ALLOC_PROFILE_MS: String(DEFAULT_ALLOC_SITES.profileEveryMs) });
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
  // overallRate 0: no rate limit (autocannon paces only when it is set), as fast as the server answers.
  let responses = 0;
  const loadStartedAt = performance.now();
  await new Promise<void>((resolve) => {
    autocannon({ url: `http://127.0.0.1:${port}`, connections: 8, overallRate: 0, duration: seconds, method: 'GET', requests: [{ path: '/' }], timeout: 5, skipAggregateResult: true })
      .on('response', () => { responses++; })
      .on('done', resolve);
  });
  const loadSeconds = (performance.now() - loadStartedAt) / 1000;
  child.kill('SIGKILL');
  const endMs = floors.at(-1)?.atMs ?? 0;
  const warm = floors.filter((f) => f.atMs >= startedAtMs + (endMs - startedAtMs) / 2).map((f) => f.heapUsedBytes);
  return { requestsPerSec: responses / loadSeconds, floorBytes: median(warm), profileBytes };
}

/** Runs the rounds and prints the report; returns its lines. */
export async function probeCostReport(rounds: number, seconds: number): Promise<string[]> {
  const lesson = await readLesson(path.join(LESSONS_DIR, '01-global-variables'));
  const spec = await lessonProgram(lesson, 'fixed');
  const dir = await createRunFolder(spec);
  const off: Measured[] = [];
  const on: Measured[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      // Alternate which goes first, so a slow spell of the shared machine lands on both alike.
      const order = round % 2 ? [false, true] : [true, false];
      for (const withSites of order) {
        const m = await measureOnce(dir, spec.entry, withSites, seconds);
        (withSites ? on : off).push(m);
        console.log(`round ${round}/${rounds} ${withSites ? 'with sites   ' : 'without sites'}: ${m.requestsPerSec.toFixed(0)} requests/s, floor ${(m.floorBytes / 1e6).toFixed(2)} MB${withSites ? `, profiles ${m.profileBytes.map((b) => `${(b / 1e3).toFixed(1)} kB`).join(' ')}` : ''}`);
      }
    }
  } finally {
    await removeRunFolder(dir);
  }
  const rpsOff = median(off.map((m) => m.requestsPerSec)), rpsOn = median(on.map((m) => m.requestsPerSec));
  const floorOff = median(off.map((m) => m.floorBytes)), floorOn = median(on.map((m) => m.floorBytes));
  // Per round: the pair run back to back, so the ratio cancels most of the machine's drift.
  const ratios = off.map((m, k) => on[k].requestsPerSec / m.requestsPerSec);
  const sizes = on.flatMap((m) => m.profileBytes);
  const lines = [
    `Probe cost of allocation sites (lesson 01 fixed.js at full speed, ${rounds} interleaved rounds of ${seconds} s each way, interval ${DEFAULT_ALLOC_SITES.intervalBytes / 1024} KiB, a profile every ${DEFAULT_ALLOC_SITES.profileEveryMs / 1000} s; medians):`,
    `  throughput: ${rpsOff.toFixed(0)} requests/s without, ${rpsOn.toFixed(0)} with (${((rpsOn / rpsOff - 1) * 100).toFixed(1)} %; median of the per-round ratios ${((median(ratios) - 1) * 100).toFixed(1)} %)`,
    `  heap floor: ${(floorOff / 1e6).toFixed(2)} MB without, ${(floorOn / 1e6).toFixed(2)} MB with (${((floorOn - floorOff) / 1e6).toFixed(2)} MB)`,
    `  profile message: median ${(median(sizes) / 1e3).toFixed(1)} kB, largest ${(Math.max(...sizes) / 1e3).toFixed(1)} kB of JSON (${sizes.length} messages)`,
  ];
  for (const line of lines) console.log(line);
  return lines;
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number): number => {
    const at = args.indexOf(`--${name}`);
    return at === -1 ? fallback : Number(args[at + 1]) || fallback;
  };
  await probeCostReport(option('rounds', 5), option('seconds', 8));
}
