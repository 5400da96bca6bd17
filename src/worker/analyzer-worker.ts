/**
 * Web Worker entry hosting the analyzer for the page. The page posts AnalyzerRequest messages
 * (snapshots as a File/Blob, streamed with blob.stream(), or transferred ArrayBuffers), each
 * parsed on arrival, and receives AnalyzerReply messages: progress while a snapshot opens, then results.
 *
 *   const worker = new Worker(new URL('../worker/analyzer-worker.ts', import.meta.url), { type: 'module' });
 */
import { AnalyzerSession } from './analyzer-session.ts';
import type { AnalyzerReply } from '../protocol/analyzer-messages.ts';

/** The part of DedicatedWorkerGlobalScope used here (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  postMessage(message: AnalyzerReply): void;
}

const scope = globalThis as unknown as WorkerScope;
const session = new AnalyzerSession();
// One request at a time: opening a snapshot uses most of the memory a tab has.
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (event) => {
  const data = event.data;
  // The session parses the message itself (parseAnalyzerRequest) and answers every outcome.
  queue = queue.then(() => session.receive(data, (reply) => scope.postMessage(reply))).catch((err: unknown) => {
    // Only posting can throw here (a reply that will not clone): keep the queue going for the
    // next request and say so, instead of leaving every later request unanswered.
    const sent = typeof data === 'object' && data !== null ? (data as { requestId?: unknown }).requestId : undefined;
    const message = `The analyzer could not send its answer: ${err instanceof Error ? err.message : String(err)}.`;
    if (typeof sent === 'number' && Number.isInteger(sent) && sent >= 0) scope.postMessage({ type: 'failed', requestId: sent, message });
    else scope.postMessage({ type: 'request-unreadable', message });
  });
};
