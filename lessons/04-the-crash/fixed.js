// Leak Lab, lesson 04 (CommonJS): the same pages, with at most 100 kept (about 6.5 MB).
const http = require('node:http');
const { randomBytes } = require('node:crypto');

class RenderedPage {
  constructor(url, seq) {
    this.url = url;
    this.seq = seq;
    this.html = `<main data-seq="${seq}">${randomBytes(32 * 1024).toString('hex')}</main>`;
  }
}

const MAX_PAGES = 100;
const pageCache = new Map();
let served = 0;

const server = http.createServer((req, res) => {
  served += 1;
  pageCache.set(`${req.url}#${served}`, new RenderedPage(req.url, served));
  // A Map iterates in insertion order, so the first key is the oldest page.
  if (pageCache.size > MAX_PAGES) pageCache.delete(pageCache.keys().next().value);
  if (served % 250 === 0) console.log(`${served} requests, ${pageCache.size} pages cached`);
  res.end('ok\n');
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
