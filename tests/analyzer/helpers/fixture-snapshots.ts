import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const fixtureDir = join(repo, 'tests', 'fixtures', 'analyzer');
export const tmpRoot = join(repo, 'tests', '.tmp', 'analyzer');

/**
 * Runs a fixture script with this Node and returns the folder it wrote snapshots into. Folders are
 * keyed by the script's hash and Node version, written beside and renamed into place, so test
 * files running at once share one copy and a changed fixture makes new snapshots.
 */
export function fixtureSnapshots(script: string, nodeBinary = process.execPath, nodeFlags: string[] = []): string {
  const source = readFileSync(join(fixtureDir, script));
  const version = execFileSync(nodeBinary, ['--version'], { encoding: 'utf8' }).trim();
  const key = createHash('sha256').update(source).update(version).update(nodeFlags.join(' ')).digest('hex').slice(0, 12);
  const dir = join(tmpRoot, `${script.replace(/\W/g, '-')}-${version}-${key}`);
  if (existsSync(dir)) return dir;
  const building = `${dir}.building-${process.pid}`;
  mkdirSync(building, { recursive: true });
  execFileSync(nodeBinary, [...nodeFlags, join(fixtureDir, script), building], { stdio: 'inherit', timeout: 120_000 });
  try {
    renameSync(building, dir);
  } catch (error) {
    // Another test process finished first: use its copy.
    if (!existsSync(dir)) throw error;
    rmSync(building, { recursive: true, force: true });
  }
  return dir;
}

/** A scratch folder for one test file's own files. */
export function scratchDir(name: string): string {
  const dir = join(tmpRoot, `${name}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}
