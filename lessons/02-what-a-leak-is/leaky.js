// Leak Lab, lesson 02 (CommonJS): one reference from a root keeps a whole chain alive.
const http = require('node:http');
const { randomBytes } = require('node:crypto');
const v8 = require('node:v8');

class Visit {
  constructor(url, previous) {
    this.url = url;
    this.at = Date.now();
    this.fingerprint = randomBytes(1024).toString('hex'); // 2 KB made per request
    this.previous = previous; // the link that keeps every older visit reachable
  }
}

// Count how many Visit objects the garbage collector has actually freed.
let created = 0;
let collected = 0;
const freed = new FinalizationRegistry(() => { collected += 1; });

// Used by the request handler, which the server keeps, so it lives as long as the server does.
// It points at the newest visit, and each visit points at the one before.
let lastVisit = null;

function oldSpaceMb() {
  const old = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space');
  return (old.space_used_size / 1e6).toFixed(1);
}

const server = http.createServer((req, res) => {
  const visit = new Visit(req.url, lastVisit);
  freed.register(visit, null);
  created += 1;
  lastVisit = visit;
  if (created % 2000 === 0) {
    console.log(`visits created ${created}, collected ${collected}, old space ${oldSpaceMb()} MB`);
  }
  res.end('ok\n');
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
