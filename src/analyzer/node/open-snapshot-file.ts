/**
 * Opens snapshot files from disk and answers the CLI's questions. The only analyzer
 * module besides read-snapshot-file.ts that touches node: APIs (through it).
 */
import { readSnapshotFile } from './read-snapshot-file.ts';
import { analyzeSnapshot, type HeapAnalysis } from '../heap-analysis.ts';
import type { ParseProgress } from '../parse/snapshot-parser.ts';
import { diffSnapshots } from '../diff-snapshots.ts';
import { survivors } from '../survivors.ts';
import type { DiffResult, SurvivorsResult } from '../query-results.ts';

export type { HeapAnalysis } from '../heap-analysis.ts';
export { summarize } from '../summarize.ts';
export { diffSnapshots } from '../diff-snapshots.ts';
export { survivors } from '../survivors.ts';
export { retainerPaths, retainerPathTo } from '../retainer-paths.ts';
export { growingCollections } from '../growing-collections.ts';
export { SnapshotParseError, AnalyzerQueryError } from '../errors.ts';
export type * from '../query-results.ts';

/** Progress of opening one file: parse phases by bytes, then the analysis phases. */
export type OpenProgress = ParseProgress | { phase: 'indexing' | 'naming' | 'dominators'; bytesRead: number; totalBytes?: number };

/** Reads and analyzes one `.heapsnapshot` file, streaming it from disk. */
export async function openSnapshotFile(path: string, onProgress?: (p: OpenProgress) => void): Promise<HeapAnalysis> {
  let last: ParseProgress = { phase: 'meta', bytesRead: 0 };
  const snapshot = await readSnapshotFile(path, (p) => { last = p; onProgress?.(p); });
  return analyzeSnapshot(snapshot, (phase) => onProgress?.({ ...last, phase }));
}

/**
 * What `leaklab diff a b --json` prints, for other commands (`leaklab run --diff`). Opens the
 * files one after the other.
 */
export async function diffSnapshotFiles(pathA: string, pathB: string, options: { top?: number; onProgress?: (file: string, p: OpenProgress) => void } = {}): Promise<DiffResult> {
  const a = await openSnapshotFile(pathA, (p) => options.onProgress?.(pathA, p));
  const b = await openSnapshotFile(pathB, (p) => options.onProgress?.(pathB, p));
  return diffSnapshots(a, b, options.top === undefined ? {} : { top: options.top });
}

/** What `leaklab diff a b c --json` prints: the three-snapshot survivors. */
export async function survivorsOfSnapshotFiles(pathA: string, pathB: string, pathC: string, options: { top?: number; onProgress?: (file: string, p: OpenProgress) => void } = {}): Promise<SurvivorsResult> {
  const analyses: HeapAnalysis[] = [];
  for (const path of [pathA, pathB, pathC]) analyses.push(await openSnapshotFile(path, (p) => options.onProgress?.(path, p)));
  return survivors(analyses[0], analyses[1], analyses[2], options.top === undefined ? {} : { top: options.top });
}
