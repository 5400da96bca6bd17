// The recordings the static site replays (public/recordings/, made by `npm run record`) must be
// of the lessons' current programs: a recording of code the lesson no longer shows would teach
// something the learner cannot reproduce.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listLessons, lessonProgram } from '../../src/lessons/read-lesson.ts';
import { LESSONS_DIR, PROJECT_ROOT } from '../../src/project-paths.ts';
import { programHash } from '../../src/runtime/recorded/program-hash.ts';
import { parseRecording, type LessonRecording, type VariantRecording } from '../../src/runtime/recorded/recording.ts';

const RECORDINGS_DIR = path.join(PROJECT_ROOT, 'public', 'recordings');

async function readRecording(slug: string): Promise<LessonRecording | null> {
  let text: string;
  try {
    text = await readFile(path.join(RECORDINGS_DIR, `${slug}.json`), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return parseRecording(JSON.parse(text), `public/recordings/${slug}.json`);
}

describe('recordings', async () => {
  const lessons = (await listLessons(LESSONS_DIR)).filter((l) => l.meta.runtimes.includes('recorded'));

  for (const lesson of lessons) {
    test(`${lesson.slug} has a recording of its current leaky.js and fixed.js`, async () => {
      const recording = await readRecording(lesson.slug);
      assert.ok(recording, `No recording for ${lesson.slug}. Run \`npm run record ${lesson.slug}\`.`);
      for (const variant of ['leaky', 'fixed'] as const) {
        const recorded: VariantRecording | undefined = recording.variants[variant];
        assert.ok(recorded, `${lesson.slug} has no ${variant} recording. Run \`npm run record ${lesson.slug}\`.`);
        const now = programHash(await lessonProgram(lesson, variant), lesson.meta.durationSec);
        assert.equal(recorded.programHash, now,
          `${lesson.slug}: ${variant}.js, its files or its frontmatter changed since the recording made on ${recording.recordedAt}. Run \`npm run record ${lesson.slug}\`.`);
        // A program that is not meant to show a trend (expect: none) may end at once.
        if (lesson.meta.expect[variant] !== 'none') assert.ok(recorded.samples.length >= 10, `${lesson.slug} ${variant}: only ${recorded.samples.length} samples were recorded`);
        assert.match(recording.nodeVersion, /^v\d+\./);
      }
    });
  }

  test('a change to a lesson program changes its hash, so the check above notices it', async () => {
    const lesson = lessons[0];
    const spec = await lessonProgram(lesson, 'leaky');
    const before = programHash(spec, lesson.meta.durationSec);
    const edited = { ...spec, files: { ...spec.files, 'main.js': spec.files['main.js'] + '\n// changed\n' } };
    assert.notEqual(programHash(edited, lesson.meta.durationSec), before, 'program text');
    assert.notEqual(programHash({ ...spec, heapCapMiB: spec.heapCapMiB + 1 }, lesson.meta.durationSec), before, 'frontmatter');
    assert.notEqual(programHash(spec, lesson.meta.durationSec + 1), before, 'duration');
  });
});
