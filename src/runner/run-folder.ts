import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProgramSpec } from '../protocol/program.ts';
import { PROJECT_NODE_MODULES, RUNS_ROOT } from '../project-paths.ts';

export class RunFolderError extends Error {
  readonly code = 'bad-file-name';
  constructor(message: string) {
    super(message);
    this.name = 'RunFolderError';
  }
}

// One level of plain names: a program's files may not climb out of their folder.
const SAFE_FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/**
 * Makes a fresh folder for one run: the program's files, a package.json whose `type` matches
 * the lesson's module type, and `node_modules` linked to the project's so the lesson's
 * dependencies resolve. Returns the folder's path.
 */
export async function createRunFolder(spec: ProgramSpec, runsRoot = RUNS_ROOT): Promise<string> {
  for (const name of Object.keys(spec.files)) {
    if (!SAFE_FILE_NAME.test(name) || name === 'package.json' || name === 'node_modules') {
      throw new RunFolderError(`File name ${JSON.stringify(name)} is not allowed: use a plain name like helper.js.`);
    }
  }
  if (!(spec.entry in spec.files)) throw new RunFolderError(`The entry ${spec.entry} is not among the program's files.`);
  await mkdir(runsRoot, { recursive: true });
  const dir = await mkdtemp(path.join(runsRoot, `run-${process.pid}-`));
  await Promise.all(Object.entries(spec.files).map(([name, text]) => writeFile(path.join(dir, name), text)));
  const pkg = { name: 'leaklab-run', private: true, type: spec.moduleType };
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  await symlink(PROJECT_NODE_MODULES, path.join(dir, 'node_modules'), 'dir');
  await mkdir(path.join(dir, '.snapshots'));
  return dir;
}

export async function removeRunFolder(dir: string, runsRoot = RUNS_ROOT): Promise<void> {
  // Only ever below the runs root: a plan for the user's own program names their folder as its
  // working directory, and a mix-up must never delete it.
  const relative = path.relative(runsRoot, path.resolve(dir));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new Error(`Refusing to remove ${dir}: run folders live under ${runsRoot}.`);
  }
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Removes what a plan made for its run (its folder, its snapshot folder) and nothing else. */
export async function discardPlanFolders(plan: { dir: string; ownsFolder: boolean; snapshotDir: string; keepSnapshotDir: boolean }): Promise<void> {
  if (plan.ownsFolder) await removeRunFolder(plan.dir);
  if (!plan.keepSnapshotDir) await removeRunFolder(plan.snapshotDir);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes run folders left by servers or CLIs that died without cleaning up. */
export async function removeStaleRunFolders(runsRoot = RUNS_ROOT): Promise<number> {
  let names: string[];
  try {
    names = await readdir(runsRoot);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let removed = 0;
  for (const name of names) {
    const ownerPid = Number(/^run-(\d+)-/.exec(name)?.[1]);
    if (!ownerPid || (ownerPid !== process.pid && !isAlive(ownerPid))) {
      await removeRunFolder(path.join(runsRoot, name), runsRoot);
      removed++;
    }
  }
  return removed;
}
