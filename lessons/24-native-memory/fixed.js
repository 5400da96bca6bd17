// Leak Lab, lesson 24 (CommonJS): each reply compressed on its own; no context outlives its call.
const http = require('node:http');
const zlib = require('node:zlib');

// One-shot compression: zlib allocates its state for the call and frees it before the call
// returns, so no zlib memory outlives a reply, whatever the number of devices. For a reply of a
// couple of kilobytes the synchronous call takes microseconds; for large bodies use the async
// zlib.deflateRaw (on the thread pool) or a stream.
let served = 0;

function scoresNow(seq) {
  const games = [];
  for (let g = 0; g < 20; g++) games.push({ game: g, home: (seq >> 4) % 7, away: g % 5, minute: seq % 90 });
  return JSON.stringify({ at: Date.now(), games });
}

const server = http.createServer((req, res) => {
  served += 1;
  const body = zlib.deflateRawSync(scoresNow(served));
  res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'deflate-raw' });
  res.end(body);
});

setInterval(() => {
  const { heapTotal, external, rss } = process.memoryUsage();
  const mb = (n) => `${(n / 1048576).toFixed(0)} MB`;
  // What V8 knows about (its heap, and the external memory reported to it) against what the
  // process holds. The difference is native memory that no JavaScript figure counts.
  console.log(`${served} requests, heapTotal ${mb(heapTotal)} + external ${mb(external)}, rss ${mb(rss)} (${mb(rss - heapTotal - external)} outside both)`);
}, 2000).unref();

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
