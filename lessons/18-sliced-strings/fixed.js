// Leak Lab, lesson 18 (CommonJS): the title is copied into a string of its own before it is kept.
const http = require('node:http');
const { randomBytes } = require('node:crypto');
const { LRUCache } = require('lru-cache');

function fetchProductPage(id) {
  return `<html><title>Product ${String(id).padStart(7, '0')}!!!!!!</title><body>${randomBytes(8 * 1024).toString('hex')}</body></html>`;
}

function extractTitle(html) {
  const start = html.indexOf('<title>') + '<title>'.length;
  const title = html.slice(start, html.indexOf('</title>', start));
  // structuredClone serializes and rebuilds the string, so the copy has its own characters
  // and no pointer back into `html`. The page becomes garbage as soon as this returns.
  return structuredClone(title);
}

// Bounded by what it holds, not by how many: 16,000 characters of titles (about 760 of them).
// With the copy above, the characters counted are the characters kept.
const titles = new LRUCache({ maxSize: 16_000, sizeCalculation: (title) => title.length });
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
