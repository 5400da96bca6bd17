// Leak Lab, lesson 04 (CommonJS): a fast leak under a 64 MB heap cap, run to the end.
const http = require('node:http');
const { randomBytes } = require('node:crypto');

class RenderedPage {
  constructor(url, seq) {
    this.url = url;
    this.seq = seq;
    // 64 KB of markup per request: enough to reach a 64 MB heap within seconds.
    this.html = `<main data-seq="${seq}">${randomBytes(32 * 1024).toString('hex')}</main>`;
  }
}

// "Cache" every rendered page, keyed by a per-request id: nothing is ever looked up twice,
// nothing is ever removed.
const pageCache = new Map();
let served = 0;

const server = http.createServer((req, res) => {
  served += 1;
  pageCache.set(`${req.url}#${served}`, new RenderedPage(req.url, served));
  if (served % 250 === 0) console.log(`${served} requests, ${pageCache.size} pages cached`);
  res.end('ok\n');
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
