import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/project-paths.ts';

// Node runs our .ts by stripping types without checking them, so the strict compile is a test.
test('the TypeScript sources compile under strict mode', () => {
  const tsc = path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, `tsc reported:\n${result.stdout}${result.stderr}`);
});
