import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, mkdtemp, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { ProgramFile } from '../protocol/run-events.ts';
import { RUNS_ROOT } from '../project-paths.ts';
import { removeRunFolder } from './run-folder.ts';
import type { FoundFile } from './program-files.ts';

/** Binary units, as the runner's caps are set: 1000 B, 4.9 KiB, 1024 MiB. */
function mib(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1048576) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${Number((bytes / 1048576).toFixed(1))} MiB`;
}

/** How much of what a run wrote is kept past it. */
export interface KeepLimits {
  /** The largest file kept. */
  maxFileBytes: number;
  /** All the files of one run together. */
  maxTotalBytes: number;
}

/** One file of a run as the runner knows it: the event's words plus, when kept, where it lies. */
export interface KeptFile {
  file: ProgramFile;
  /** Absolute path of the kept copy (in the kept folder, under a name the runner chose); null when not kept. */
  keptPath: string | null;
}

/**
 * The files a run wrote, after it: moved out of the run folder (so the folder is removed as
 * always) into a folder of their own under the runs root, `run-<pid>-files-*`, which the stale
 * folder sweep also clears if the runner dies. Each is stored under its file id, never under a
 * name the program chose; the name is only for the page and for Content-Disposition.
 */
export class KeptFiles {
  readonly runId: string;
  /** The folder holding the kept copies; null when nothing was kept. */
  readonly dir: string | null;
  readonly entries: readonly KeptFile[];
  readonly moreFiles: number;
  #isDiscarded = false;

  private constructor(runId: string, dir: string | null, entries: KeptFile[], moreFiles: number) {
    this.runId = runId;
    this.dir = dir;
    this.entries = entries;
    this.moreFiles = moreFiles;
  }

  get files(): ProgramFile[] { return this.entries.map((e) => e.file); }
  get keptBytes(): number { return this.entries.reduce((n, e) => n + (e.keptPath ? e.file.sizeBytes : 0), 0); }

  /**
   * Moves what fits into a kept folder. `urlOf` names each kept file's download; files that do
   * not fit, or that the runner must not hand out (hard links: another name of a file that may
   * lie outside the folder), are listed with a note instead.
   */
  static async keep(runId: string, found: FoundFile[], moreFiles: number, limits: KeepLimits, urlOf: (fileId: string) => string, runsRoot = RUNS_ROOT): Promise<KeptFiles> {
    const entries: KeptFile[] = [];
    let dir: string | null = null;
    let totalBytes = 0;
    for (const [i, f] of found.entries()) {
      const fileId = `f${i + 1}`;
      const base = { fileId, name: f.relPath, sizeBytes: f.sizeBytes, kind: f.kind };
      const refusal = f.linkCount > 1 ? 'not kept: it is a hard link, and may be another name of a file outside the run folder'
        : f.sizeBytes > limits.maxFileBytes ? `not kept: ${mib(f.sizeBytes)} is over the ${mib(limits.maxFileBytes)} the runner keeps of one file`
        : totalBytes + f.sizeBytes > limits.maxTotalBytes ? `not kept: the run's files would pass the ${mib(limits.maxTotalBytes)} the runner keeps of one run`
        : null;
      if (refusal) {
        entries.push({ file: { ...base, note: refusal }, keptPath: null });
        continue;
      }
      if (!dir) {
        await mkdir(runsRoot, { recursive: true });
        dir = await mkdtemp(path.join(runsRoot, `run-${process.pid}-files-`));
      }
      const keptPath = path.join(dir, fileId);
      await moveFile(f.absPath, keptPath);
      totalBytes += f.sizeBytes;
      entries.push({ file: { ...base, url: urlOf(fileId) }, keptPath });
    }
    return new KeptFiles(runId, dir, entries, moreFiles);
  }

  /** The files listed only (nothing kept), each with `note`. */
  static listed(runId: string, found: FoundFile[], moreFiles: number, note: (f: FoundFile) => Pick<ProgramFile, 'note' | 'path'>): KeptFiles {
    const entries = found.map((f, i): KeptFile => ({ file: { fileId: `f${i + 1}`, name: f.relPath, sizeBytes: f.sizeBytes, kind: f.kind, ...note(f) }, keptPath: null }));
    return new KeptFiles(runId, null, entries, moreFiles);
  }

  get(fileId: string): KeptFile | undefined {
    return this.#isDiscarded ? undefined : this.entries.find((e) => e.file.fileId === fileId && e.keptPath !== null);
  }

  /**
   * Opens a kept file for reading: never through a link (the folder is the runner's, but the
   * check costs nothing), and only while it is still the regular file of the size listed.
   */
  async open(fileId: string): Promise<{ handle: FileHandle; entry: KeptFile } | null> {
    const entry = this.get(fileId);
    if (!entry?.keptPath) return null;
    let handle: FileHandle;
    try {
      handle = await open(entry.keptPath, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ELOOP') return null;
      throw err;
    }
    const info = await handle.stat();
    if (!info.isFile() || info.size !== entry.file.sizeBytes) {
      await handle.close();
      return null;
    }
    return { handle, entry };
  }

  /** Copies the kept files into `dir` under their own names (made safe, never overwriting); returns where each went. */
  async copyInto(dir: string): Promise<Map<string, string>> {
    await mkdir(dir, { recursive: true });
    const placed = new Map<string, string>();
    const taken = new Set<string>();
    for (const { file, keptPath } of this.entries) {
      if (!keptPath) continue;
      const target = await freeName(dir, safeFileName(file.name), taken);
      await copyFile(keptPath, target, constants.COPYFILE_EXCL);
      placed.set(file.fileId, target);
    }
    return placed;
  }

  /** Removes the kept folder; the files are gone for good. Safe to call twice. */
  async discard(runsRoot = RUNS_ROOT): Promise<void> {
    if (this.#isDiscarded) return;
    this.#isDiscarded = true;
    if (this.dir) await removeRunFolder(this.dir, runsRoot);
  }
}

/** A name a file system and a Content-Disposition header both take: the program's path flattened to letters, digits, `.`, `_`, `-`. */
export function safeFileName(name: string): string {
  const flat = name.split('/').join('_').replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return (flat || 'file').slice(-120);
}

async function freeName(dir: string, name: string, taken: Set<string>): Promise<string> {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let i = 0; ; i++) {
    const candidate = i === 0 ? name : `${stem}-${i}${ext}`;
    if (taken.has(candidate)) continue;
    taken.add(candidate);
    const full = path.join(dir, candidate);
    // COPYFILE_EXCL in the caller refuses a file that exists; looking first picks the next name instead.
    const exists = await lstat(full).then(() => true, (err: NodeJS.ErrnoException) => { if (err.code === 'ENOENT') return false; throw err; });
    if (!exists) return full;
  }
}

/** rename, or copy and remove where the kept folder is on another file system. */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyFile(from, to, constants.COPYFILE_EXCL);
    await unlink(from);
  }
}
