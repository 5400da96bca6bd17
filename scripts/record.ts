// `npm run record [slug …]`: runs each lesson's leaky and fixed programs on real Node (through the
// CLI's headless runner, with the same snapshots as `leaklab run --diff`) and saves what the page
// replays when no live runtime is there: public/recordings/<slug>.json. Two runs at a time: the
// figures are real measurements, and a busier machine would blur them. Without slugs: every lesson.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runHeadless } from '../src/runner/headless-session.ts';
import { listLessons, lessonProgram, type Lesson } from '../src/lessons/read-lesson.ts';
import { planForProgram } from '../src/runner/run-plan.ts';
import { LESSONS_DIR, PROJECT_ROOT } from '../src/project-paths.ts';
import { programHash } from '../src/runtime/recorded/program-hash.ts';
import { RECORDING_FORMAT, type LessonRecording, type VariantRecording } from '../src/protocol/recording.ts';

export const RECORDINGS_DIR = path.join(PROJECT_ROOT, 'public', 'recordings');
const MAX_OUTPUT_CHARS = 16 * 1024;
/** The top classes of the comparison that a recording keeps. */
const DIFF_TOP = 10;

async function recordVariant(lesson: Lesson, variant: 'leaky' | 'fixed'): Promise<VariantRecording> {
  const spec = await lessonProgram(lesson, variant);
  const seconds = lesson.meta.durationSec;
  const load: VariantRecording['load'] = [];
  const output: VariantRecording['output'] = [];
  let startedAt = 0;
  let outputChars = 0;
  // The same run as `leaklab run --diff`: a snapshot after the warm-up, one at the end, compared.
  const result = await runHeadless(await planForProgram(spec), {
    seconds,
    compare: { top: DIFF_TOP },
    onEvent: (event) => {
      switch (event.type) {
        case 'started': startedAt = Date.now(); break;
        case 'load': load.push({ atMs: event.atMs, requests: event.requests, errors: event.errors }); break;
        case 'output':
          if (outputChars < MAX_OUTPUT_CHARS) {
            const text = event.text.slice(0, MAX_OUTPUT_CHARS - outputChars);
            outputChars += text.length;
            output.push({ atMs: startedAt ? Date.now() - startedAt : 0, stream: event.stream, text });
          }
          break;
        default: break; // the samples, floors and verdict come with the result
      }
    },
  });
  const v = result.verdict;
  const comparison = result.comparison;
  const d = comparison?.diff ?? null;
  const diff: VariantRecording['diff'] = d && {
    classes: d.classes.map((c) => ({ name: c.name, countDelta: c.countDelta, sizeDelta: c.sizeDelta, addedRetainedSize: c.addedRetainedSize })),
    ...(d.note ? { note: d.note } : {}),
  };
  return {
    programHash: programHash(spec, seconds),
    durationSec: seconds,
    heapLimitBytes: result.heapLimitBytes ?? 0,
    samples: result.samples.map((sample, i) => ({ ...sample, activeHandles: result.activeHandles[i] ?? 0 })),
    floors: result.floors,
    load,
    output,
    verdict: { verdict: v.verdict, figure: v.figure, unit: v.unit, slopePerSec: v.slopePerSec, perRequest: v.perRequest, reason: v.reason },
    exit: result.exit,
    diff,
    ...(comparison && !comparison.diff ? { diffMissingReason: comparison.missingReason } : {}),
  };
}

async function recordLesson(lesson: Lesson): Promise<void> {
  const startedAt = performance.now();
  const [leaky, fixed] = await Promise.all([recordVariant(lesson, 'leaky'), recordVariant(lesson, 'fixed')]);
  const recording: LessonRecording = {
    format: RECORDING_FORMAT,
    slug: lesson.slug,
    nodeVersion: process.version,
    recordedAt: new Date().toISOString(),
    variants: { leaky, fixed },
  };
  await writeFile(path.join(RECORDINGS_DIR, `${lesson.slug}.json`), JSON.stringify(recording) + '\n');
  const secs = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(`${lesson.slug}: leaky ${leaky.verdict.verdict} (${leaky.exit.reason}), fixed ${fixed.verdict.verdict} (${fixed.exit.reason}), ${secs} s`);
}

const slugs = process.argv.slice(2);
const lessons = (await listLessons(LESSONS_DIR)).filter((l) => !slugs.length || slugs.includes(l.slug));
const unknown = slugs.filter((s) => !lessons.some((l) => l.slug === s));
if (unknown.length) {
  console.error(`record: no lesson named ${unknown.join(', ')} in ${LESSONS_DIR}.`);
  process.exit(2);
}
await mkdir(RECORDINGS_DIR, { recursive: true });
console.log(`Recording ${lessons.length} lesson(s) on Node ${process.version}, leaky and fixed side by side…`);
const startedAt = performance.now();
let failed = 0;
// One lesson at a time, its two programs together: two runs at once.
for (const lesson of lessons) {
  try {
    await recordLesson(lesson);
  } catch (err) {
    failed++;
    console.error(`${lesson.slug}: recording failed: ${err instanceof Error ? err.stack : String(err)}`);
  }
}
console.log(`Done in ${((performance.now() - startedAt) / 1000).toFixed(0)} s${failed ? `; ${failed} failed` : ''}. Recordings are in ${path.relative(PROJECT_ROOT, RECORDINGS_DIR)}/.`);
process.exit(failed ? 1 : 0);
