// Leak Lab, lesson 25 (ES module): a timer made inside AsyncLocalStorage.run() keeps the request's context.
import http from 'node:http';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

// The request's context, reachable from anywhere in the request's code without passing it along.
const requestContext = new AsyncLocalStorage();

class RequestContext {
  constructor(seq) {
    this.requestId = `req-${seq}`;
    this.clientId = `client-${seq % 500}`;
    // Rows loaded during this request, so that a row asked for twice is loaded once (an ORM's
    // per-request identity map does the same).
    this.loaded = new Map();
  }
}

function loadOrder(id) {
  const ctx = requestContext.getStore();
  let order = ctx.loaded.get(id);
  if (!order) {
    order = { id, lines: randomBytes(2048).toString('hex') }; // 4 KB, as if read from the database
    ctx.loaded.set(id, order);
  }
  return order;
}

// A rate limiter with in-memory storage: hits per client in the last 60 s. Each hit sets a timer
// that forgets it when its minute is up.
const WINDOW_MS = 60_000;
const LIMIT = 100;
const hits = new Map();

function allow(clientId) {
  const count = (hits.get(clientId) ?? 0) + 1;
  hits.set(clientId, count);
  setTimeout(() => {
    const left = hits.get(clientId) - 1;
    if (left > 0) hits.set(clientId, left);
    else hits.delete(clientId);
  }, WINDOW_MS);
  return count <= LIMIT;
}

function handle(req, res) {
  const ctx = requestContext.getStore();
  if (!allow(ctx.clientId)) {
    res.statusCode = 429;
    res.end('slow down\n');
    return;
  }
  const orders = [1, 2, 3, 4].map((n) => loadOrder(n));
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ requestId: ctx.requestId, orders: orders.length }));
}

let served = 0;
const server = http.createServer((req, res) => {
  served += 1;
  requestContext.run(new RequestContext(served), () => handle(req, res));
});

setInterval(() => {
  console.log(`${served} requests, ${hits.size} clients in the limiter`);
}, 2000).unref();

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
