// Leak Lab, lesson 01 (CommonJS): a module-level array that only ever grows.
const http = require('node:http');
const { randomBytes } = require('node:crypto');

class AuditRecord {
  constructor(method, url, seq) {
    this.at = new Date().toISOString();
    this.method = method;
    this.url = url;
    this.seq = seq;
    // 2 KB of text made fresh for each request (a stand-in for headers, a body, a user agent),
    // so every record really costs about two kilobytes of heap.
    this.detail = randomBytes(1024).toString('hex');
  }
}

// Top-level, and used by the request handler below: the listening server keeps the handler, and
// the handler keeps this array. Nothing ever removes from it, so every record lives as long as the process.
const auditLog = [];
let served = 0;

const server = http.createServer((req, res) => {
  served += 1;
  auditLog.push(new AuditRecord(req.method, req.url, served));
  if (served % 5000 === 0) console.log(`${served} requests, ${auditLog.length} audit records kept`);
  res.end('ok\n');
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
