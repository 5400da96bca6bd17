import { readSnapshotFile } from '../../../src/analyzer/node/read-snapshot-file.ts';
import { analyzeSnapshot, type HeapAnalysis } from '../../../src/analyzer/heap-analysis.ts';

/** Reads and analyzes a snapshot file, as the CLI does. */
export async function openAnalysis(path: string): Promise<HeapAnalysis> {
  return analyzeSnapshot(await readSnapshotFile(path));
}
