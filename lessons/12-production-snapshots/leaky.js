// Leak Lab, lesson 12 (ES module): idempotency records for retried requests, plus an on-demand snapshot endpoint on an admin port.
import http from 'node:http';
import v8 from 'node:v8';
import { randomBytes, randomUUID } from 'node:crypto';

class IdempotencyRecord {
  constructor(key, status) {
    this.key = key;
    this.status = status;
    this.storedAt = Date.now();
    this.responseBody = randomBytes(1024).toString('hex'); // 2 KB: the response to replay
  }
}

// Remembers each request's response so that a retried request gets the same answer.
const seen = new Map();
let served = 0;

const server = http.createServer((req, res) => {
  served += 1;
  const key = req.headers['idempotency-key'] ?? randomUUID();
  let record = seen.get(key);
  if (!record) {
    record = new IdempotencyRecord(key, 200);
    seen.set(key, record);
  }
  if (served % 2000 === 0) console.log(`${served} requests, ${seen.size} idempotency records`);
  res.end('ok\n');
});

// Debug routes live on a second server that only this machine can reach: bound to 127.0.0.1, it
// never sees outside traffic, whatever address the public server listens on.
const admin = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/debug/heap-snapshot') {
    // Blocks the event loop for as long as the snapshot takes: seconds on a big heap.
    const file = v8.writeHeapSnapshot();
    res.end(`${file}\n`);
    return;
  }
  res.statusCode = 404;
  res.end('not found\n');
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port} (pid ${process.pid})`);
  admin.listen(Number(process.env.ADMIN_PORT) || 0, '127.0.0.1', () => {
    console.log(`admin on 127.0.0.1:${admin.address().port}: GET /debug/heap-snapshot writes a snapshot`);
  });
});
