// Leak Lab, lesson 27 (CommonJS): the hub forgets a subscriber on 'close', and drops streams nobody reads.
const http = require('node:http');
const { randomBytes } = require('node:crypto');

class Subscriber {
  constructor(id, res) {
    this.id = id;
    this.res = res;
    this.connectedAtMs = Date.now();
    // Loaded when the client connects: its session and filters, 8 KB here.
    this.session = randomBytes(4 * 1024).toString('hex');
    this.watchlist = Array.from({ length: 20 }, (_, i) => (id * 31 + i) % 400); // the games it follows
    this.eventsSent = 0;
  }
}

// Stands in for reading the client's session from the database: 0 to 3 s.
function loadSession(id) {
  return new Promise((resolve) => setTimeout(resolve, (id * 7919) % 3000));
}

// Everyone listening to live scores, by subscriber id.
const subscribers = new Map();
let nextId = 0;

async function subscribe(req, res) {
  const id = ++nextId;
  // 'close' comes once for every way a stream ends: finished, failed, or the client went away.
  // Listen before the first await: a client can leave while its session is still loading.
  res.on('close', () => subscribers.delete(id));
  await loadSession(id);
  if (res.destroyed) return; // gone already: nothing to subscribe
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
  res.write(': connected\n\n');
  subscribers.set(id, new Subscriber(id, res));
}

// A client that vanished without closing its connection (a phone that lost its network) sends
// no FIN, so 'close' would not come for many minutes. Its writes pile up unsent instead: past
// 64 KB queued, drop the stream. destroy() ends it, and 'close' above forgets it.
const MAX_QUEUED_BYTES = 64 * 1024;

// Ten updates a second, each subscriber's with the odds of the games it follows.
function updateFor(subscriber, seq) {
  const odds = subscriber.watchlist.map((game) => ({ game, home: ((game * seq) % 97) / 10 }));
  return `id: ${seq}\ndata: ${JSON.stringify({ minute: seq % 90, odds })}\n\n`;
}

let seq = 0;
setInterval(() => {
  seq += 1;
  for (const subscriber of subscribers.values()) {
    if (subscriber.res.writableLength > MAX_QUEUED_BYTES) {
      subscriber.res.destroy();
      continue;
    }
    subscriber.res.write(updateFor(subscriber, seq));
    subscriber.eventsSent += 1;
  }
}, 100).unref();

const server = http.createServer((req, res) => {
  if (req.url === '/live') return subscribe(req, res);
  res.statusCode = 404;
  res.end();
});

setInterval(() => console.log(`${nextId} streams opened, ${subscribers.size} subscribers`), 2000).unref();

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
