// Leak Lab, lesson 21 (CommonJS): a request-duration histogram labelled with the raw URL path.
const http = require('node:http');
const client = require('prom-client');

const duration = new client.Histogram({
  name: 'http_request_duration_seconds',
  help: 'Request duration by method, route and status',
  labelNames: ['method', 'route', 'status'],
  // 20 buckets from 0.5 ms to about 4 min: fine-grained, as latency dashboards like.
  buckets: client.exponentialBuckets(0.0005, 2, 20),
});
// The other two metrics most HTTP middleware exports, with the same labels.
const requests = new client.Counter({
  name: 'http_requests_total',
  help: 'Requests by method, route and status',
  labelNames: ['method', 'route', 'status'],
});
const responseSize = new client.Histogram({
  name: 'http_response_size_bytes',
  help: 'Response body size by method, route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: client.exponentialBuckets(64, 4, 8),
});

let served = 0;
const server = http.createServer(async (req, res) => {
  if (req.url === '/metrics') {
    res.setHeader('content-type', client.register.contentType);
    res.end(await client.register.metrics());
    return;
  }
  served += 1;
  const stopTimer = duration.startTimer();
  // The driver always asks for /orders; the order id spreads the requests over many orders,
  // as real traffic to /orders/:id does.
  const path = `/orders/${(served * 7919) % 1_000_000}`;
  const body = `order page for ${path}\n`;
  res.end(body);
  // Bug: the label is the concrete path, so every order id starts new time series in all three.
  const labels = { method: req.method, route: path, status: res.statusCode };
  stopTimer(labels);
  requests.inc(labels);
  responseSize.observe(labels, body.length);
  if (served % 2000 === 0) {
    const series = (await requests.get()).values.length;
    console.log(`${served} requests, ${series} label sets per metric`);
  }
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
