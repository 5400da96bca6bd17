// Leak Lab, lesson 28 (CommonJS): the last 200 errors, kept as plain records.
const http = require('node:http');
const { randomBytes } = require('node:crypto');

class ImportJob {
  constructor(seq) {
    this.seq = seq;
    // The uploaded rows this job checks: 200 rows, about 40 KB.
    this.rows = Array.from({ length: 200 }, (_, i) => ({ line: i + 1, text: randomBytes(100).toString('hex') }));
  }

  validate() {
    for (const row of this.rows) this.checkRow(row);
  }

  checkRow(row) {
    // One upload in four has a bad line.
    if (this.seq % 4 === 0 && row.line === 150) throw new RangeError(`line ${row.line}: amount out of range`);
  }
}

// Recent failures, for GET /debug/errors. Bounded by what they cost: a record is about 700 bytes
// (mostly its stack string), and the page shows 20, so 200 is plenty. 5,000 would be 3.5 MB: fine
// in production, but filling for 100 s at this run's error rate, which looks like a leak here.
const RECENT_LIMIT = 200;
const recentErrors = [];
let served = 0;
let failed = 0;

// Keep what the page shows, not the Error: reading err.stack turns V8's captured frames into a
// string and lets go of the objects they pointed at.
function remember(err) {
  recentErrors.push({ name: err.name, message: err.message, stack: err.stack, atMs: Date.now() });
  if (recentErrors.length > RECENT_LIMIT) recentErrors.shift();
}

const server = http.createServer((req, res) => {
  if (req.url === '/debug/errors') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(recentErrors.slice(-20).map((e) => ({ message: e.message, stack: e.stack }))));
    return;
  }
  served += 1;
  const job = new ImportJob(served);
  try {
    job.validate();
    res.end('imported\n');
  } catch (err) {
    failed += 1;
    remember(err);
    res.statusCode = 422;
    res.end(`${err.message}\n`);
  }
});

setInterval(() => console.log(`${served} imports, ${failed} failed, ${recentErrors.length} errors kept`), 2000).unref();

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
