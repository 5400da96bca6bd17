import type { SnapshotInfo } from '../analyzer/query-results.ts';
import type { AnalyzerPhase } from '../protocol/analyzer-messages.ts';
import { AnalyzerFailure, type AnalyzerClient } from './analyzer-client.ts';
import type { CapturePhase } from './page-state/snapshot-types.ts';

/** Parsed snapshots kept in the worker at once (a comparison needs three); the rest wait as Blobs. */
const MAX_OPEN_IN_WORKER = 3;

export type OpenProgress = (snapshotId: string, phase: CapturePhase, fraction: number | null) => void;

/**
 * The page's snapshots as the worker sees them: every snapshot's bytes stay in the page as a
 * Blob (a fetched download or the user's File, never copied), and at most three are parsed in
 * the worker; the least recently used is closed and re-read from its Blob when needed again.
 * A parsed lesson snapshot takes tens of MB in the worker, so ten kept snapshots would not fit.
 */
export class WorkerSnapshots {
  readonly #analyzer: AnalyzerClient;
  readonly #onProgress: OpenProgress;
  readonly #blobs = new Map<string, Blob>();
  /** Ids parsed in the worker, least recently used first. */
  #openIds: string[] = [];

  constructor(analyzer: AnalyzerClient, onProgress: OpenProgress) {
    this.#analyzer = analyzer;
    this.#onProgress = onProgress;
  }

  keep(snapshotId: string, bytes: Blob): void {
    this.#blobs.set(snapshotId, bytes);
  }

  bytes(snapshotId: string): Blob | undefined {
    return this.#blobs.get(snapshotId);
  }

  /** Makes sure `ids` are parsed in the worker; returns the info of those it had to open. */
  async ensureOpen(ids: readonly string[]): Promise<Map<string, SnapshotInfo>> {
    const infos = new Map<string, SnapshotInfo>();
    for (const id of ids) {
      if (this.#openIds.includes(id)) {
        this.#openIds = [...this.#openIds.filter((o) => o !== id), id];
        continue;
      }
      const blob = this.#blobs.get(id);
      if (!blob) throw new AnalyzerFailure(`Snapshot ${id} is no longer in the page; it was deleted.`);
      infos.set(id, await this.#analyzer.open(id, blob, (phase, bytesRead, totalBytes) => {
        const isParsing = isParsePhase(phase);
        this.#onProgress(id, isParsing ? 'parsing' : 'dominators', isParsing && totalBytes ? bytesRead / totalBytes : null);
      }));
      this.#openIds.push(id);
      while (this.#openIds.length > MAX_OPEN_IN_WORKER) {
        const victim = this.#openIds.find((o) => !ids.includes(o));
        if (!victim) break;
        this.#openIds = this.#openIds.filter((o) => o !== victim);
        await this.#analyzer.close(victim);
      }
    }
    return infos;
  }

  /** Drops a snapshot's bytes and closes it in the worker. */
  async forget(snapshotId: string): Promise<void> {
    this.#blobs.delete(snapshotId);
    if (!this.#openIds.includes(snapshotId)) return;
    this.#openIds = this.#openIds.filter((o) => o !== snapshotId);
    await this.#analyzer.close(snapshotId);
  }

  dispose(): void {
    this.#blobs.clear();
    this.#openIds = [];
    this.#analyzer.dispose();
  }
}

function isParsePhase(phase: AnalyzerPhase): boolean {
  switch (phase) {
    case 'meta': case 'nodes': case 'edges': case 'strings': case 'other': case 'done':
      return true;
    case 'indexing': case 'naming': case 'dominators':
      return false;
  }
}
