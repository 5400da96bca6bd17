// On a Node older than 22.18 the TypeScript entry points cannot even load; `npm start`,
// `npm test` and `leaklab` must say so in one line and exit non-zero instead of a stack trace.
// Needs an old Node: LEAKLAB_OLD_NODE, or the system's /usr/bin/node when it is older (these
// machines ship Node 20). Without one the test is skipped and says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/project-paths.ts';

function findOldNode(): string | null {
  const candidates = [process.env.LEAKLAB_OLD_NODE, '/usr/bin/node'].filter((c): c is string => !!c && existsSync(c));
  for (const candidate of candidates) {
    const version = execFileSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    const [major, minor] = version.split('.').map(Number);
    if (major < 22 || (major === 22 && minor < 18)) return candidate;
  }
  return null;
}

const oldNode = findOldNode();
const skip = oldNode ? false : 'no Node older than 22.18 here (set LEAKLAB_OLD_NODE to one)';
const NEEDS_LINE = /^Leak Lab needs Node\.js >= 22\.18 \(this is v\d+\.\d+\.\d+\): install Node 24 LTS/m;

function runWithOldNode(command: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, PATH: `${path.dirname(oldNode!)}${path.delimiter}${process.env.PATH ?? ''}`, npm_config_update_notifier: 'false' };
  const result = spawnSync(command, args, { cwd: PROJECT_ROOT, env, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

for (const [name, command, args] of [
  ['leaklab', oldNode ?? 'node', ['bin/leaklab.js', 'run', 'lessons/01-global-variables']],
  ['npm start', 'npm', ['start']],
  ['npm test', 'npm', ['test']],
] as const) {
  test(`${name} on an old Node says which Node it needs and exits non-zero`, { skip }, () => {
    const { status, stdout, stderr } = runWithOldNode(command, [...args]);
    assert.notEqual(status, 0, `${name} exited 0 on an old Node:\n${stdout}\n${stderr}`);
    assert.match(stderr, NEEDS_LINE);
    assert.doesNotMatch(stdout + stderr, /ERR_UNKNOWN_FILE_EXTENSION|Leak Lab listening/);
  });
}
