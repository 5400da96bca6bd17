import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ProgramFileKind } from '../protocol/run-events.ts';

/** At most this many files are listed after a run; the rest are counted. */
export const MAX_LISTED_FILES = 50;
/** A program that makes a million files in its folder must not keep the runner walking for long. */
const MAX_VISITED_ENTRIES = 5000;
const MAX_DEPTH = 6;

/** A regular file as the run left it: its path relative to the folder, size and modification time. */
export interface FileState { relPath: string; sizeBytes: number; mtimeMs: number; linkCount: number }

/** What was in a folder before the program ran: relative path -> "size:mtime". */
export type FolderBaseline = Map<string, string>;

/** A file the program wrote (new, or changed since the run began). */
export interface FoundFile extends FileState {
  absPath: string;
  kind: ProgramFileKind;
}

export interface FoundFiles {
  files: FoundFile[];
  /** Files past MAX_LISTED_FILES (or past the walk's limits), counted but not listed. */
  moreFiles: number;
}

export interface WalkOptions {
  /** How deep to go: the run folder is walked whole (to MAX_DEPTH), the user's own folder only at its top. */
  maxDepth?: number;
  /** Relative paths (folders included) that are the runner's, never the program's: `.snapshots`, `node_modules`. */
  skip?: readonly string[];
}

/** The kind of file by its name: what the page can open, and what it can only offer for download. */
export function programFileKind(name: string): ProgramFileKind {
  const base = path.basename(name).toLowerCase();
  if (/\.heapsnapshot(\.gz)?$/.test(base)) return 'heapsnapshot';
  if (base.endsWith('.heapprofile')) return 'heapprofile';
  if (base.endsWith('.cpuprofile')) return 'cpuprofile';
  if (/^report\..*\.json$/.test(base)) return 'report';
  return 'other';
}

const stateKey = (f: FileState): string => `${f.sizeBytes}:${f.mtimeMs}`;

/** The regular files under `dir` now, as the baseline a run's files are told apart from. */
export async function folderBaseline(dir: string, options: WalkOptions = {}): Promise<FolderBaseline> {
  const { states } = await walk(dir, options);
  return new Map(states.map((f) => [f.relPath, stateKey(f)]));
}

/**
 * The files the program wrote under `dir`: every regular file that is new since `baseline` or
 * changed (size or modification time). Symbolic links are neither followed nor listed, so a
 * link the program made to a file outside its folder is never a file of its run.
 */
export async function findProgramFiles(dir: string, baseline: FolderBaseline, options: WalkOptions = {}): Promise<FoundFiles> {
  const { states, isCut } = await walk(dir, options);
  const written = states.filter((f) => baseline.get(f.relPath) !== stateKey(f));
  // Newest last, as a learner reads a run: the profile written at exit after the report written on a signal.
  written.sort((a, b) => a.mtimeMs - b.mtimeMs || a.relPath.localeCompare(b.relPath));
  const listed = written.slice(0, MAX_LISTED_FILES);
  return {
    files: listed.map((f) => ({ ...f, absPath: path.join(dir, ...f.relPath.split('/')), kind: programFileKind(f.relPath) })),
    moreFiles: written.length - listed.length + (isCut ? 1 : 0),
  };
}

async function walk(dir: string, options: WalkOptions): Promise<{ states: FileState[]; isCut: boolean }> {
  const maxDepth = options.maxDepth ?? MAX_DEPTH;
  const skip = new Set(options.skip ?? []);
  const states: FileState[] = [];
  let visited = 0;
  let isCut = false;
  // An explicit stack: a program may nest folders as deep as it likes.
  const stack: { rel: string; depth: number }[] = [{ rel: '', depth: 0 }];
  while (stack.length > 0) {
    const { rel, depth } = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    } catch (err) {
      // A folder the program made unreadable, or removed as it ended: its files are not listed.
      if (isFsRace(err)) continue;
      throw err;
    }
    for (const entry of entries) {
      if (++visited > MAX_VISITED_ENTRIES) { isCut = true; break; }
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (skip.has(relPath)) continue;
      if (entry.isDirectory()) {
        if (depth < maxDepth) stack.push({ rel: relPath, depth: depth + 1 });
        continue;
      }
      if (!entry.isFile()) continue; // links, pipes, sockets: not files of the run
      try {
        const info = await lstat(path.join(dir, relPath));
        if (info.isFile()) states.push({ relPath, sizeBytes: info.size, mtimeMs: info.mtimeMs, linkCount: info.nlink });
      } catch (err) {
        if (!isFsRace(err)) throw err;
      }
    }
    if (isCut) break;
  }
  return { states, isCut };
}

function isFsRace(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR';
}
