// Leak Lab, lesson 14 (CommonJS): recoverable errors are recorded for a debug page.
const http = require('node:http');
const v8 = require('node:v8');
const { randomBytes } = require('node:crypto');
const client = require('prom-client');

// Process metrics (heap, RSS, event loop lag, GC) for Prometheus, plus the heap limit to alert against.
client.collectDefaultMetrics();
new client.Gauge({
  name: 'app_heap_size_limit_bytes', // our own metric: our prefix, not prom-client's nodejs_
  help: 'V8 heap size limit (--max-old-space-size or the default)',
  collect() { this.set(v8.getHeapStatistics().heap_size_limit); },
});

class RequestError extends Error {
  constructor(message, req) {
    super(message);
    this.name = 'RequestError';
    this.url = req.url;
    this.headers = JSON.stringify(req.headers);
    this.requestBody = randomBytes(1024).toString('hex'); // 2 KB of context for debugging
  }
}

const recentErrors = [];
let served = 0;

const server = http.createServer(async (req, res) => {
  if (req.url === '/metrics') {
    res.setHeader('content-type', client.register.contentType);
    res.end(await client.register.metrics());
    return;
  }
  served += 1;
  if (!req.headers['x-api-version']) {
    // Lenient: answer with the default version, but record the problem for the debug page.
    recentErrors.push(new RequestError('missing x-api-version, assuming 1', req));
  }
  if (served % 2000 === 0) console.log(`${served} requests, ${recentErrors.length} errors kept`);
  res.end('ok\n');
});

server.listen(Number(process.env.PORT ?? 3000), () => {
  console.log(`listening on :${server.address().port}`);
});

// Exported so a test can start the server in-process and count objects (see the lesson).
module.exports = { server, RequestError };
