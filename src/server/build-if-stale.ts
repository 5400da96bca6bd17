import { spawn } from 'node:child_process';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { PROJECT_ROOT, DIST_DIR } from '../project-paths.ts';

// What the static site is built from; a change in any of these means a new build.
const SOURCES = ['src', 'lessons', 'public', 'astro.config.mjs', 'package-lock.json'];
const STAMP_FILE = path.join(DIST_DIR, '.leaklab-build-stamp');

async function fingerprint(): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (p: string): Promise<void> => {
    const info = await stat(p).catch(() => null);
    if (!info) return;
    if (info.isDirectory()) {
      for (const name of (await readdir(p)).sort()) await walk(path.join(p, name));
    } else {
      hash.update(`${path.relative(PROJECT_ROOT, p)}\0${info.size}\0${info.mtimeMs}\n`);
    }
  };
  for (const source of SOURCES) await walk(path.join(PROJECT_ROOT, source));
  return hash.digest('hex');
}

/** Runs `astro build` when the site's sources changed since the last build; returns whether it built. */
export async function buildIfStale(log: (line: string) => void): Promise<boolean> {
  const wanted = await fingerprint();
  const have = await readFile(STAMP_FILE, 'utf8').catch(() => '');
  if (have === wanted) return false;
  log('Building the site (sources changed since the last build)…');
  const astro = path.join(PROJECT_ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs');
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [astro, 'build', '--silent'], { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`astro build failed (exit ${code}); see the messages above.`);
  await writeFile(STAMP_FILE, wanted);
  return true;
}
