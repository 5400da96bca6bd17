// Leak Lab, lesson 19 (ES module): the same side data in a WeakMap, which lets go when `req` does.
import http from 'node:http';
import { randomBytes } from 'node:crypto';

class RequestTiming {
  constructor(req) {
    this.startedAt = performance.now();
    this.route = req.url;
    this.trace = randomBytes(1024).toString('hex');
  }
}

// A WeakMap entry lives only as long as its key is reachable from somewhere else.
const timings = new WeakMap();

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
  // A WeakMap has no size; that is the point. Nothing here can tell how many are held.
  if (served % 2000 === 0) console.log(`${served} requests`);
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
