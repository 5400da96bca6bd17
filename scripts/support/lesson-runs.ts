// Runs lesson programs through the real `leaklab run` CLI and reads its --json verdict. Shared by
// the truth check (tests/lessons/truth.test.ts) and the Node 22 comparison (scripts/check-node22.ts).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listLessons, type Lesson } from '../../src/lessons/read-lesson.ts';
import { parseRunReport, type RunReport } from '../../src/protocol/run-report.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const LESSONS_DIR = path.join(ROOT, 'lessons');
const BIN = path.join(ROOT, 'bin', 'leaklab.js');

export type Variant = 'leaky' | 'fixed';
export type Expected = Lesson['meta']['expect']['leaky'];

/** What one CLI run came to: the verdict, or 'crash' when the program hit its heap cap. */
export interface RunOutcome {
  slug: string;
  variant: Variant;
  expected: Expected;
  observed: 'leaking' | 'flat' | 'unknown' | 'crash' | 'cli-failed';
  /** The verdict on the lesson's own figure alone; `observed` also weighs the other figures. */
  figureVerdict: 'leaking' | 'flat' | 'unknown' | null;
  /** Slope of the lesson's own figure, per second (bytes, or handles for the handles figure). */
  figureSlopePerSec: number | null;
  slopePerSec: number | null;
  perRequest: number | null;
  requests: number | null;
  reason: string;
  elapsedMs: number;
  /**
   * With a snapshot diff (`--diff`, for lessons that name a leakingClass and don't expect a crash):
   * how many more instances of the leaking class the end snapshot holds than the warm-up one.
   * 0 when the class is not among the diff's top classes; undefined without a diff.
   */
  leakingClassGrowth?: number;
  diffError?: string;
}

export interface RunCase { lesson: Lesson; variant: Variant; expected: Expected }

/** Whether a run of this case also takes the two heap snapshots and compares them. */
export function wantsDiff(c: RunCase): boolean {
  return c.lesson.meta.leakingClass !== undefined && c.expected !== 'crash';
}

/** Every (lesson, variant) pair whose expectation is not 'none', found by listing lessons/. */
export async function runCases(): Promise<RunCase[]> {
  const cases: RunCase[] = [];
  for (const lesson of await listLessons(LESSONS_DIR)) {
    for (const variant of ['leaky', 'fixed'] as const) {
      const expected = lesson.meta.expect[variant];
      if (expected !== 'none') cases.push({ lesson, variant, expected });
    }
  }
  return cases;
}

/**
 * Runs one case with `nodeBinary` for both the CLI and (through PATH) the program it spawns.
 * With `withDiff`, the same run also compares heap snapshots (see `wantsDiff`).
 */
/** The longest a truth-check run goes on for its verdict (a noisy fixed.js can take most of a minute). */
export const TRUTH_MAX_SECONDS = 90;

export function runCase(c: RunCase, nodeBinary = process.execPath, withDiff = false): Promise<RunOutcome> {
  const startedAt = performance.now();
  // The lesson's durationSec is a minimum, as on the page: a run goes on (up to 90 s) until the
  // verdict is decided, so a quiet fixed.js on a busy machine ends flat rather than unknown.
  const args = [BIN, 'run', c.lesson.dir, '--variant', c.variant, '--seconds', String(c.lesson.meta.durationSec), '--until-decided', '--max-seconds', String(TRUTH_MAX_SECONDS), '--json'];
  if (withDiff) args.push('--diff');
  return new Promise((resolve) => {
    const child = spawn(nodeBinary, args, {
      cwd: ROOT,
      env: { ...process.env, PATH: `${path.dirname(nodeBinary)}${path.delimiter}${process.env.PATH ?? ''}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => {
      const base = { slug: c.lesson.slug, variant: c.variant, expected: c.expected, elapsedMs: Math.round(performance.now() - startedAt) };
      const report = parseRunReport(stdout);
      if (!report.ok) {
        resolve({ ...base, observed: 'cli-failed', figureVerdict: null, figureSlopePerSec: null,
          slopePerSec: null, perRequest: null, requests: null,
          reason: `leaklab run exited ${code} without a report (${report.problem}). stderr: ${stderr.slice(-800)}` });
        return;
      }
      const json = report.value;
      const crashed = json.exit.reason === 'heap-cap';
      const own = json.perFigure.find((f) => f.figure === c.lesson.meta.figure);
      resolve({
        ...base,
        observed: crashed ? 'crash' : json.verdict,
        figureVerdict: own?.verdict ?? null,
        figureSlopePerSec: own?.slopePerSec ?? null,
        slopePerSec: json.slopePerSec,
        perRequest: json.perRequest,
        requests: json.requests,
        reason: crashed ? json.exit.message : json.reason,
        ...(withDiff ? diffFields(json, c.lesson.meta.leakingClass) : {}),
      });
    });
  });
}

function diffFields(json: RunReport, leakingClass: string | undefined): Pick<RunOutcome, 'leakingClassGrowth' | 'diffError'> {
  const classes = json.diff?.classes;
  if (!classes) return { diffError: 'leaklab run --diff printed no diff (see its stderr for the snapshot failure).' };
  return { leakingClassGrowth: classes.find((k) => k.name === leakingClass)?.countDelta ?? 0 };
}

/** Runs cases `width` at a time (the machine has 2 cores; each run is a program plus a load driver). */
export async function runInBatches(cases: RunCase[], width: number, run: (c: RunCase) => Promise<RunOutcome>,
  onOutcome?: (o: RunOutcome) => void): Promise<RunOutcome[]> {
  const outcomes: RunOutcome[] = new Array(cases.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < cases.length) {
      const i = next++;
      outcomes[i] = await run(cases[i]);
      onOutcome?.(outcomes[i]);
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, cases.length) }, worker));
  return outcomes;
}

/** One line for a person: what was expected, what was seen, and the numbers behind it. */
export function describeOutcome(o: RunOutcome): string {
  const slope = o.slopePerSec === null ? '?' : `${Math.round(o.slopePerSec / 1000)} kB/s`;
  const perReq = o.perRequest === null ? '?' : `${Math.round(o.perRequest)} B/req`;
  const growth = o.leakingClassGrowth === undefined ? '' : `, leaking class +${o.leakingClassGrowth} between snapshots`;
  return `${o.slug} ${o.variant}: expected ${o.expected}, got ${o.observed} (${slope}, ${perReq}, ${o.requests ?? '?'} requests${growth}, ${o.elapsedMs} ms) ${o.reason}`;
}
