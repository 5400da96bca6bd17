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

export type AnalyzerRequest =
  | { type: 'open-snapshot'; requestId: number; snapshotId: string; source: Blob | ArrayBuffer[] }
  | { type: 'close-snapshot'; requestId: number; snapshotId: string }
  | { type: 'summary'; requestId: number; snapshotId: string; top?: number }
  | { type: 'diff'; requestId: number; beforeId: string; afterId: string; top?: number }
  | { type: 'survivors'; requestId: number; firstId: string; secondId: string; thirdId: string; top?: number }
  | { type: 'growing-collections'; requestId: number; snapshotIds: string[]; top?: number }
  | { type: 'retainer-paths'; requestId: number; snapshotId: string; className: string; maxPaths?: number };

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
}

/** What a successful request of type `T` resolves to on the page's side. */
export type AnalyzerResultOf<T extends AnalyzerRequestType> =
  AnalyzerAnswers[T] extends { result: infer R } ? R
    : AnalyzerAnswers[T] extends { info: infer I } ? I
      : undefined;

export type AnalyzerProgressReply = { type: 'progress'; requestId: number; snapshotId: string; phase: AnalyzerPhase; bytesRead: number; totalBytes?: number };
/** `code` is a SnapshotParseError or AnalyzerQueryError code when the failure was one. */
export type AnalyzerFailedReply = { type: 'failed'; requestId: number; message: string; code?: string; byteOffset?: number };

/** Every reply a request of type `T` may get: its answer, a failure, and progress while a snapshot opens. */
export type AnalyzerReplyTo<T extends AnalyzerRequestType> =
  | (AnalyzerAnswers[T] & { requestId: number })
  | AnalyzerFailedReply
  | (T extends 'open-snapshot' ? AnalyzerProgressReply : never);

export type AnalyzerReply = { [T in AnalyzerRequestType]: AnalyzerReplyTo<T> }[AnalyzerRequestType];
