import { parseAnalyzerRequest, type AnalyzerPhase, type AnalyzerReply, type AnalyzerRequest } from '../protocol/analyzer-messages.ts';
import { SnapshotParser } from '../analyzer/parse/snapshot-parser.ts';
import { analyzeSnapshot, type HeapAnalysis } from '../analyzer/heap-analysis.ts';
import { summarize } from '../analyzer/summarize.ts';
import { diffSnapshots } from '../analyzer/diff-snapshots.ts';
import { survivors } from '../analyzer/survivors.ts';
import { growingCollections } from '../analyzer/growing-collections.ts';
import { retainerPaths } from '../analyzer/retainer-paths.ts';
import { AnalyzerQueryError, ProfileParseError, SnapshotParseError } from '../analyzer/errors.ts';
import { classAllocationStacks } from '../analyzer/class-allocation-stacks.ts';
import { newObjects } from '../analyzer/diff-snapshots.ts';
import { parseHeapProfile, type HeapProfile } from '../analyzer/profile/heap-profile.ts';
import { profileSites, profileTree } from '../analyzer/profile/profile-sites.ts';
import { diffProfiles } from '../analyzer/profile/diff-profiles.ts';
import { growthTree } from '../analyzer/profile/growth-tree.ts';
import { unreachable } from '../protocol/unreachable.ts';
import { isGzip } from '../analyzer/parse/is-gzip.ts';

/**
 * The analyzer as the worker hosts it: keeps opened snapshots by id and answers requests with
 * small JSON-able replies. Pure (no DOM, no node:), so tests drive it directly.
 */
export class AnalyzerSession {
  readonly #snapshots = new Map<string, HeapAnalysis>();
  readonly #profiles = new Map<string, HeapProfile>();

  /**
   * Handles one message as it arrived from the page: a request it cannot read is answered with
   * `failed` naming the request (or `request-unreadable` when it has no requestId to answer), so
   * the page's promise for it ends with the reason instead of waiting for ever.
   */
  async receive(data: unknown, post: (reply: AnalyzerReply) => void): Promise<void> {
    const parsed = parseAnalyzerRequest(data);
    if (parsed.ok) return this.handle(parsed.value, post);
    post(parsed.requestId === undefined
      ? { type: 'request-unreadable', message: parsed.problem }
      : { type: 'failed', requestId: parsed.requestId, message: parsed.problem, code: 'bad-request' });
  }

  /** Handles one request; every outcome, including failure, is posted as a reply. */
  async handle(request: AnalyzerRequest, post: (reply: AnalyzerReply) => void): Promise<void> {
    const { requestId } = request;
    try {
      switch (request.type) {
        case 'open-snapshot': {
          const analysis = await this.#open(request.snapshotId, request.source, (p) => post({ type: 'progress', requestId, snapshotId: request.snapshotId, ...p }));
          let totalSize = 0;
          for (let n = 0; n < analysis.graph.nodeCount; n++) totalSize += analysis.selfSizes[n];
          post({ type: 'snapshot-opened', requestId, snapshotId: request.snapshotId, info: {
            nodes: analysis.graph.nodeCount, edges: analysis.graph.edgeCount, totalSize,
            fileBytes: analysis.graph.snapshot.totalBytes, unreachableNodes: analysis.graph.nodeCount - analysis.reachableCount,
          } });
          return;
        }
        case 'close-snapshot':
          this.#snapshots.delete(request.snapshotId);
          post({ type: 'snapshot-closed', requestId, snapshotId: request.snapshotId });
          return;
        case 'summary':
          post({ type: 'summary-result', requestId, result: summarize(this.#get(request.snapshotId), request.top === undefined ? {} : { top: request.top }) });
          return;
        case 'diff':
          post({ type: 'diff-result', requestId, result: diffSnapshots(this.#get(request.beforeId), this.#get(request.afterId), request.top === undefined ? {} : { top: request.top }) });
          return;
        case 'survivors':
          post({ type: 'survivors-result', requestId, result: survivors(this.#get(request.firstId), this.#get(request.secondId), this.#get(request.thirdId), request.top === undefined ? {} : { top: request.top }) });
          return;
        case 'growing-collections':
          if (request.snapshotIds.length < 2) throw new AnalyzerQueryError('bad-argument', `Growing collections need two or more snapshots, got ${request.snapshotIds.length}.`);
          post({ type: 'collections-result', requestId, result: growingCollections(request.snapshotIds.map((id) => this.#get(id)), request.top === undefined ? {} : { top: request.top }) });
          return;
        case 'retainer-paths':
          post({ type: 'retainer-paths-result', requestId, result: retainerPaths(this.#get(request.snapshotId), request.className, request.maxPaths === undefined ? {} : { maxPaths: request.maxPaths }) });
          return;
        case 'class-allocations': {
          const snapshot = this.#get(request.snapshotId);
          const include = request.baseSnapshotId === undefined ? undefined : newObjects(this.#get(request.baseSnapshotId), snapshot);
          post({ type: 'class-allocations-result', requestId, result: classAllocationStacks(snapshot, request.className, {
            ...(include && { include }), ...(request.top !== undefined && { top: request.top }), ...(request.allFrames !== undefined && { allFrames: request.allFrames }),
          }) });
          return;
        }
        case 'open-profile': {
          this.#profiles.delete(request.profileId);
          const { profile, fileBytes } = await readProfile(request.source);
          this.#profiles.set(request.profileId, profile);
          const all = profileSites(profile, { top: 0 });
          post({ type: 'profile-opened', requestId, profileId: request.profileId, info: {
            totalBytes: all.totalBytes, totalSamples: all.totalSamples, fileBytes, ...(all.sampleIntervalBytes !== undefined && { sampleIntervalBytes: all.sampleIntervalBytes }),
          } });
          return;
        }
        case 'close-profile':
          this.#profiles.delete(request.profileId);
          post({ type: 'profile-closed', requestId, profileId: request.profileId });
          return;
        case 'profile-sites':
          post({ type: 'profile-sites-result', requestId, result: profileSites(this.#profile(request.profileId), {
            ...(request.top !== undefined && { top: request.top }), ...(request.allFrames !== undefined && { allFrames: request.allFrames }),
          }) });
          return;
        case 'profile-tree':
          post({ type: 'profile-tree-result', requestId, result: profileTree(this.#profile(request.profileId), request.allFrames === undefined ? {} : { allFrames: request.allFrames }) });
          return;
        case 'profile-diff':
          post({ type: 'profile-diff-result', requestId, result: diffProfiles(this.#profile(request.beforeId), this.#profile(request.afterId), {
            ...(request.top !== undefined && { top: request.top }), ...(request.allFrames !== undefined && { allFrames: request.allFrames }),
          }) });
          return;
        case 'profile-growth-tree':
          post({ type: 'profile-growth-tree-result', requestId, result: growthTree(this.#profile(request.beforeId), this.#profile(request.afterId), request.allFrames === undefined ? {} : { allFrames: request.allFrames }) });
          return;
        default:
          unreachable(request);
      }
    } catch (error) {
      post(failure(requestId, error));
    }
  }

  async #open(snapshotId: string, source: Blob | ArrayBuffer[], onProgress: (p: { phase: AnalyzerPhase; bytesRead: number; totalBytes?: number }) => void): Promise<HeapAnalysis> {
    this.#snapshots.delete(snapshotId); // free the old one before parsing the new one
    const fileBytes = Array.isArray(source) ? source.reduce((sum, b) => sum + b.byteLength, 0) : source.size;
    const head = Array.isArray(source) ? new Uint8Array(source[0] ?? new ArrayBuffer(0), 0, Math.min(2, source[0]?.byteLength ?? 0)) : new Uint8Array(await source.slice(0, 2).arrayBuffer());
    const gzipped = isGzip(head);
    // A gzipped file's unpacked size is unknown: progress then counts bytes without a total.
    const parser = new SnapshotParser(gzipped ? { onProgress } : { totalBytes: fileBytes, onProgress });
    if (gzipped) {
      const blob = Array.isArray(source) ? new Blob(source) : source;
      await readStream(blob.stream().pipeThrough(new DecompressionStream('gzip')), parser, true);
    } else if (Array.isArray(source)) {
      for (const buffer of source) parser.write(new Uint8Array(buffer));
    } else {
      await readStream(source.stream(), parser, false);
    }
    const parsed = parser.finish();
    const analysis = analyzeSnapshot(parsed, (phase) => onProgress({ phase, bytesRead: parsed.totalBytes, totalBytes: parsed.totalBytes }));
    this.#snapshots.set(snapshotId, analysis);
    return analysis;
  }

  #profile(profileId: string): HeapProfile {
    const profile = this.#profiles.get(profileId);
    if (!profile) {
      throw new AnalyzerQueryError('unknown-snapshot', `No open profile "${profileId}" (open: ${[...this.#profiles.keys()].join(', ') || 'none'}). Send open-profile first.`);
    }
    return profile;
  }

  #get(snapshotId: string): HeapAnalysis {
    const analysis = this.#snapshots.get(snapshotId);
    if (!analysis) {
      throw new AnalyzerQueryError('unknown-snapshot', `No open snapshot "${snapshotId}" (open: ${[...this.#snapshots.keys()].join(', ') || 'none'}). Send open-snapshot first.`);
    }
    return analysis;
  }
}

/** Feeds a byte stream to the parser; a gzip stream that will not decompress is a parse error. */
async function readStream(stream: ReadableStream<Uint8Array>, parser: SnapshotParser, gzipped: boolean): Promise<void> {
  const reader = stream.getReader();
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (err) {
        if (!gzipped) throw err;
        throw new SnapshotParseError('not-a-snapshot', `The gzipped file does not decompress (${(err as Error).message}): it is cut short or damaged. Copy it again in full, or take the snapshot again.`, undefined, { cause: err });
      }
      if (next.done) return;
      parser.write(next.value);
    }
  } finally {
    reader.cancel().catch(() => undefined); // stop reading a file the parser gave up on
  }
}

/** A profile's text from a File or buffers, gunzipped when it starts with gzip's magic number. */
async function readProfile(source: Blob | ArrayBuffer[]): Promise<{ profile: HeapProfile; fileBytes: number }> {
  const blob = Array.isArray(source) ? new Blob(source) : source;
  const gzipped = isGzip(new Uint8Array(await blob.slice(0, 2).arrayBuffer()));
  let text: string;
  try {
    text = gzipped ? await new Response(blob.stream().pipeThrough(new DecompressionStream('gzip'))).text() : await blob.text();
  } catch (err) {
    if (!gzipped) throw err;
    throw new ProfileParseError('truncated', `The gzipped file does not decompress (${(err as Error).message}): it is cut short or damaged. Copy it again in full.`, undefined, { cause: err });
  }
  return { profile: parseHeapProfile(text), fileBytes: blob.size };
}

function failure(requestId: number, error: unknown): AnalyzerReply {
  if (error instanceof SnapshotParseError || error instanceof ProfileParseError) {
    return { type: 'failed', requestId, message: error.message, code: error.code, ...(error.byteOffset !== undefined && { byteOffset: error.byteOffset }) };
  }
  if (error instanceof AnalyzerQueryError) return { type: 'failed', requestId, message: error.message, code: error.code };
  return { type: 'failed', requestId, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
