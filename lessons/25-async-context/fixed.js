// Leak Lab, lesson 25 (ES module): the rate limiter's one timer is made at startup, outside any request.
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

// A rate limiter with in-memory storage: hits per client in a 60 s window. It keeps when each
// client's window ends instead of a timer per hit.
const WINDOW_MS = 60_000;
const LIMIT = 100;
const windows = new Map();

function allow(clientId) {
  const nowMs = Date.now();
  let window = windows.get(clientId);
  if (!window || window.endsAtMs <= nowMs) {
    window = { count: 0, endsAtMs: nowMs + WINDOW_MS };
    windows.set(clientId, window);
  }
  window.count += 1;
  return window.count <= LIMIT;
}

// One timer for the whole limiter, made while the module loads: outside every run(), so the
// only context it captures is the empty one.
setInterval(() => {
  const nowMs = Date.now();
  for (const [clientId, window] of windows) if (window.endsAtMs <= nowMs) windows.delete(clientId);
}, 10_000).unref();

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
  console.log(`${served} requests, ${windows.size} clients in the limiter`);
}, 2000).unref();

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
