// Leak Lab, lesson 15 (ES module): racing every query against a promise that never settles.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';

class SearchResult {
  constructor(query) {
    this.query = query;
    this.html = randomBytes(1024).toString('hex'); // 2 KB of rendered results
  }
}

// Rejects when the process is told to stop, which on a healthy server is never. On SIGTERM the
// server also stops taking connections, so the process exits once the requests in flight are done.
const shuttingDown = new Promise((_, reject) => {
  process.once('SIGTERM', () => {
    server.close();
    reject(new Error('shutting down'));
  });
});
shuttingDown.catch(() => {}); // handled by whichever race sees it

async function search(query) {
  await nextTurn(); // stands in for the search backend
  return new SearchResult(query);
}

let served = 0;
const server = http.createServer(async (req, res) => {
  served += 1;
  try {
    // Each race adds a reaction to `shuttingDown`. It stays there, holding this race's result.
    const result = await Promise.race([search(`q${served}`), shuttingDown]);
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
