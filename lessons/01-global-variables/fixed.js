// Leak Lab, lesson 01 (CommonJS): the same audit log, bounded to the last 100 records.
const http = require('node:http');
const { randomBytes } = require('node:crypto');

class AuditRecord {
  constructor(method, url, seq) {
    this.at = new Date().toISOString();
    this.method = method;
    this.url = url;
    this.seq = seq;
    this.detail = randomBytes(1024).toString('hex');
  }
}

const KEEP = 100;
const auditLog = [];
let served = 0;

const server = http.createServer((req, res) => {
  served += 1;
  auditLog.push(new AuditRecord(req.method, req.url, served));
  // The removal path: once past the bound, the oldest record becomes unreachable.
  if (auditLog.length > KEEP) auditLog.shift();
  if (served % 5000 === 0) console.log(`${served} requests, ${auditLog.length} audit records kept`);
  res.end('ok\n');
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
