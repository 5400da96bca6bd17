// Leak Lab, lesson 17 (CommonJS): respecting backpressure; entries beyond the buffer are counted, not queued.
const http = require('node:http');
const { Writable } = require('node:stream');

class AnalyticsEvent {
  constructor(req, seq) {
    this.seq = seq;
    this.bytes = Buffer.alloc(4096, `${seq} ${req.method} ${req.url}\n`);
  }
}

const analyticsSink = new Writable({
  objectMode: true,
  highWaterMark: 16,
  write(entry, _encoding, done) {
    setTimeout(done, 20);
  },
});

let served = 0;
let dropped = 0;
const server = http.createServer((req, res) => {
  served += 1;
  if (analyticsSink.writableNeedDrain) {
    // The sink is full: don't make its queue longer. Count what we shed, so the loss is visible.
    dropped += 1;
  } else {
    analyticsSink.write(new AnalyticsEvent(req, served));
  }
  if (served % 2000 === 0) console.log(`${served} requests, ${analyticsSink.writableLength} entries queued, ${dropped} dropped`);
  res.end('ok\n');
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
