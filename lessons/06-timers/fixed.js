// Leak Lab, lesson 06 (CommonJS): the per-request interval is cleared when the response closes.
const http = require('node:http');
const { randomBytes } = require('node:crypto');

class PresenceWatch {
  constructor(userId) {
    this.userId = userId;
    this.lastSeen = Date.now();
    this.profile = randomBytes(1024).toString('hex');
  }
  refresh() {
    this.lastSeen = Date.now();
  }
}

let served = 0;

const server = http.createServer((req, res) => {
  served += 1;
  const watch = new PresenceWatch(`user-${served}`);
  const timer = setInterval(() => watch.refresh(), 30_000);
  // The timer lives exactly as long as the request it belongs to.
  res.once('close', () => clearInterval(timer));
  if (served % 2000 === 0) {
    const timers = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    console.log(`${served} requests, ${timers} active timers`);
  }
  res.end('ok\n');
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
