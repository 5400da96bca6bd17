/**
 * Messages between the page and the analyzer worker. Requests carry a `requestId` the replies
 * echo; snapshots stay in the worker under the page's `snapshotId` until closed. Buffers given
 * as `ArrayBuffer[]` should be transferred, not cloned.
 */
import type { CollectionGrowth, DiffResult, RetainersResult, SnapshotInfo, SummaryResult, SurvivorsResult } from '../analyzer/query-results.ts';

export type AnalyzerRequest =
  | { type: 'open-snapshot'; requestId: number; snapshotId: string; source: Blob | ArrayBuffer[] }
  | { type: 'close-snapshot'; requestId: number; snapshotId: string }
  | { type: 'summary'; requestId: number; snapshotId: string; top?: number }
  | { type: 'diff'; requestId: number; beforeId: string; afterId: string; top?: number }
  | { type: 'survivors'; requestId: number; firstId: string; secondId: string; thirdId: string; top?: number }
  | { type: 'growing-collections'; requestId: number; snapshotIds: string[]; top?: number }
  | { type: 'retainer-paths'; requestId: number; snapshotId: string; className: string; maxPaths?: number };

/** Where opening a snapshot is: parse phases by bytes, then the analysis phases. */
export type AnalyzerPhase = 'meta' | 'nodes' | 'edges' | 'strings' | 'other' | 'done' | 'indexing' | 'naming' | 'dominators';

export type AnalyzerReply =
  | { type: 'progress'; requestId: number; snapshotId: string; phase: AnalyzerPhase; bytesRead: number; totalBytes?: number }
  | { type: 'snapshot-opened'; requestId: number; snapshotId: string; info: SnapshotInfo }
  | { type: 'snapshot-closed'; requestId: number; snapshotId: string }
  | { type: 'summary-result'; requestId: number; result: SummaryResult }
  | { type: 'diff-result'; requestId: number; result: DiffResult }
  | { type: 'survivors-result'; requestId: number; result: SurvivorsResult }
  | { type: 'collections-result'; requestId: number; result: CollectionGrowth[] }
  | { type: 'retainer-paths-result'; requestId: number; result: RetainersResult }
  /** `code` is a SnapshotParseError or AnalyzerQueryError code when the failure was one. */
  | { type: 'failed'; requestId: number; message: string; code?: string; byteOffset?: number };
