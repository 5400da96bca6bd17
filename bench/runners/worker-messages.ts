// One timed run of what the page asks the analyzer worker for a snapshot comparison: open two
// snapshots from Blobs, a summary and a diff of the page's 300 classes, through the worker's
// session. `typed` hands the session typed requests and keeps its replies as they are (how it
// was before the messages were parsed); `parsed` goes the way the page and the worker go now:
// every request through parseAnalyzerRequest, every reply through parseAnalyzerReply.
//   node bench/runners/worker-messages.ts <before.heapsnapshot> <after.heapsnapshot> typed|parsed
import { openAsBlob } from 'node:fs';
import { AnalyzerSession } from '../../src/worker/analyzer-session.ts';
import { parseAnalyzerReply, type AnalyzerReply, type AnalyzerRequest } from '../../src/protocol/analyzer-messages.ts';

const [beforeFile, afterFile, mode] = process.argv.slice(2);
if (!beforeFile || !afterFile || (mode !== 'typed' && mode !== 'parsed')) {
  console.error('usage: node bench/runners/worker-messages.ts <before.heapsnapshot> <after.heapsnapshot> typed|parsed');
  process.exit(2);
}
const session = new AnalyzerSession();
let parseMs = 0;
let rows = 0;

async function ask(request: AnalyzerRequest): Promise<AnalyzerReply> {
  const replies: AnalyzerReply[] = [];
  const post = (reply: AnalyzerReply): void => {
    if (mode === 'typed') { replies.push(reply); return; }
    const at = performance.now();
    const parsed = parseAnalyzerReply(reply);
    parseMs += performance.now() - at;
    if (!parsed.ok) throw new Error(parsed.problem);
    replies.push(parsed.value);
  };
  if (mode === 'typed') await session.handle(request, post);
  else await session.receive(request, post);
  const last = replies.at(-1);
  if (!last || last.type === 'failed' || last.type === 'request-unreadable') throw new Error(`${request.type} failed: ${JSON.stringify(last)}`);
  return last;
}

const blobs = [await openAsBlob(beforeFile), await openAsBlob(afterFile)];
const started = performance.now();
await ask({ type: 'open-snapshot', requestId: 1, snapshotId: 'before', source: blobs[0] });
await ask({ type: 'open-snapshot', requestId: 2, snapshotId: 'after', source: blobs[1] });
const summary = await ask({ type: 'summary', requestId: 3, snapshotId: 'after', top: 300 });
const diff = await ask({ type: 'diff', requestId: 4, beforeId: 'before', afterId: 'after', top: 300 });
const wallMs = performance.now() - started;
if (summary.type === 'summary-result') rows += summary.result.classes.length;
if (diff.type === 'diff-result') rows += diff.result.classes.length + diff.result.collections.length;
process.stdout.write(JSON.stringify({ wallMs, parseMs, rows, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
