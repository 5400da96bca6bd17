// Leak Lab, lesson 16 (ES module): the listener comes off when the request is done.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';

const shutdown = new AbortController();
process.once('SIGTERM', () => {
  server.close(); // no new connections; the process exits once the requests in flight are done
  shutdown.abort();
});

class ReportJob {
  constructor(seq) {
    this.seq = seq;
    this.draft = randomBytes(1024).toString('hex');
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
  const request = new AbortController();
  const signal = AbortSignal.any([shutdown.signal, request.signal]);
  const onAbort = () => job.cancel();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const report = await buildReport(job, signal);
    if (served % 2000 === 0) console.log(`${served} requests served`);
    res.end(`${report}\n`);
  } catch (err) {
    // Aborted (shutting down): the client can retry elsewhere, and this connection is not kept alive.
    res.writeHead(503, { connection: 'close' });
    res.end(`${err.message}\n`);
  } finally {
    // With no abort listener left, nothing asks Node to keep the combined signal alive, and the
    // shutdown signal holds it only weakly.
    signal.removeEventListener('abort', onAbort);
  }
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port} (pid ${process.pid})`);
});
