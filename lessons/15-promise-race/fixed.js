// Leak Lab, lesson 15 (ES module): the same race, with a listener that is removed when the race is over.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';

class SearchResult {
  constructor(query) {
    this.query = query;
    this.html = randomBytes(1024).toString('hex');
  }
}

// Shutdown as a signal, not a promise: a listener can be taken off a signal again.
const shutdown = new AbortController();
process.once('SIGTERM', () => {
  server.close(); // no new connections; the process exits once the requests in flight are done
  shutdown.abort(new Error('shutting down'));
});

/** Settles like `work`, or rejects on shutdown; leaves nothing behind on `shutdown.signal`. */
function unlessShuttingDown(work) {
  const { signal } = shutdown;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function search(query) {
  await nextTurn();
  return new SearchResult(query);
}

let served = 0;
const server = http.createServer(async (req, res) => {
  served += 1;
  try {
    const result = await unlessShuttingDown(search(`q${served}`));
    if (served % 2000 === 0) console.log(`${served} requests served`);
    res.end(`${result.query}\n`);
  } catch (err) {
    // Shutting down: the client can retry elsewhere, and this connection is not kept alive.
    res.writeHead(503, { connection: 'close' });
    res.end(`${err.message}\n`);
  }
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port} (pid ${process.pid})`);
});
