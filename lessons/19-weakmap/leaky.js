// Leak Lab, lesson 19 (ES module): per-request data attached to `req` through a Map.
import http from 'node:http';
import { randomBytes } from 'node:crypto';

class RequestTiming {
  constructor(req) {
    this.startedAt = performance.now();
    this.route = req.url;
    this.trace = randomBytes(1024).toString('hex'); // 2 KB of tracing context
  }
}

// "Side data" for requests, kept outside the request so middleware doesn't clash over properties.
const timings = new Map();

function startTiming(req) {
  timings.set(req, new RequestTiming(req));
}
function elapsedMs(req) {
  return performance.now() - timings.get(req).startedAt;
}

let served = 0;
const server = http.createServer((req, res) => {
  served += 1;
  startTiming(req);
  res.end(`done in ${elapsedMs(req).toFixed(3)} ms\n`);
  // Bug: no timings.delete(req). The Map holds every request object, and its timing, for ever.
  if (served % 2000 === 0) console.log(`${served} requests, ${timings.size} timings held`);
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
