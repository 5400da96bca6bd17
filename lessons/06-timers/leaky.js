// Leak Lab, lesson 06 (CommonJS): a setInterval started per request and never cleared.
const http = require('node:http');
const { randomBytes } = require('node:crypto');

class PresenceWatch {
  constructor(userId) {
    this.userId = userId;
    this.lastSeen = Date.now();
    this.profile = randomBytes(1024).toString('hex'); // 2 KB per request
  }
  refresh() {
    this.lastSeen = Date.now();
  }
}

let served = 0;

const server = http.createServer((req, res) => {
  served += 1;
  const watch = new PresenceWatch(`user-${served}`);
  // Bug: nobody keeps the id, so nobody can ever call clearInterval.
  setInterval(() => watch.refresh(), 30_000);
  if (served % 2000 === 0) {
    const timers = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    console.log(`${served} requests, ${timers} active timers`);
  }
  res.end('ok\n');
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
