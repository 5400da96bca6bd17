// Leak Lab, lesson 31 (ES module): the rules are data, read again when the file changes.
import http from 'node:http';
import { readFileSync, statSync, writeFileSync } from 'node:fs';

const RULES_FILE = new URL('./rules.json', import.meta.url);

class PriceRule {
  constructor({ sku, minQuantity, discountPercent, note }) {
    Object.assign(this, { sku, minQuantity, discountPercent, note });
  }
}

// The price sync job: another team's job rewrites the discount rules five times a second (here
// a timer in this process does it). The rules are JSON: data, not code.
function writeRules(version) {
  const rules = [];
  for (let i = 0; i < 400; i++) {
    rules.push({ sku: `sku-${i}`, minQuantity: i % 10, discountPercent: (i + version) % 30, note: 'seasonal promotion '.repeat(8) });
  }
  writeFileSync(RULES_FILE, JSON.stringify({ version, rules }));
}
let version = 1;
writeRules(version);
setInterval(() => writeRules(++version), 200).unref();

// Reload when the file changes: look at its mtime every 200 ms. The old rules are ordinary
// objects: once `current` points at the new ones, nothing refers to the old ones and the next
// collection frees them.
function readRules() {
  const parsed = JSON.parse(readFileSync(RULES_FILE, 'utf8'));
  return { version: parsed.version, rules: parsed.rules.map((r) => new PriceRule(r)) };
}
let current = readRules();
let loadedMtimeMs = statSync(RULES_FILE).mtimeMs;
let reloads = 0;
setInterval(() => {
  const { mtimeMs } = statSync(RULES_FILE);
  if (mtimeMs === loadedMtimeMs) return;
  loadedMtimeMs = mtimeMs;
  current = readRules();
  reloads += 1;
}, 200).unref();

let served = 0;
const server = http.createServer((req, res) => {
  served += 1;
  const { rules, version: rulesVersion } = current;
  const sku = `sku-${served % 400}`;
  const quantity = 1 + (served % 12);
  const rule = rules.find((r) => r.sku === sku);
  const discountPercent = rule && quantity >= rule.minQuantity ? rule.discountPercent : 0;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ sku, quantity, discountPercent, rulesVersion }));
});

setInterval(() => console.log(`${served} requests, rules reloaded ${reloads} times`), 2000).unref();

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
