// Leak Lab, lesson 10 (CommonJS): pipeline() ends the socket when the data is written and destroys it
// on error; a deadline destroys it if the collector never closes its side.
const http = require('node:http');
const net = require('node:net');
const { Readable } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const { randomBytes } = require('node:crypto');

let bytesCollected = 0;
const collector = net.createServer((socket) => {
  socket.on('data', (chunk) => { bytesCollected += chunk.length; });
});

class AuditLine {
  constructor(req, seq) {
    this.text = `${seq} ${req.method} ${req.url} ${randomBytes(1024).toString('hex')}\n`;
  }
}

let served = 0;
let auditFailures = 0;

const server = http.createServer((req, res) => {
  served += 1;
  const line = new AuditLine(req, served);
  const upstream = net.connect(collector.address().port, '127.0.0.1');
  // A deadline: a socket idle for 5 s is destroyed, whatever the peer does. Ending our side (below)
  // closes the socket only when the peer ends its side too.
  upstream.setTimeout(5_000, () => upstream.destroy());
  // pipeline ends `upstream` once the source is done (a FIN; this collector answers with its own),
  // and destroys both streams if either fails, a refused connection included.
  pipeline(Readable.from([line.text]), upstream).catch(() => { auditFailures += 1; });
  if (served % 2000 === 0) {
    console.log(`${served} requests, ${process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length} open sockets, ${bytesCollected} bytes collected, ${auditFailures} failures`);
  }
  res.end('ok\n');
});

collector.listen(0, '127.0.0.1', () => {
  server.listen(Number(process.env.PORT) || 3000, () => {
    console.log(`listening on :${server.address().port}`);
  });
});
