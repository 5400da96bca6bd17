// Leak Lab, lesson 09 (CommonJS): the connection goes back to the pool in `finally`.
const http = require('node:http');
const { DatabaseSync } = require('node:sqlite');
const { setImmediate: nextTurn } = require('node:timers/promises');
const { randomBytes } = require('node:crypto');
const genericPool = require('generic-pool');

const DB_FILE = 'shop.db';

const setup = new DatabaseSync(DB_FILE);
setup.exec(`CREATE TABLE IF NOT EXISTS products (id INTEGER PRIMARY KEY, name TEXT, cents INTEGER);
  DELETE FROM products;`);
const insert = setup.prepare('INSERT INTO products (name, cents) VALUES (?, ?)');
for (let i = 1; i <= 200; i++) insert.run(`product ${i}`, i * 99);
setup.close();

const pool = genericPool.createPool({
  create: async () => new DatabaseSync(DB_FILE, { readOnly: true }),
  destroy: async (db) => db.close(),
}, {
  max: 10,
  // If the pool is ever exhausted anyway, fail the request after 2 s instead of queueing for ever.
  acquireTimeoutMillis: 2000,
});

class ProductQuery {
  constructor(req, seq) {
    this.url = req.url;
    this.seq = seq;
    this.body = randomBytes(4 * 1024).toString('hex');
  }
}

let served = 0;
let answered = 0;

const server = http.createServer(async (req, res) => {
  served += 1;
  const query = new ProductQuery(req, served);
  let db;
  try {
    db = await pool.acquire();
    await nextTurn();
    const rows = db.prepare('SELECT id, name, cents FROM products WHERE id % 20 = ?').all(query.seq % 20);
    answered += 1;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(rows));
  } catch (err) {
    // A timed-out acquire means the pool is busy: try again later. Anything else is a real failure.
    const isBusy = err.name === 'TimeoutError';
    res.statusCode = isBusy ? 503 : 500;
    res.end(isBusy ? `database busy: ${err.message}\n` : `query failed: ${err.message}\n`);
  } finally {
    // Runs on success, on a thrown query error and on an early return alike.
    if (db) await pool.release(db);
  }
});

setInterval(() => {
  console.log(`received ${served}, answered ${answered}, pool: ${pool.borrowed} borrowed, ${pool.pending} waiting`);
}, 2000).unref();

// Like a proxy in front of it, the server drops a connection after 1 s without a response.
// That ends the socket, but not the handler still waiting inside it.
server.setTimeout(1000);

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
