/**
 * Messages between the page and the analyzer worker. Requests carry a `requestId` the replies
 * echo; snapshots stay in the worker under the page's `snapshotId` until closed. Buffers given
 * as `ArrayBuffer[]` should be transferred, not cloned.
 */
import type { CollectionGrowth, DiffResult, RetainersResult, SnapshotInfo, SummaryResult, SurvivorsResult } from '../analyzer/query-results.ts';
import type { AllocationTreeNode, ClassAllocationsResult, ProfileDiffResult, ProfileSitesResult } from './allocation-results.ts';

/** What is known right after a sampling heap profile is opened. */
export interface ProfileInfo { totalBytes: number; totalSamples: number; sampleIntervalBytes?: number; fileBytes: number }

export type AnalyzerRequest =
  | { type: 'open-snapshot'; requestId: number; snapshotId: string; source: Blob | ArrayBuffer[] }
  | { type: 'close-snapshot'; requestId: number; snapshotId: string }
  | { type: 'summary'; requestId: number; snapshotId: string; top?: number }
  | { type: 'diff'; requestId: number; beforeId: string; afterId: string; top?: number }
  | { type: 'survivors'; requestId: number; firstId: string; secondId: string; thirdId: string; top?: number }
  | { type: 'growing-collections'; requestId: number; snapshotIds: string[]; top?: number }
  | { type: 'retainer-paths'; requestId: number; snapshotId: string; className: string; maxPaths?: number }
  /** Where a class's objects were allocated (snapshots with allocation traces); with `baseSnapshotId`, only those new since it. */
  | { type: 'class-allocations'; requestId: number; snapshotId: string; className: string; baseSnapshotId?: string; top?: number; allFrames?: boolean }
  /** A `.heapprofile` (plain or gzipped), kept under `profileId` until closed. */
  | { type: 'open-profile'; requestId: number; profileId: string; source: Blob | ArrayBuffer[] }
  | { type: 'close-profile'; requestId: number; profileId: string }
  | { type: 'profile-sites'; requestId: number; profileId: string; top?: number; allFrames?: boolean }
  | { type: 'profile-tree'; requestId: number; profileId: string; allFrames?: boolean }
  | { type: 'profile-diff'; requestId: number; beforeId: string; afterId: string; top?: number; allFrames?: boolean };

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
  | { type: 'class-allocations-result'; requestId: number; result: ClassAllocationsResult }
  | { type: 'profile-opened'; requestId: number; profileId: string; info: ProfileInfo }
  | { type: 'profile-closed'; requestId: number; profileId: string }
  | { type: 'profile-sites-result'; requestId: number; result: ProfileSitesResult }
  | { type: 'profile-tree-result'; requestId: number; result: AllocationTreeNode }
  | { type: 'profile-diff-result'; requestId: number; result: ProfileDiffResult }
  /** `code` is a SnapshotParseError, ProfileParseError or AnalyzerQueryError code when the failure was one. */
  | { type: 'failed'; requestId: number; message: string; code?: string; byteOffset?: number };
