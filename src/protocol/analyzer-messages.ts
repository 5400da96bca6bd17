/**
 * Messages between the page and the analyzer worker. Requests carry a `requestId` the replies
 * echo; snapshots stay in the worker under the page's `snapshotId` until closed. Buffers given
 * as `ArrayBuffer[]` should be transferred, not cloned.
 *
 * Page and worker are one origin and one build, and a request's source is a Blob the page holds,
 * so nothing here is parsed on arrival; the types tie each reply to its request instead
 * (`AnalyzerReplyTo`), so the worker cannot answer a summary with a diff.
 */
import type { CollectionGrowth, DiffResult, RetainersResult, SnapshotInfo, SummaryResult, SurvivorsResult } from './query-results.ts';
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

export type AnalyzerRequestType = AnalyzerRequest['type'];

/** Where opening a snapshot is: parse phases by bytes, then the analysis phases. */
export type AnalyzerPhase = 'meta' | 'nodes' | 'edges' | 'strings' | 'other' | 'done' | 'indexing' | 'naming' | 'dominators';

/** The answer to each request type when it succeeds (without `requestId`). */
export interface AnalyzerAnswers {
  'open-snapshot': { type: 'snapshot-opened'; snapshotId: string; info: SnapshotInfo };
  'close-snapshot': { type: 'snapshot-closed'; snapshotId: string };
  summary: { type: 'summary-result'; result: SummaryResult };
  diff: { type: 'diff-result'; result: DiffResult };
  survivors: { type: 'survivors-result'; result: SurvivorsResult };
  'growing-collections': { type: 'collections-result'; result: CollectionGrowth[] };
  'retainer-paths': { type: 'retainer-paths-result'; result: RetainersResult };
  'class-allocations': { type: 'class-allocations-result'; result: ClassAllocationsResult };
  'open-profile': { type: 'profile-opened'; profileId: string; info: ProfileInfo };
  'close-profile': { type: 'profile-closed'; profileId: string };
  'profile-sites': { type: 'profile-sites-result'; result: ProfileSitesResult };
  'profile-tree': { type: 'profile-tree-result'; result: AllocationTreeNode };
  'profile-diff': { type: 'profile-diff-result'; result: ProfileDiffResult };
}

/** What a successful request of type `T` resolves to on the page's side. */
export type AnalyzerResultOf<T extends AnalyzerRequestType> =
  AnalyzerAnswers[T] extends { result: infer R } ? R
    : AnalyzerAnswers[T] extends { info: infer I } ? I
      : undefined;

export type AnalyzerProgressReply = { type: 'progress'; requestId: number; snapshotId: string; phase: AnalyzerPhase; bytesRead: number; totalBytes?: number };
/** `code` is a SnapshotParseError, ProfileParseError or AnalyzerQueryError code when the failure was one. */
export type AnalyzerFailedReply = { type: 'failed'; requestId: number; message: string; code?: string; byteOffset?: number };

/** Every reply a request of type `T` may get: its answer, a failure, and progress while a snapshot opens. */
export type AnalyzerReplyTo<T extends AnalyzerRequestType> =
  | (AnalyzerAnswers[T] & { requestId: number })
  | AnalyzerFailedReply
  | (T extends 'open-snapshot' ? AnalyzerProgressReply : never);

export type AnalyzerReply = { [T in AnalyzerRequestType]: AnalyzerReplyTo<T> }[AnalyzerRequestType];
