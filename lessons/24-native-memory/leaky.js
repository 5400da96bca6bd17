// Leak Lab, lesson 24 (CommonJS): a compression context per device, kept for ever.
const http = require('node:http');
const zlib = require('node:zlib');

// Each device polls for the latest scores. Its JSON barely changes between polls, so the server
// keeps one deflate stream per device: with the earlier polls in its window, the next one
// compresses to a few bytes (WebSocket's permessage-deflate does the same per connection).
const contexts = new Map();
let served = 0;

function compressFor(deviceId, text) {
  let entry = contexts.get(deviceId);
  if (!entry) {
    entry = { deflate: zlib.createDeflateRaw(), done: Promise.resolve() };
    contexts.set(deviceId, entry);
  }
  // One compression at a time per context, so one reply's bytes never mix with the next one's.
  entry.done = entry.done.catch(() => {}).then(() => deflateChunk(entry.deflate, text));
  return entry.done;
}

function deflateChunk(deflate, text) {
  return new Promise((resolve, reject) => {
    deflate.once('error', reject);
    deflate.write(text);
    deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      deflate.off('error', reject);
      const chunks = [];
      let chunk;
      while ((chunk = deflate.read()) !== null) chunks.push(chunk);
      resolve(Buffer.concat(chunks));
    });
  });
}

function scoresNow(seq) {
  const games = [];
  for (let g = 0; g < 20; g++) games.push({ game: g, home: (seq >> 4) % 7, away: g % 5, minute: seq % 90 });
  return JSON.stringify({ at: Date.now(), games });
}

const server = http.createServer(async (req, res) => {
  served += 1;
  // A device polls five times, then a new one shows up (phones come and go all day).
  const deviceId = `device-${Math.floor(served / 5)}`;
  const body = await compressFor(deviceId, scoresNow(served));
  res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'deflate-raw' });
  res.end(body);
});

setInterval(() => {
  const { heapTotal, external, rss } = process.memoryUsage();
  const mb = (n) => `${(n / 1048576).toFixed(0)} MB`;
  // What V8 knows about (its heap, and the external memory reported to it) against what the
  // process holds. The difference is native memory that no JavaScript figure counts.
  console.log(`${served} requests, ${contexts.size} contexts; heapTotal ${mb(heapTotal)} + external ${mb(external)}, rss ${mb(rss)} (${mb(rss - heapTotal - external)} outside both)`);
}, 2000).unref();

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
