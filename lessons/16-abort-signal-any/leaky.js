// Leak Lab, lesson 16 (ES module): a combined signal per request, with a listener that is never removed.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';

// One controller for the whole process: aborted on SIGTERM to stop work in flight.
const shutdown = new AbortController();
process.once('SIGTERM', () => {
  server.close(); // no new connections; the process exits once the requests in flight are done
  shutdown.abort();
});

class ReportJob {
  constructor(seq) {
    this.seq = seq;
    this.draft = randomBytes(1024).toString('hex'); // 2 KB of work in progress
    this.cancelled = false;
  }
  cancel() {
    this.cancelled = true;
  }
}

async function buildReport(job, signal) {
  await nextTurn();
  signal.throwIfAborted();
  return `report ${job.seq}`;
}

let served = 0;
const server = http.createServer(async (req, res) => {
  served += 1;
  const job = new ReportJob(served);
  const request = new AbortController(); // would be aborted if this request were cancelled
  const signal = AbortSignal.any([shutdown.signal, request.signal]);
  // Bug: this listener is never removed, and neither source is ever aborted. Node keeps a
  // combined signal that has abort listeners alive as long as a source might still fire.
  signal.addEventListener('abort', () => job.cancel());
  try {
    const report = await buildReport(job, signal);
    if (served % 2000 === 0) console.log(`${served} requests served`);
    res.end(`${report}\n`);
  } catch (err) {
    // Aborted (shutting down): the client can retry elsewhere, and this connection is not kept alive.
    res.writeHead(503, { connection: 'close' });
    res.end(`${err.message}\n`);
  }
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port} (pid ${process.pid})`);
});
