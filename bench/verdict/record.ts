// Records the corpus's live runs once: each case's program is written to bench/out/verdict/programs,
// run through the real CLI (`leaklab run ... --json --series FILE`) while another process keeps a
// core busy, and its series and JSON answer are kept under bench/out/verdict/runs. Evaluating a
// rule later replays those files (replay.ts), so tuning never needs the servers again.
//
// Why the CLI and not runHeadless(): the CLI is the interface users and CI run, it is stable while
// the runner is being refactored, and each run is a process of its own, so a crash or a hang of one
// case cannot take the benchmark down.
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchCase } from './corpus.ts';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
// LEAKLAB_BENCH_OUT lets a frozen copy of the tree record into this one's folder.
export const OUT_DIR = process.env.LEAKLAB_BENCH_OUT ?? path.resolve(BENCH_DIR, '../out/verdict');
export const RUNS_DIR = path.join(OUT_DIR, 'runs');
const PROGRAMS_DIR = path.join(OUT_DIR, 'programs');
const CALIBRATION_FILE = path.join(OUT_DIR, 'calibration.json');
const ROOT = path.resolve(BENCH_DIR, '../..');
const BIN = path.join(ROOT, 'bin', 'leaklab.js');

/** One recorded run's files. */
export interface RunFiles {
  seriesFile: string;
  jsonFile: string;
  metaFile: string;
}

/** What the recorder noted about the machine around one run. */
export interface RunMeta {
  caseId: string;
  run: number;
  startedAt: string;
  wallMs: number;
  loadAverageBefore: number;
  loadAverageAfter: number;
  /** Other engineers' processes using a CPU when the run started (beyond the recorder's own). */
  busyProcessesBefore: number;
  nodeVersion: string;
  exitCode: number | null;
}

export function runFiles(caseId: string, run: number): RunFiles {
  const base = path.join(RUNS_DIR, `${caseId}.run${run}`);
  return { seriesFile: `${base}.jsonl`, jsonFile: `${base}.json`, metaFile: `${base}.meta.json` };
}

export function isRecorded(caseId: string, run: number): boolean {
  const { seriesFile, jsonFile, metaFile } = runFiles(caseId, run);
  return existsSync(seriesFile) && existsSync(jsonFile) && existsSync(metaFile);
}

/** Where a case's program lives; lessons run from their own folder. */
export function programPath(c: BenchCase): string {
  return path.join(PROGRAMS_DIR, `${c.id}.mjs`);
}

/** Real bytes (heap + external) and handles each leak case keeps per request, measured outside HTTP. */
export type Calibration = Record<string, { bytesPerRequest: number; handlesPerRequest: number }>;

export function readCalibration(): Calibration {
  return existsSync(CALIBRATION_FILE) ? (JSON.parse(readFileSync(CALIBRATION_FILE, 'utf8')) as Calibration) : {};
}

/** Measures every leak case that has no calibration yet (a second or two each). */
export async function calibrate(cases: BenchCase[]): Promise<Calibration> {
  const calibration = readCalibration();
  for (const c of cases) {
    if (c.kind !== 'leak' || calibration[c.id] || c.source === '') continue;
    writeProgram(c);
    const perRequest = Math.max(16, c.nominalBytesPerRequest ?? 200);
    const count = Math.round(Math.min(50_000, Math.max(5_000, 40e6 / perRequest)));
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--expose-gc', programPath(c)], { env: { ...process.env, LEAKLAB_BENCH_CALIBRATE: String(count) }, timeout: 60_000 },
        (error, out, err) => (error ? reject(new Error(`calibrating ${c.id} failed: ${error.message}\n${err}`)) : resolve(out)));
    });
    calibration[c.id] = JSON.parse(stdout.trim().split('\n').at(-1)!);
    writeFileSync(CALIBRATION_FILE, JSON.stringify(calibration, null, 2));
  }
  return calibration;
}

function writeProgram(c: BenchCase): void {
  mkdirSync(PROGRAMS_DIR, { recursive: true });
  const file = programPath(c);
  if (!existsSync(file) || readFileSync(file, 'utf8') !== c.source) writeFileSync(file, c.source);
}

/** How many processes outside this benchmark's own tree were on a CPU, from one `ps` (a rough picture of the machine). */
async function busyProcesses(): Promise<number> {
  const out = await new Promise<string>((resolve) => {
    execFile('ps', ['-eo', 'pid,ppid,pcpu', '--no-headers'], (error, text) => resolve(error ? '' : text));
  });
  const rows = out.split('\n').map((line) => line.trim().split(/\s+/).map(Number)).filter((r) => r.length === 3);
  const parentOf = new Map(rows.map(([pid, ppid]) => [pid, ppid]));
  const isOurs = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parentOf.get(p) ?? 0, hops++) if (p === process.pid) return true;
    return false;
  };
  return rows.filter(([pid, , cpu]) => cpu >= 20 && !isOurs(pid)).length;
}

export interface RecordTask {
  c: BenchCase;
  run: number;
  /** Extra CLI arguments (lessons: --variant). */
  target: string;
  args: string[];
}

/**
 * Records the tasks, `parallel` at a time, with one busy loop on the side. Tasks already on disk
 * are skipped, so an interrupted recording picks up where it stopped.
 */
export async function recordAll(tasks: RecordTask[], parallel: number, log: (line: string) => void): Promise<void> {
  const todo = tasks.filter((t) => !isRecorded(t.c.id, t.run));
  if (todo.length === 0) return;
  mkdirSync(RUNS_DIR, { recursive: true });
  for (const t of todo) if (t.c.source !== '') writeProgram(t.c);
  const busy = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  const stop = (): void => { busy.kill('SIGKILL'); };
  process.once('exit', stop);
  let next = 0;
  let done = 0;
  const startedAt = Date.now();
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      const task = todo[next++];
      const meta = await recordOne(task);
      done++;
      const leftMin = ((Date.now() - startedAt) / done) * (todo.length - done) / 60_000;
      log(`[${done}/${todo.length}] ${task.c.id} run ${task.run}: exit ${meta.exitCode}, load average ${meta.loadAverageBefore.toFixed(1)}, ${meta.busyProcessesBefore} other busy processes (about ${leftMin.toFixed(0)} min left)`);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, todo.length) }, worker));
  } finally {
    stop();
    process.off('exit', stop);
  }
}

async function recordOne(task: RecordTask): Promise<RunMeta> {
  const files = runFiles(task.c.id, task.run);
  const partialSeries = `${files.seriesFile}.partial`;
  const startedAtMs = Date.now();
  const loadAverageBefore = os.loadavg()[0];
  const busyProcessesBefore = await busyProcesses();
  const args = [BIN, 'run', task.target, ...task.args, '--seconds', String(task.c.seconds), '--json', '--series', partialSeries];
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (exitCode) => resolve({ code: exitCode, stdout: out, stderr: err }));
  });
  let json: { nodeVersion?: string } = {};
  try {
    json = JSON.parse(stdout);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    json = { nodeVersion: undefined };
    writeFileSync(`${files.jsonFile}.failed.txt`, `exit ${code}\n${stdout}\n${stderr}`);
  }
  const meta: RunMeta = {
    caseId: task.c.id, run: task.run, startedAt: new Date(startedAtMs).toISOString(), wallMs: Date.now() - startedAtMs,
    loadAverageBefore, loadAverageAfter: os.loadavg()[0], busyProcessesBefore, nodeVersion: json.nodeVersion ?? '?', exitCode: code,
  };
  // Only a run that gave an answer counts as recorded; a failed one is tried again next time.
  if (existsSync(partialSeries) && json.nodeVersion !== undefined) {
    renameSync(partialSeries, files.seriesFile);
    writeFileSync(files.jsonFile, JSON.stringify(json, null, 2));
    writeFileSync(files.metaFile, JSON.stringify(meta, null, 2));
  }
  return meta;
}
