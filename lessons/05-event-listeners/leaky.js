// Leak Lab, lesson 05 (CommonJS): a listener added to a long-lived emitter on every request.
const http = require('node:http');
const { EventEmitter } = require('node:events');
const { randomBytes } = require('node:crypto');

// One emitter for the whole process: it says when the feature flags change.
const flags = new EventEmitter();
setInterval(() => flags.emit('change', { darkMode: Math.random() < 0.5 }), 60_000).unref();

class RequestContext {
  constructor(req) {
    this.url = req.url;
    this.userAgent = req.headers['user-agent'] ?? 'unknown';
    this.trace = randomBytes(1024).toString('hex'); // 2 KB per request
    this.flags = null;
  }
}

let served = 0;

const server = http.createServer((req, res) => {
  served += 1;
  const ctx = new RequestContext(req);
  // Bug: the listener (and ctx, which it closes over) stays on `flags` after the response.
  flags.on('change', (next) => { ctx.flags = next; });
  if (served % 2000 === 0) console.log(`${served} requests, ${flags.listenerCount('change')} 'change' listeners`);
  res.end('ok\n');
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
