// `npm test`: build the site once (the browser tests serve it), then run every test file with
// Node's test runner, one file at a time. Leak verdicts measure real processes on a 2-core
// machine, so files do not compete for the CPU; files run their own work in parallel where safe.
//
// `npm run test:fast` (`--fast`): the tier a developer runs after every change: unit tests, the
// analyzer on hand-drawn graphs and real snapshots, the CLI on snapshots. No site build, no
// lesson runs, no browser pages; files run two at a time, since none of them times a process.
import { spawn } from 'node:child_process';
import { buildIfStale } from '../src/server/build-if-stale.ts';
import { PROJECT_ROOT } from '../src/project-paths.ts';

/** The fast tier: every file here must finish in seconds and must not depend on timing. */
export const FAST_TIER = ['tests/unit/**/*.test.ts', 'tests/analyzer/**/*.test.ts', 'tests/cli/analyzer-commands.test.ts', 'tests/cli/profile*.test.ts', 'tests/cli/usage-errors.test.ts', 'tests/cli/old-node.test.ts'];

const args = process.argv.slice(2);
const isFast = args.includes('--fast');
const patterns = args.filter((a) => a !== '--fast');
if (!isFast) await buildIfStale((line) => console.log(line));
const files = patterns.length ? patterns : isFast ? FAST_TIER : ['tests/**/*.test.ts'];
const testArgs = ['--test', `--test-concurrency=${isFast ? 2 : 1}`, '--test-reporter=spec', ...files];
const child = spawn(process.execPath, testArgs, { cwd: PROJECT_ROOT, stdio: 'inherit', env: { ...process.env, LEAKLAB_SKIP_BUILD: '1' } });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
