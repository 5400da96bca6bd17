// Leak Lab, lesson 02 (CommonJS): the root still points at the newest visit, but the chain is cut.
const http = require('node:http');
const { randomBytes } = require('node:crypto');
const v8 = require('node:v8');

class Visit {
  constructor(url, previousUrl) {
    this.url = url;
    this.at = Date.now();
    this.fingerprint = randomBytes(1024).toString('hex');
    this.previousUrl = previousUrl; // a copy of what we need, not a reference to the old object
  }
}

let created = 0;
let collected = 0;
const freed = new FinalizationRegistry(() => { collected += 1; });

let lastVisit = null;

function oldSpaceMb() {
  const old = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space');
  return (old.space_used_size / 1e6).toFixed(1);
}

const server = http.createServer((req, res) => {
  const visit = new Visit(req.url, lastVisit ? lastVisit.url : null);
  freed.register(visit, null);
  created += 1;
  lastVisit = visit; // the previous Visit is now unreachable, so the next GC frees it
  if (created % 2000 === 0) {
    console.log(`visits created ${created}, collected ${collected}, old space ${oldSpaceMb()} MB`);
  }
  res.end('ok\n');
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
