// Leak Lab, lesson 07 (CommonJS): closures that keep more than they use.
const http = require('node:http');
const { randomBytes } = require('node:crypto');

class PriceTable {
  constructor(version) {
    this.version = version;
    this.rows = randomBytes(1024).toString('hex'); // 2 KB: the "big outer-scope data"
  }
}

// The server holds only the newest table and one function that formats prices.
let current = null;
let served = 0;

function reloadPrices() {
  const previous = current;
  const table = new PriceTable(served);
  // Never called after the reload, and it uses `previous`. V8 gives all closures made in
  // one scope a single shared context, so `previous` goes into that context...
  const logChange = () => console.log(`prices ${previous && previous.version} -> ${table.version}`);
  if (served < 0) logChange();
  current = {
    table,
    // ...and this closure, which only reads `table`, holds the same context. So it keeps
    // `previous` alive, and that table's formatter keeps *its* previous, and so on.
    format: (cents) => `${(cents / 100).toFixed(2)} (v${table.version})`,
  };
}

const server = http.createServer((req, res) => {
  served += 1;
  reloadPrices(); // prices reload on every request here, to make a slow leak quick
  if (served % 2000 === 0) console.log(`${served} requests, price table v${current.table.version}`);
  res.end(current.format(served) + '\n');
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
