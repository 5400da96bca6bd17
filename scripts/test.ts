// `npm test`: build the site once (the browser tests serve it), then run every test file with
// Node's test runner, one file at a time. Leak verdicts measure real processes on a 2-core
// machine, so files do not compete for the CPU; files run their own work in parallel where safe.
import { spawn } from 'node:child_process';
import { buildIfStale } from '../src/server/build-if-stale.ts';
import { PROJECT_ROOT } from '../src/project-paths.ts';

await buildIfStale((line) => console.log(line));
const patterns = process.argv.slice(2);
const args = ['--test', '--test-concurrency=1', '--test-reporter=spec', ...(patterns.length ? patterns : ['tests/**/*.test.ts'])];
const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: 'inherit', env: { ...process.env, LEAKLAB_SKIP_BUILD: '1' } });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
