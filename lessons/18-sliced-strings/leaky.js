// Leak Lab, lesson 18 (CommonJS): a 21-character title that keeps a 16 KB page alive.
const http = require('node:http');
const { randomBytes } = require('node:crypto');
const { LRUCache } = require('lru-cache');

// Stands in for fetching a product page from another service: 16 KB of fresh HTML each time.
function fetchProductPage(id) {
  return `<html><title>Product ${String(id).padStart(7, '0')}!!!!!!</title><body>${randomBytes(8 * 1024).toString('hex')}</body></html>`;
}

function extractTitle(html) {
  const start = html.indexOf('<title>') + '<title>'.length;
  return html.slice(start, html.indexOf('</title>', start)); // a *sliced string*: parent + offset + length
}

// Titles by product id, bounded to 50,000 entries: about 3 MB of titles, or so it seems.
const titles = new LRUCache({ max: 50_000 });
let served = 0;

const server = http.createServer((req, res) => {
  served += 1;
  const id = (served * 7919) % 1_000_000;
  let title = titles.get(id);
  if (title === undefined) {
    title = extractTitle(fetchProductPage(id));
    titles.set(id, title);
  }
  if (served % 2000 === 0) console.log(`${served} requests, ${titles.size} titles cached`);
  res.end(`${title}\n`);
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
