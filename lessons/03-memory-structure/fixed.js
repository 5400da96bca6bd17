// Leak Lab, lesson 03 (CommonJS): the same allocations, used for the response and then let go.
const http = require('node:http');
const { randomBytes } = require('node:crypto');

class Reading {
  constructor(seq) {
    this.seq = seq;
    this.at = Date.now();
    this.values = Array.from({ length: 64 }, (_, i) => seq * 0.5 + i);
    this.sensor = `sensor-${seq % 50}`;
  }
}

let served = 0;

const server = http.createServer((req, res) => {
  served += 1;
  let size = 0;
  // Each allocation lives only as long as this call: a local variable on the stack points at it,
  // and once the handler returns nothing does.
  if (req.url === '/objects') size = new Reading(served).values.length;
  else if (req.url === '/buffers') size = Buffer.alloc(4096, served % 256).length;
  else if (req.url === '/strings') size = randomBytes(1024).toString('hex').length;
  if (served % 3000 === 0) {
    const m = process.memoryUsage();
    const mb = (n) => (n / 1e6).toFixed(1);
    console.log(`${served} requests: heapUsed ${mb(m.heapUsed)} MB, external ${mb(m.external)} MB, arrayBuffers ${mb(m.arrayBuffers)} MB, rss ${mb(m.rss)} MB`);
  }
  res.end(`made ${size}\n`);
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
