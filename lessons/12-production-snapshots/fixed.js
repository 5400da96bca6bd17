// Leak Lab, lesson 12 (ES module): idempotency records expire after 1 s (short, for the demo), swept by one shared timer.
import http from 'node:http';
import v8 from 'node:v8';
import { randomBytes, randomUUID } from 'node:crypto';

class IdempotencyRecord {
  constructor(key, status) {
    this.key = key;
    this.status = status;
    this.storedAt = Date.now();
    this.responseBody = randomBytes(1024).toString('hex');
  }
}

// Clients retry within seconds, so a short time to live is enough. A Map iterates in insertion
// order, so the oldest records come first and the sweep stops at the first young one.
const TTL_MS = 1_000;
const seen = new Map();
setInterval(() => {
  const cutoff = Date.now() - TTL_MS;
  for (const [key, record] of seen) {
    if (record.storedAt > cutoff) break;
    seen.delete(key);
  }
}, 250).unref();

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
