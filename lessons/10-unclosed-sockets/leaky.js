// Leak Lab, lesson 10 (CommonJS): a socket opened per request and never closed.
const http = require('node:http');
const net = require('node:net');
const { randomBytes } = require('node:crypto');

// An audit collector in the same process, standing in for a log shipper or a metrics agent.
let bytesCollected = 0;
const collector = net.createServer((socket) => {
  socket.on('data', (chunk) => { bytesCollected += chunk.length; });
});

class AuditLine {
  constructor(req, seq) {
    this.text = `${seq} ${req.method} ${req.url} ${randomBytes(1024).toString('hex')}\n`; // 2 KB
  }
}

let served = 0;

const server = http.createServer((req, res) => {
  served += 1;
  const line = new AuditLine(req, served);
  const upstream = net.connect(collector.address().port, '127.0.0.1');
  upstream.write(line.text);
  // Bug: no end(), no destroy(). The socket stays open, and so does the collector's end of it.
  if (served % 2000 === 0) {
    console.log(`${served} requests, ${process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length} open sockets, ${bytesCollected} bytes collected`);
  }
  res.end('ok\n');
});

collector.listen(0, '127.0.0.1', () => {
  server.listen(Number(process.env.PORT) || 3000, () => {
    console.log(`listening on :${server.address().port}`);
  });
});
