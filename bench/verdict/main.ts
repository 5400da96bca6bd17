// `npm run bench:verdict`: records the verdict corpus once (bench/out/verdict, gitignored; a few
// hours on two cores, see record.ts), then replays every recorded run through the TrendTracker the
// page uses and prints, per case, the verdicts over the runs and the time until a correct, final
// verdict, and a summary against the targets, for the tuning set and the held-out set.
//
//   --replay-only          judge what is on disk, record nothing
//   --record-only          record what is missing, judge nothing
//   --only REGEX           only cases whose id matches
//   --runs-leak N          runs per leak case (default 3)
//   --runs-healthy N       runs per healthy case (default 7: 29 cases, 203 runs)
//   --runs-lesson N        runs per lesson program (default 1)
//   --parallel N           live runs at a time (default 2; plus one busy loop)
//   --set tuning|held-out|all   which cases the summary covers (default all, reported apart)
import { parseArgs } from 'node:util';
import { listLessons } from '../../src/lessons/read-lesson.ts';
import { LESSONS_DIR } from '../../src/project-paths.ts';
import { corpus, lessonCases, type BenchCase, type LessonCase } from './corpus.ts';
import { calibrate, programPath, recordAll, type RecordTask } from './record.ts';

const { values } = parseArgs({
  options: {
    'replay-only': { type: 'boolean', default: false },
    'record-only': { type: 'boolean', default: false },
    only: { type: 'string' },
    'runs-leak': { type: 'string', default: '3' },
    'runs-healthy': { type: 'string', default: '7' },
    'runs-lesson': { type: 'string', default: '1' },
    parallel: { type: 'string', default: '2' },
    set: { type: 'string', default: 'all' },
  },
});
const only = values.only ? new RegExp(values.only) : null;
const lessons = lessonCases(await listLessons(LESSONS_DIR));
const cases: BenchCase[] = [...corpus(), ...lessons].filter((c) => !only || only.test(c.id));
const runsOf = (c: BenchCase): number => Number(c.shape === 'lesson' ? values['runs-lesson'] : c.kind === 'leak' ? values['runs-leak'] : values['runs-healthy']);

if (!values['replay-only']) {
  const calibration = await calibrate(cases);
  console.log(`Calibrated ${Object.keys(calibration).length} leak programs.`);
  // Rounds: every case's first run, then every case's second, so a slow spell of the machine
  // spreads over many cases instead of spoiling all runs of one.
  const tasks: RecordTask[] = [];
  const maxRuns = Math.max(...cases.map(runsOf));
  for (let run = 1; run <= maxRuns; run++) {
    for (const c of cases) {
      if (run > runsOf(c)) continue;
      const lesson = c as LessonCase;
      tasks.push(c.shape === 'lesson'
        ? { c, run, target: lesson.lessonDir, args: ['--variant', lesson.variant] }
        : { c, run, target: programPath(c), args: ['--path', '/', '--rate', String(c.ratePerSec)] });
    }
  }
  await recordAll(tasks, Number(values.parallel), (line) => console.log(line));
}
if (!values['record-only']) {
  const { report } = await import('./report.ts');
  report(cases, runsOf, values.set as 'tuning' | 'held-out' | 'all');
}
