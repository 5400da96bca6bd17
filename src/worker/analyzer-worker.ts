/**
 * Web Worker entry hosting the analyzer for the page. The page posts AnalyzerRequest messages
 * (snapshots as a File/Blob, streamed with blob.stream(), or transferred ArrayBuffers) and
 * receives AnalyzerReply messages: progress while a snapshot opens, then results.
 *
 *   const worker = new Worker(new URL('../worker/analyzer-worker.ts', import.meta.url), { type: 'module' });
 */
import { AnalyzerSession } from './analyzer-session.ts';
import type { AnalyzerReply, AnalyzerRequest } from '../protocol/analyzer-messages.ts';

/** The part of DedicatedWorkerGlobalScope used here (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<AnalyzerRequest>) => void) | null;
  postMessage(message: AnalyzerReply): void;
}

const scope = globalThis as unknown as WorkerScope;
const session = new AnalyzerSession();
// One request at a time: opening a snapshot uses most of the memory a tab has.
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (event) => {
  const request = event.data;
  queue = queue.then(() => session.handle(request, (reply) => scope.postMessage(reply)));
};
