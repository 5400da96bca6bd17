// Leak Lab, lesson 03 (CommonJS): three paths keep three kinds of memory.
const http = require('node:http');
const { randomBytes } = require('node:crypto');

class Reading {
  constructor(seq) {
    this.seq = seq;
    this.at = Date.now();
    // 64 small numbers in a plain array: JS objects on the V8 heap (heapUsed).
    this.values = Array.from({ length: 64 }, (_, i) => seq * 0.5 + i);
    this.sensor = `sensor-${seq % 50}`;
  }
}

const kept = { objects: [], buffers: [], strings: [] };
let served = 0;

const server = http.createServer((req, res) => {
  served += 1;
  if (req.url === '/objects') {
    kept.objects.push(new Reading(served));
  } else if (req.url === '/buffers') {
    // 4 KB of bytes outside the V8 heap: counted in external and arrayBuffers, not heapUsed.
    kept.buffers.push(Buffer.alloc(4096, served % 256));
  } else if (req.url === '/strings') {
    // 2 KB of text: strings live on the V8 heap (heapUsed).
    kept.strings.push(randomBytes(1024).toString('hex'));
  }
  if (served % 3000 === 0) {
    const m = process.memoryUsage();
    const mb = (n) => (n / 1e6).toFixed(1);
    console.log(`${served} requests: heapUsed ${mb(m.heapUsed)} MB, external ${mb(m.external)} MB, arrayBuffers ${mb(m.arrayBuffers)} MB, rss ${mb(m.rss)} MB`);
  }
  res.end('ok\n');
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
