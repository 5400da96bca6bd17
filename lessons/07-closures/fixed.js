// Leak Lab, lesson 07 (CommonJS): capture only what each closure needs.
const http = require('node:http');
const { randomBytes } = require('node:crypto');

class PriceTable {
  constructor(version) {
    this.version = version;
    this.rows = randomBytes(1024).toString('hex');
  }
}

let current = null;
let served = 0;

function reloadPrices() {
  // Copy the one number the log line needs; no closure here can reach the old table.
  const previousVersion = current ? current.table.version : null;
  const table = new PriceTable(served);
  const logChange = () => console.log(`prices ${previousVersion} -> ${table.version}`);
  if (served < 0) logChange();
  current = {
    table,
    format: (cents) => `${(cents / 100).toFixed(2)} (v${table.version})`,
  };
}

const server = http.createServer((req, res) => {
  served += 1;
  reloadPrices();
  if (served % 2000 === 0) console.log(`${served} requests, price table v${current.table.version}`);
  res.end(current.format(served) + '\n');
});

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
