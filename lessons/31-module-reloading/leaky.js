// Leak Lab, lesson 31 (ES module): hot-reloading a module by importing it again under a new URL.
import http from 'node:http';
import { statSync, writeFileSync } from 'node:fs';

const RULES_FILE = new URL('./rules.mjs', import.meta.url);

// The price sync job: another team's job rewrites the discount rules five times a second (here
// a timer in this process does it). The rules are a module, so the file is code.
function writeRules(version) {
  const rules = [];
  for (let i = 0; i < 400; i++) {
    rules.push(`  new PriceRule('sku-${i}', ${i % 10}, ${(i + version) % 30}, '${'seasonal promotion '.repeat(8)}'),`);
  }
  writeFileSync(RULES_FILE, `// Written by the price sync job: version ${version}.
export class PriceRule {
  constructor(sku, minQuantity, discountPercent, note) {
    Object.assign(this, { sku, minQuantity, discountPercent, note });
  }
}
export const version = ${version};
export const rules = [
${rules.join('\n')}
];
`);
}
let version = 1;
writeRules(version);
setInterval(() => writeRules(++version), 200).unref();

// Reload the rules when the file changes, without a restart: look at its mtime every 200 ms.
// A new query string makes a new URL, so import() loads the edited file instead of returning
// the module it already has.
let current = await import(RULES_FILE.href);
let loadedMtimeMs = statSync(RULES_FILE).mtimeMs;
let reloads = 0;
setInterval(async () => {
  const { mtimeMs } = statSync(RULES_FILE);
  if (mtimeMs === loadedMtimeMs) return;
  loadedMtimeMs = mtimeMs;
  current = await import(`${RULES_FILE.href}?v=${mtimeMs}`);
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
