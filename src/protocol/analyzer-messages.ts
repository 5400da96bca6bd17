/**
 * Messages between the page and the analyzer worker. Requests carry a `requestId` the replies
 * echo; snapshots stay in the worker under the page's `snapshotId` until closed. Buffers given
 * as `ArrayBuffer[]` should be transferred, not cloned.
 *
 * Page and worker are one origin and one build, but a page and a worker of different builds
 * meet after a deploy (a cached worker script), and a bug on either side should be a message,
 * not a handler that throws: so each side parses what arrives with one function
 * (`parseAnalyzerRequest` in the worker, `parseAnalyzerReply` on the page). The types still tie
 * each reply to its request (`AnalyzerReplyTo`), so the worker cannot answer a summary with a diff.
 */
import { z } from 'zod';
import {
  allocationTreeSchema, classAllocationsResultSchema, collectionGrowthSchema, diffResultSchema, profileDiffResultSchema,
  profileSitesResultSchema, retainersResultSchema, snapshotInfoSchema, summaryResultSchema, survivorsResultSchema,
} from './analyzer-results.ts';
import { parseWith, unknownTypeError, type Parsed } from './parse.ts';

const requestId = z.number().int().min(0);
/** Ids are the page's own names for what the worker keeps (`run-2`, a file's name). */
const id = z.string().min(1).max(1024);
const top = z.number().int().min(0).optional();
const allFrames = z.boolean().optional();
/** A File or Blob the worker streams, or buffers transferred to it. */
const source = z.union([z.instanceof(Blob), z.array(z.instanceof(ArrayBuffer))], { error: 'must be a Blob or an array of ArrayBuffers' });

const request = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.object({ type: z.literal(type), requestId, ...shape });

export const analyzerRequestSchema = z.discriminatedUnion('type', [
  request('open-snapshot', { snapshotId: id, source }),
  request('close-snapshot', { snapshotId: id }),
  request('summary', { snapshotId: id, top }),
  request('diff', { beforeId: id, afterId: id, top }),
  request('survivors', { firstId: id, secondId: id, thirdId: id, top }),
  request('growing-collections', { snapshotIds: z.array(id), top }),
  request('retainer-paths', { snapshotId: id, className: z.string(), maxPaths: z.number().int().min(0).optional() }),
  /** Where a class's objects were allocated (snapshots with allocation traces); with `baseSnapshotId`, only those new since it. */
  request('class-allocations', { snapshotId: id, className: z.string(), baseSnapshotId: id.optional(), top, allFrames }),
  /** A `.heapprofile` (plain or gzipped), kept under `profileId` until closed. */
  request('open-profile', { profileId: id, source }),
  request('close-profile', { profileId: id }),
  request('profile-sites', { profileId: id, top, allFrames }),
  request('profile-tree', { profileId: id, allFrames }),
  request('profile-diff', { beforeId: id, afterId: id, top, allFrames }),
  /** The top-down tree of what grew from `beforeId` to `afterId` (growthTree): a flame graph's shape. */
  request('profile-growth-tree', { beforeId: id, afterId: id, allFrames }),
], { error: unknownTypeError('request') });
export type AnalyzerRequest = z.infer<typeof analyzerRequestSchema>;
export type AnalyzerRequestType = AnalyzerRequest['type'];

/** Where opening a snapshot is: parse phases by bytes, then the analysis phases. */
export const analyzerPhaseSchema = z.enum(['meta', 'nodes', 'edges', 'strings', 'other', 'done', 'indexing', 'naming', 'dominators']);
export type AnalyzerPhase = z.infer<typeof analyzerPhaseSchema>;

/** What is known right after a sampling heap profile is opened. */
export const profileInfoSchema = z.object({ totalBytes: z.number(), totalSamples: z.number(), sampleIntervalBytes: z.number().optional(), fileBytes: z.number() });
export type ProfileInfo = z.infer<typeof profileInfoSchema>;

const reply = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.object({ type: z.literal(type), requestId, ...shape });

/** The answer to each request type when it succeeds, as it arrives. */
const answerSchemas = {
  'open-snapshot': reply('snapshot-opened', { snapshotId: id, info: snapshotInfoSchema }),
  'close-snapshot': reply('snapshot-closed', { snapshotId: id }),
  summary: reply('summary-result', { result: summaryResultSchema }),
  diff: reply('diff-result', { result: diffResultSchema }),
  survivors: reply('survivors-result', { result: survivorsResultSchema }),
  'growing-collections': reply('collections-result', { result: z.array(collectionGrowthSchema) }),
  'retainer-paths': reply('retainer-paths-result', { result: retainersResultSchema }),
  'class-allocations': reply('class-allocations-result', { result: classAllocationsResultSchema }),
  'open-profile': reply('profile-opened', { profileId: id, info: profileInfoSchema }),
  'close-profile': reply('profile-closed', { profileId: id }),
  'profile-sites': reply('profile-sites-result', { result: profileSitesResultSchema }),
  'profile-tree': reply('profile-tree-result', { result: allocationTreeSchema }),
  'profile-diff': reply('profile-diff-result', { result: profileDiffResultSchema }),
  'profile-growth-tree': reply('profile-growth-tree-result', { result: allocationTreeSchema }),
} satisfies Record<AnalyzerRequestType, z.ZodObject>;

/** The answer to each request type when it succeeds (without `requestId`). */
export type AnalyzerAnswers = { [T in AnalyzerRequestType]: Omit<z.infer<(typeof answerSchemas)[T]>, 'requestId'> };

/** What a successful request of type `T` resolves to on the page's side. */
export type AnalyzerResultOf<T extends AnalyzerRequestType> =
  AnalyzerAnswers[T] extends { result: infer R } ? R
    : AnalyzerAnswers[T] extends { info: infer I } ? I
      : undefined;

const progressReply = reply('progress', { snapshotId: id, phase: analyzerPhaseSchema, bytesRead: z.number(), totalBytes: z.number().optional() });
export type AnalyzerProgressReply = z.infer<typeof progressReply>;
/**
 * `code` is a SnapshotParseError, ProfileParseError or AnalyzerQueryError code when the failure
 * was one, or `bad-request` when the worker could not read the request (the page uses `bad-reply`
 * for a reply it could not read).
 */
const failedReply = reply('failed', { message: z.string(), code: z.string().optional(), byteOffset: z.number().optional() });
export type AnalyzerFailedReply = z.infer<typeof failedReply>;
/**
 * The worker could not read a request, and the request named no `requestId` it could answer
 * (a `failed` reply is sent when it did): the page cannot tell which request this ends.
 */
const unreadableReply = z.object({ type: z.literal('request-unreadable'), message: z.string() });
export type AnalyzerUnreadableReply = z.infer<typeof unreadableReply>;

/** Every reply a request of type `T` may get: its answer, a failure, and progress while a snapshot opens. */
export type AnalyzerReplyTo<T extends AnalyzerRequestType> =
  | (AnalyzerAnswers[T] & { requestId: number })
  | AnalyzerFailedReply
  | (T extends 'open-snapshot' ? AnalyzerProgressReply : never);

export const analyzerReplySchema = z.discriminatedUnion('type', [
  answerSchemas['open-snapshot'], answerSchemas['close-snapshot'], answerSchemas.summary, answerSchemas.diff,
  answerSchemas.survivors, answerSchemas['growing-collections'], answerSchemas['retainer-paths'],
  answerSchemas['class-allocations'], answerSchemas['open-profile'], answerSchemas['close-profile'],
  answerSchemas['profile-sites'], answerSchemas['profile-tree'], answerSchemas['profile-diff'],
  answerSchemas['profile-growth-tree'], progressReply, failedReply, unreadableReply,
], { error: unknownTypeError('reply') });
export type AnalyzerReply = z.infer<typeof analyzerReplySchema>;

/** The `type` and `requestId` of whatever arrived, when it has them: what an answer to it needs. */
function envelopeOf(data: unknown): { type?: string; requestId?: number } {
  if (typeof data !== 'object' || data === null) return {};
  const { type, requestId: rid } = data as { type?: unknown; requestId?: unknown };
  return { ...(typeof type === 'string' && { type: type.slice(0, 80) }), ...(typeof rid === 'number' && Number.isInteger(rid) && { requestId: rid }) };
}

/** A request as the worker receives it (`MessageEvent.data`); a problem names the request. */
export function parseAnalyzerRequest(data: unknown): Parsed<AnalyzerRequest> & { requestId?: number } {
  const parsed = parseWith(analyzerRequestSchema, data);
  if (parsed.ok) return parsed;
  const { type, requestId: rid } = envelopeOf(data);
  const which = `${type === undefined ? 'a request' : `the ${JSON.stringify(type)} request`}${rid === undefined ? '' : ` (requestId ${rid})`}`;
  return { ok: false, problem: `The analyzer could not read ${which}: ${parsed.problem}. The page and the worker may be of different builds: reload the page.`, ...(rid !== undefined && { requestId: rid }) };
}

/** A reply as the page receives it from the worker; a problem says what arrived. */
export function parseAnalyzerReply(data: unknown): Parsed<AnalyzerReply> & { requestId?: number } {
  const parsed = parseWith(analyzerReplySchema, data);
  if (parsed.ok) return parsed;
  const { type, requestId: rid } = envelopeOf(data);
  const which = `${type === undefined ? 'a reply' : `a ${JSON.stringify(type)} reply`}${rid === undefined ? '' : ` to request ${rid}`}`;
  return { ok: false, problem: `The page could not read ${which} from the analyzer: ${parsed.problem}. The page and the worker may be of different builds: reload the page.`, ...(rid !== undefined && { requestId: rid }) };
}
