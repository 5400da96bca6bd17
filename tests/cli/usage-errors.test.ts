// What `leaklab run` and `leaklab watch` say to a command line they cannot honour: exit code 2,
// a sentence naming the flag and what was typed, and nothing started. Each call here ends before
// any program or server would start, so the file is in the fast tier.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { LESSONS_DIR, PROJECT_ROOT } from '../../src/project-paths.ts';

const BIN = path.join(PROJECT_ROOT, 'bin', 'leaklab.js');
const LESSON = path.join(LESSONS_DIR, '01-global-variables');
const NO_LOAD_LESSON = path.join(LESSONS_DIR, '22-checklist');
const APP = path.join(PROJECT_ROOT, 'tests/fixtures/leak-check/order-service.js');

function leaklab(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** The first line of stderr: the usage error itself, before the help text. */
const firstLine = (stderr: string): string => stderr.split('\n')[0];

const CASES: { args: string[]; says: string }[] = [
  { args: ['run', LESSON, '--rate', '2.5'], says: 'leaklab run: --rate must be a whole number from 1 to 2000, not "2.5".' },
  { args: ['run', LESSON, '--rate', '100000'], says: 'leaklab run: --rate must be a whole number from 1 to 2000, not "100000".' },
  { args: ['run', APP, '--path', '/', '--rate', 'fast'], says: 'leaklab run: --rate must be a whole number from 1 to 2000, not "fast".' },
  { args: ['run', APP, '--path', '/', '--connections', '65'], says: 'leaklab run: --connections must be a whole number from 1 to 64, not "65".' },
  { args: ['run', APP, '--path', 'users'], says: 'leaklab run: --path must start with /, e.g. /users, not "users".' },
  { args: ['run', APP, '--path', '/', '--method', 'TRACE'], says: 'leaklab run: --method must be one of GET, POST, PUT, PATCH, DELETE, not "TRACE".' },
  { args: ['run', APP, '--path', '/', '--header', 'X-Note: a'.padEnd(2000, 'b')], says: 'leaklab run: --header header values must be at most 1024 characters' },
  { args: ['run', APP, '--rate', '50'], says: 'leaklab run: --rate shape the load, which your own program gets only with --path (e.g. --path /users).' },
  { args: ['run', NO_LOAD_LESSON, '--rate', '50'], says: 'leaklab run: --rate: lesson 22-checklist runs without load (its program is not an HTTP server).' },
  { args: ['run', LESSON, '--heap-cap', '8.5'], says: 'leaklab run: --heap-cap must be a whole number of at least 16, not "8.5".' },
  { args: ['run', LESSON, '--seconds', '0'], says: 'leaklab run: --seconds takes a positive number, not "0".' },
  { args: ['run', LESSON, '--max-seconds', '30'], says: 'leaklab run: --max-seconds 30 caps --until-decided (or --fail-on-leak), and neither was given; for a run of fixed length use --seconds.' },
  { args: ['run', LESSON, '--until-decided', '--max-seconds', '0'], says: 'leaklab run: --max-seconds takes a positive number, not "0".' },
  { args: ['run', LESSON, '--fail-on-leak', '--seconds', '20', '--max-seconds', '10'], says: 'leaklab run: --max-seconds 10 is under --seconds 20, the least a run lasts; raise --max-seconds or lower --seconds.' },
  { args: ['run', LESSON, '--until-decided', '--allow-unknown'], says: 'leaklab run: --allow-unknown only changes the exit code of --fail-on-leak, which was not given.' },
  { args: ['run', LESSON, '--rat', '5'], says: "leaklab run: Unknown option '--rat'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--rat\"" },
  { args: ['watch', '--method', 'POST', '--', APP], says: 'leaklab watch: --method shape the load, which needs --load URL (e.g. --load http://127.0.0.1:3000/users).' },
  { args: ['watch', '--body', '{}', '--header', 'x-a: 1', '--', APP], says: 'leaklab watch: --body, --header shape the load, which needs --load URL (e.g. --load http://127.0.0.1:3000/users).' },
  { args: ['watch', '--load', 'http://127.0.0.1:3000/', '--rate', '2.5', '--', APP], says: 'leaklab watch: --rate must be a whole number from 1 to 2000, not "2.5".' },
  { args: ['watch', '--load', 'http://example.com/', '--', APP], says: 'leaklab watch: --load must be an http:// URL on 127.0.0.1, localhost or [::1].' },
  { args: ['run', LESSON, '--node-flag', '--inspect'], says: 'leaklab run: --node-flag: --inspect is not on the allow-list of node flags; a run may use --trace-gc, ' },
  { args: ['run', APP, '--node-flag=--max-old-space-size=64'], says: 'leaklab run: --node-flag: --max-old-space-size=64 is set by the heap cap: use the heap cap setting (leaklab run --heap-cap MiB) instead.' },
  { args: ['run', LESSON, '--node-flag', '--heapsnapshot-signal=SIGUSR1'], says: 'leaklab run: --node-flag: --heapsnapshot-signal=SIGUSR1 is not allowed as written: use the form --heapsnapshot-signal=SIGUSR2.' },
  { args: ['run', LESSON, '--heap-cap', '8192'], says: 'leaklab run: --heap-cap must be a whole number from 16 to 4096 for a lesson, not 8192.' },
  { args: ['watch', '--node-flag', '--inspect', '--', APP], says: 'leaklab watch: --node-flag: --inspect is not on the allow-list of node flags' },
  { args: ['watch', '--port', '70000', '--', APP], says: 'leaklab watch: --port must be a whole number from 0 to 65535, not "70000".' },
];

for (const { args, says } of CASES) {
  const shown = args.map((a) => (a.startsWith(PROJECT_ROOT) ? path.relative(PROJECT_ROOT, a) : a.length > 40 ? `${a.slice(0, 20)}…` : a)).join(' ');
  test(`leaklab ${shown} is refused with exit 2, naming the flag`, async () => {
    const { code, stdout, stderr } = await leaklab(...args);
    assert.equal(code, 2, `exit code; stderr: ${stderr}`);
    assert.ok(firstLine(stderr).startsWith(says), `said: ${firstLine(stderr)}`);
    assert.match(stderr, /\n\nleaklab (run|watch) /, 'the help follows');
    assert.equal(stdout, '');
  });
}

test('a body too big for the load driver is refused before anything starts', async () => {
  const { code, stderr } = await leaklab('run', APP, '--path', '/', '--body', '"'.repeat(60 * 1024));
  assert.equal(code, 2);
  assert.equal(firstLine(stderr), 'leaklab run: The load is more than 96 KiB as JSON, more than the load driver can be handed; use a shorter body.');
});
