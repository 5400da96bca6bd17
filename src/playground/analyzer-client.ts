import { parseAnalyzerReply, type AnalyzerPhase, type AnalyzerReply, type AnalyzerRequest } from '../protocol/analyzer-messages.ts';
import type { CollectionGrowth, DiffResult, RetainersResult, SnapshotInfo, SummaryResult, SurvivorsResult } from '../analyzer/query-results.ts';
import { unreachable } from '../protocol/unreachable.ts';
import type { ProfileInfo } from '../protocol/analyzer-messages.ts';
import type { AllocationTreeNode, ClassAllocationsResult } from '../protocol/allocation-results.ts';

/** A request the worker answered with `failed`, rethrown on the page's side. */
export class AnalyzerFailure extends Error {
  readonly code?: string;
  readonly byteOffset?: number;
  constructor(message: string, code?: string, byteOffset?: number) {
    super(message);
    this.name = 'AnalyzerFailure';
    if (code !== undefined) this.code = code;
    if (byteOffset !== undefined) this.byteOffset = byteOffset;
  }
}

export type OpenProgress = (phase: AnalyzerPhase, bytesRead: number, totalBytes: number | undefined) => void;

/** What each request type is answered with when it succeeds. */
interface ResultOf {
  'open-snapshot': SnapshotInfo;
  'close-snapshot': undefined;
  summary: SummaryResult;
  diff: DiffResult;
  survivors: SurvivorsResult;
  'growing-collections': CollectionGrowth[];
  'retainer-paths': RetainersResult;
  'class-allocations': ClassAllocationsResult;
  'open-profile': ProfileInfo;
  'close-profile': undefined;
  'profile-tree': AllocationTreeNode;
  'profile-growth-tree': AllocationTreeNode;
}

type RequestBody<T extends AnalyzerRequest['type']> = Omit<Extract<AnalyzerRequest, { type: T }>, 'requestId' | 'type'>;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: AnalyzerFailure) => void;
  onProgress?: OpenProgress;
}

/** What the client needs of a Worker: a browser Worker, or any port that speaks the same messages. */
export interface AnalyzerPort {
  onmessage: ((event: MessageEvent) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
  onerror?: ((event: ErrorEvent) => void) | null;
  postMessage(message: AnalyzerRequest): void;
  terminate(): void;
}

/**
 * The page's side of the analyzer worker: one promise per request, matched by `requestId`.
 * Snapshot sources go as Blob/File handles (the worker streams them; nothing is copied here).
 * Every reply is parsed on arrival (parseAnalyzerReply): one the page cannot read fails the
 * request it names, or every pending request when it names none, so a controller shows the
 * reason where the answer would have been. Only controllers hold one; views never see it.
 */
export class AnalyzerClient {
  readonly #worker: AnalyzerPort;
  readonly #pending = new Map<number, Pending>();
  #nextRequestId = 1;

  constructor(worker: AnalyzerPort = new Worker(new URL('../worker/analyzer-worker.ts', import.meta.url), { type: 'module' })) {
    this.#worker = worker;
    worker.onmessage = (e: MessageEvent) => this.#onMessage(e.data);
    worker.onmessageerror = () => this.#onBadReply('The page could not read a reply from the analyzer (it did not arrive whole). Reload the page to analyze again.', undefined);
    worker.onerror = (e) => this.#failAll(`The analyzer worker crashed: ${e.message || 'unknown error'}. Reload the page to analyze again.`);
  }

  open(snapshotId: string, source: Blob, onProgress?: OpenProgress): Promise<SnapshotInfo> {
    return this.#request('open-snapshot', { snapshotId, source }, onProgress);
  }

  close(snapshotId: string): Promise<undefined> {
    return this.#request('close-snapshot', { snapshotId });
  }

  summary(snapshotId: string, top?: number): Promise<SummaryResult> {
    return this.#request('summary', { snapshotId, ...(top === undefined ? {} : { top }) });
  }

  diff(beforeId: string, afterId: string, top?: number): Promise<DiffResult> {
    return this.#request('diff', { beforeId, afterId, ...(top === undefined ? {} : { top }) });
  }

  survivors(firstId: string, secondId: string, thirdId: string, top?: number): Promise<SurvivorsResult> {
    return this.#request('survivors', { firstId, secondId, thirdId, ...(top === undefined ? {} : { top }) });
  }

  retainers(snapshotId: string, className: string, maxPaths?: number): Promise<RetainersResult> {
    return this.#request('retainer-paths', { snapshotId, className, ...(maxPaths === undefined ? {} : { maxPaths }) });
  }

  /** Where `className`'s objects were allocated (snapshots with allocation traces); with `baseSnapshotId`, only those new since it. */
  classAllocations(snapshotId: string, className: string, baseSnapshotId: string | undefined, top: number): Promise<ClassAllocationsResult> {
    return this.#request('class-allocations', { snapshotId, className, top, ...(baseSnapshotId !== undefined && { baseSnapshotId }) });
  }

  /** A `.heapprofile` (plain or gzipped), kept in the worker under `profileId`. */
  openProfile(profileId: string, source: Blob): Promise<ProfileInfo> {
    return this.#request('open-profile', { profileId, source });
  }

  closeProfile(profileId: string): Promise<undefined> {
    return this.#request('close-profile', { profileId });
  }

  profileTree(profileId: string, allFrames: boolean): Promise<AllocationTreeNode> {
    return this.#request('profile-tree', { profileId, allFrames });
  }

  profileGrowthTree(beforeId: string, afterId: string, allFrames: boolean): Promise<AllocationTreeNode> {
    return this.#request('profile-growth-tree', { beforeId, afterId, allFrames });
  }

  /** Ends the worker; every pending request fails. */
  dispose(): void {
    this.#worker.terminate();
    this.#failAll('The analyzer was closed.');
  }

  #request<T extends keyof ResultOf>(type: T, body: RequestBody<T>, onProgress?: OpenProgress): Promise<ResultOf[T]> {
    const requestId = this.#nextRequestId++;
    return new Promise<ResultOf[T]>((resolve, reject) => {
      this.#pending.set(requestId, { resolve: resolve as (value: unknown) => void, reject, ...(onProgress ? { onProgress } : {}) });
      // The body type is derived from AnalyzerRequest per `type`; TS cannot see that through the spread.
      const request = { ...body, type, requestId } as unknown as AnalyzerRequest;
      this.#worker.postMessage(request);
    });
  }

  #onMessage(data: unknown): void {
    const parsed = parseAnalyzerReply(data);
    if (parsed.ok) this.#onReply(parsed.value);
    else this.#onBadReply(parsed.problem, parsed.requestId);
  }

  #onBadReply(problem: string, requestId: number | undefined): void {
    const pending = requestId === undefined ? undefined : this.#pending.get(requestId);
    if (pending) {
      this.#pending.delete(requestId!);
      pending.reject(new AnalyzerFailure(problem, 'bad-reply'));
    } else if (this.#pending.size > 0) {
      // It names no request of ours: any pending one may have been waiting for it.
      this.#failAll(problem);
    } else {
      console.error(`Leak Lab: ${problem}`); // nobody is waiting: nothing on the page is lost
    }
  }

  #onReply(reply: AnalyzerReply): void {
    if (reply.type === 'request-unreadable') return this.#failAll(reply.message);
    const pending = this.#pending.get(reply.requestId);
    if (!pending) return; // answered after dispose or for a request we gave up on
    switch (reply.type) {
      case 'progress':
        pending.onProgress?.(reply.phase, reply.bytesRead, reply.totalBytes);
        return;
      case 'failed':
        this.#pending.delete(reply.requestId);
        pending.reject(new AnalyzerFailure(reply.message, reply.code, reply.byteOffset));
        return;
      case 'snapshot-opened': return this.#settle(reply.requestId, pending, reply.info);
      case 'snapshot-closed': return this.#settle(reply.requestId, pending, undefined);
      case 'profile-opened': return this.#settle(reply.requestId, pending, reply.info);
      case 'profile-closed': return this.#settle(reply.requestId, pending, undefined);
      case 'class-allocations-result':
      case 'profile-sites-result':
      case 'profile-tree-result':
      case 'profile-diff-result':
      case 'profile-growth-tree-result':
      case 'summary-result':
      case 'diff-result':
      case 'survivors-result':
      case 'collections-result':
      case 'retainer-paths-result':
        return this.#settle(reply.requestId, pending, reply.result);
      default:
        return unreachable(reply);
    }
  }

  #settle(requestId: number, pending: Pending, value: unknown): void {
    this.#pending.delete(requestId);
    pending.resolve(value);
  }

  #failAll(message: string, code?: string): void {
    const all = [...this.#pending.values()];
    this.#pending.clear();
    for (const pending of all) pending.reject(new AnalyzerFailure(message, code));
  }
}

/** A failure in words for the page: the worker's message, plus where in the file when it knows and did not say. */
export function describeAnalyzerFailure(err: unknown): string {
  if (err instanceof AnalyzerFailure) {
    const where = err.byteOffset !== undefined && !err.message.includes(`byte ${err.byteOffset}`) ? ` (at byte ${err.byteOffset})` : '';
    return `${err.message}${where}`;
  }
  return err instanceof Error ? err.message : String(err);
}
