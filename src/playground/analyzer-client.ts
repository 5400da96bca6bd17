import type { AnalyzerPhase, AnalyzerReply, AnalyzerRequest } from '../protocol/analyzer-messages.ts';
import type { CollectionGrowth, DiffResult, RetainersResult, SnapshotInfo, SummaryResult, SurvivorsResult } from '../analyzer/query-results.ts';
import { unreachable } from '../protocol/unreachable.ts';

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
}

type RequestBody<T extends AnalyzerRequest['type']> = Omit<Extract<AnalyzerRequest, { type: T }>, 'requestId' | 'type'>;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: AnalyzerFailure) => void;
  onProgress?: OpenProgress;
}

/**
 * The page's side of the analyzer worker: one promise per request, matched by `requestId`.
 * Snapshot sources go as Blob/File handles (the worker streams them; nothing is copied here).
 * Only controllers hold one; views never see it.
 */
export class AnalyzerClient {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextRequestId = 1;

  constructor(worker: Worker = new Worker(new URL('../worker/analyzer-worker.ts', import.meta.url), { type: 'module' })) {
    this.#worker = worker;
    worker.onmessage = (e: MessageEvent<AnalyzerReply>) => this.#onReply(e.data);
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

  #onReply(reply: AnalyzerReply): void {
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

  #failAll(message: string): void {
    const all = [...this.#pending.values()];
    this.#pending.clear();
    for (const pending of all) pending.reject(new AnalyzerFailure(message));
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
