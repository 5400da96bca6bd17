// Leak Lab, lesson 08 (CommonJS): a plain object used as a cache, with no size limit and no expiry.
const http = require('node:http');
const { randomBytes } = require('node:crypto');

class UserProfile {
  constructor(id) {
    this.id = id;
    this.name = `user ${id}`;
    this.preferences = randomBytes(1024).toString('hex'); // 2 KB, as if loaded from a database
  }
}

async function loadUser(id) {
  await new Promise((resolve) => setImmediate(resolve)); // stands in for a database round trip
  return new UserProfile(id);
}

// Any id ever asked for stays here for ever.
const cache = {};
let served = 0;

const server = http.createServer(async (req, res) => {
  served += 1;
  // The driver always requests /user; the id spreads requests over a million users, as real
  // traffic does, so almost every request is a cache miss that adds a new entry.
  const id = (served * 7919) % 1_000_000;
  cache[id] ??= await loadUser(id);
  if (served % 2000 === 0) console.log(`${served} requests, ${Object.keys(cache).length} cached users`);
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ id, name: cache[id].name }));
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
