// Leak Lab, lesson 17 (CommonJS): writing to a slow stream and ignoring write()'s return value.
const http = require('node:http');
const { Writable } = require('node:stream');

class AnalyticsEvent {
  constructor(req, seq) {
    this.seq = seq;
    // 4 KB of bytes outside the V8 heap: a serialized event, say. Buffer.alloc of this size
    // gets its own ArrayBuffer, so it counts in arrayBuffers.
    this.bytes = Buffer.alloc(4096, `${seq} ${req.method} ${req.url}\n`);
  }
}

// A sink that accepts 50 entries a second, like a remote analytics endpoint under load.
const analyticsSink = new Writable({
  objectMode: true,
  highWaterMark: 16,
  write(entry, _encoding, done) {
    setTimeout(done, 20);
  },
});

let served = 0;
const server = http.createServer((req, res) => {
  served += 1;
  // Bug: write() returns false once 16 entries are waiting, and the entry is queued anyway.
  analyticsSink.write(new AnalyticsEvent(req, served));
  if (served % 2000 === 0) console.log(`${served} requests, ${analyticsSink.writableLength} entries queued`);
  res.end('ok\n');
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
