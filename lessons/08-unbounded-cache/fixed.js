// Leak Lab, lesson 08 (CommonJS): the same cache with lru-cache, bounded by count and by age.
const http = require('node:http');
const { randomBytes } = require('node:crypto');
const { LRUCache } = require('lru-cache');

class UserProfile {
  constructor(id) {
    this.id = id;
    this.name = `user ${id}`;
    this.preferences = randomBytes(1024).toString('hex');
  }
}

async function loadUser(id) {
  await new Promise((resolve) => setImmediate(resolve));
  return new UserProfile(id);
}

// At most 500 users (about 1.2 MB): when a 501st is added, the least recently used one is dropped
// and becomes garbage. max is the memory bound. ttl only stops get() from answering with an entry
// older than 5 minutes; without ttlAutopurge nothing deletes it before it is looked up or pushed out.
const cache = new LRUCache({ max: 500, ttl: 5 * 60_000 });
let served = 0;

const server = http.createServer(async (req, res) => {
  served += 1;
  const id = (served * 7919) % 1_000_000;
  let user = cache.get(id);
  if (!user) {
    user = await loadUser(id);
    cache.set(id, user);
  }
  if (served % 2000 === 0) console.log(`${served} requests, ${cache.size} cached users`);
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ id, name: user.name }));
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
