// Test helper: run a program through the real runner (real node, real probe) and collect its events.
import { execFileSync } from 'node:child_process';
import type { ProgramSpec } from '../../src/protocol/program.ts';
import type { RunEvent } from '../../src/protocol/run-events.ts';
import { RunProcess } from '../../src/runner/run-process.ts';
import { DEFAULT_CAPS, planForProgram, type RunCaps, type RunPlan } from '../../src/runner/run-plan.ts';

export function programSpec(code: string, overrides: Partial<ProgramSpec> = {}): ProgramSpec {
  return {
    variant: 'custom',
    files: { 'main.js': code },
    entry: 'main.js',
    moduleType: 'commonjs',
    figure: 'heapUsed',
    dependencies: [],
    permissions: { childProcess: false, worker: false, addons: false, fsWrite: [] },
    nodeFlags: [],
    heapCapMiB: 128,
    ...overrides,
  };
}

export interface Collected {
  events: RunEvent[];
  output: string;
  exit: Extract<RunEvent, { type: 'exited' }>;
  run: RunProcess;
}

export interface RunOptions { stopAfterMs?: number; caps?: Partial<RunCaps>; onEvent?: (e: RunEvent, run: RunProcess) => void }

/** Runs `spec` (a lesson-like program, under the permission model) until it ends or `stopAfterMs` passes (then Stop). */
export async function runProgram(spec: ProgramSpec, options: RunOptions = {}): Promise<Collected> {
  return runPlan(await planForProgram(spec), options);
}

/** Runs any plan (e.g. `planForFile`, the user's own program) until it ends or `stopAfterMs` passes. */
export async function runPlan(plan: RunPlan, options: RunOptions = {}): Promise<Collected> {
  const events: RunEvent[] = [];
  const run: RunProcess = new RunProcess(plan, { ...DEFAULT_CAPS, ...options.caps }, (event) => {
    events.push(event);
    options.onEvent?.(event, run);
  });
  await run.start();
  const timer = options.stopAfterMs ? setTimeout(() => void run.stop('stopped'), options.stopAfterMs) : null;
  await run.exited;
  if (timer) clearTimeout(timer);
  const output = events.map((e) => (e.type === 'output' ? e.text : e.type === 'notice' ? `[${e.code}] ${e.text}\n` : '')).join('');
  const exit = events.find((e) => e.type === 'exited') as Collected['exit'];
  return { events, output, exit, run };
}

/** Pids of live processes whose command line mentions `needle` (excluding this test process). */
export function processesMatching(needle: string): number[] {
  let out = '';
  try {
    out = execFileSync('pgrep', ['-f', needle], { encoding: 'utf8' });
  } catch (err) {
    if ((err as { status?: number }).status === 1) return []; // pgrep: nothing matched
    throw err;
  }
  return out.split('\n').filter(Boolean).map(Number).filter((pid) => pid !== process.pid);
}

export { isRunning as isAlive } from './server-process.ts';
