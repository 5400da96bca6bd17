// Leak Lab, lesson 05 (CommonJS): the listener is removed when the request is over.
const http = require('node:http');
const { EventEmitter } = require('node:events');
const { randomBytes } = require('node:crypto');

const flags = new EventEmitter();
setInterval(() => flags.emit('change', { darkMode: Math.random() < 0.5 }), 60_000).unref();

class RequestContext {
  constructor(req) {
    this.url = req.url;
    this.userAgent = req.headers['user-agent'] ?? 'unknown';
    this.trace = randomBytes(1024).toString('hex');
    this.flags = null;
  }
}

let served = 0;

const server = http.createServer((req, res) => {
  served += 1;
  const ctx = new RequestContext(req);
  const onChange = (next) => { ctx.flags = next; };
  flags.on('change', onChange);
  // 'close' fires once the response is finished or the client went away, whichever comes first.
  res.once('close', () => flags.off('change', onChange));
  if (served % 2000 === 0) console.log(`${served} requests, ${flags.listenerCount('change')} 'change' listeners`);
  res.end('ok\n');
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
