// Leak Lab, lesson 27 (CommonJS): the hub forgets a stream on 'close', and drops streams nobody reads.
const http = require('node:http');
const { randomBytes } = require('node:crypto');

const GAMES = 400;

// Who is watching: loaded when a stream connects.
class Viewer {
  constructor(streamId) {
    this.streamId = streamId;
    this.session = randomBytes(12 * 1024).toString('hex'); // 24 KB: the session, settings, history
    this.games = [0, 1, 2, 3, 4, 5].map((i) => (streamId * 31 + i * 67) % GAMES); // the six games it follows
  }
}

// One viewer following one game over one stream.
class Subscription {
  constructor(viewer, gameId, res) {
    this.viewer = viewer;
    this.gameId = gameId;
    this.res = res;
    this.eventsSent = 0;
  }
}

// A room per game: game id -> (stream id -> Subscription).
const rooms = new Map();

function join(subscription) {
  let room = rooms.get(subscription.gameId);
  if (!room) rooms.set(subscription.gameId, (room = new Map()));
  room.set(subscription.viewer.streamId, subscription);
}

function leave(streamId, games) {
  for (const gameId of games) {
    const room = rooms.get(gameId);
    if (!room) continue;
    room.delete(streamId);
    if (room.size === 0) rooms.delete(gameId);
  }
}

// Stands in for reading the viewer's session from the database: 20 to 200 ms.
function loadViewer(streamId) {
  return new Promise((resolve) => setTimeout(() => resolve(new Viewer(streamId)), 20 + ((streamId * 7919) % 180)));
}

// The server ends each stream after a while, and the browser's EventSource reconnects by itself:
// that spreads connections over the instances behind the load balancer. In production a stream
// lasts a minute or so; here 2 to 12 s.
function streamLifetimeMs(streamId) {
  return 2000 + ((streamId * 7919) % 10_000);
}

let nextStreamId = 0;

async function subscribe(req, res) {
  const streamId = ++nextStreamId;
  let games = [];
  let endTimer;
  // 'close' comes once for every way a stream ends: finished, failed, or the client went away.
  // Listen before the first await: a client can leave while its session is still loading.
  res.on('close', () => {
    clearTimeout(endTimer);
    leave(streamId, games);
  });
  const viewer = await loadViewer(streamId);
  if (res.destroyed) return; // gone already: nothing to join
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
  res.write(': connected\n\n');
  games = viewer.games;
  for (const gameId of games) join(new Subscription(viewer, gameId, res));
  endTimer = setTimeout(() => res.end(), streamLifetimeMs(streamId));
}

// A client that vanished without closing its connection (a phone that lost its network) sends
// no FIN, so 'close' would not come for many minutes. Its events pile up unsent instead: past
// 16 KB queued (about two seconds of odds), drop the stream. destroy() ends it, and 'close' above
// makes it leave its rooms; a client that is merely slow reconnects and gets fresh odds.
const MAX_QUEUED_BYTES = 16 * 1024;

// Ten updates a second: each game's odds, sent to everyone in its room.
function oddsEvent(gameId, seq) {
  const odds = { game: gameId, minute: seq % 90, home: ((gameId * seq) % 97) / 10, away: ((gameId + seq) % 89) / 10 };
  return `id: ${seq}\nevent: odds\ndata: ${JSON.stringify(odds)}\n\n`;
}

let seq = 0;
setInterval(() => {
  seq += 1;
  for (const [gameId, room] of rooms) {
    const event = oddsEvent(gameId, seq);
    for (const subscription of room.values()) {
      const { res } = subscription;
      if (res.writableEnded || res.destroyed) continue; // ended or dropped; 'close' is on its way
      if (res.writableLength > MAX_QUEUED_BYTES) {
        res.destroy();
        continue;
      }
      res.write(event);
      subscription.eventsSent += 1;
    }
  }
}, 100).unref();

// The app loads the card of each game on screen, then opens one stream for the updates.
function oddsCard(req, res) {
  const gameId = Number(req.url.slice('/odds/'.length)) % GAMES;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ game: gameId, minute: seq % 90, home: ((gameId * seq) % 97) / 10, away: ((gameId + seq) % 89) / 10 }));
}

const server = http.createServer((req, res) => {
  if (req.url === '/live') return subscribe(req, res);
  if (req.url.startsWith('/odds/')) return oddsCard(req, res);
  res.statusCode = 404;
  res.end();
});

setInterval(() => {
  let subscriptions = 0;
  for (const room of rooms.values()) subscriptions += room.size;
  console.log(`${nextStreamId} streams opened, ${subscriptions} subscriptions in ${rooms.size} rooms`);
}, 2000).unref();

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
