// Leak Lab, lesson 26 (CommonJS): each tenant's schema compiled once, at startup.
const http = require('node:http');
const { randomBytes } = require('node:crypto');
const { setImmediate: nextTurn } = require('node:timers/promises');
const Ajv = require('ajv');
const DataLoader = require('dataloader');

const ajv = new Ajv({ allErrors: true });

// Fifty tenants, each with its own order limit.
const tenants = Array.from({ length: 50 }, (_, i) => ({ id: `tenant-${i}`, maxQuantity: 10 + (i % 5) * 10 }));

// The order schema depends on the tenant, so it is built from the tenant's settings.
function orderSchema(tenant) {
  return {
    type: 'object',
    required: ['sku', 'quantity', 'productIds'],
    properties: {
      sku: { type: 'string', pattern: '^[A-Z]{3}-\\d{4}$' },
      quantity: { type: 'integer', minimum: 1, maximum: tenant.maxQuantity },
      note: { type: 'string', maxLength: 200 },
      productIds: { type: 'array', items: { type: 'integer' }, maxItems: 10 },
    },
    additionalProperties: false,
  };
}

class Product {
  constructor(id) {
    this.id = id;
    this.name = `product ${id}`;
    this.details = randomBytes(512).toString('hex'); // 1 KB, as if read from the database
  }
}

// One query for all the products a request asks for, batched by DataLoader.
async function loadProducts(ids) {
  await nextTurn(); // stands in for the database round trip
  return ids.map((id) => new Product(id));
}

// Compiled once per tenant, when the process starts: 50 validators, whatever the traffic.
const validators = new Map(tenants.map((tenant) => [tenant.id, ajv.compile(orderSchema(tenant))]));

let served = 0;
const server = http.createServer(async (req, res) => {
  served += 1;
  const tenant = tenants[served % tenants.length];
  const order = {
    sku: `ABC-${String(served % 10000).padStart(4, '0')}`,
    quantity: Number(new URL(req.url, 'http://orders.local').searchParams.get('quantity')) || 1 + (served % 30),
    productIds: [1, 2, 3].map((n) => (served * 7919 + n) % 1_000_000),
  };
  const validate = validators.get(tenant.id);
  if (!validate(order)) {
    res.statusCode = 422;
    res.end(`${validate.errors[0].instancePath} ${validate.errors[0].message}\n`);
    return;
  }
  // A loader per request: it batches and caches this request's lookups, then goes with it.
  const products = new DataLoader(loadProducts);
  const items = await Promise.all(order.productIds.map((id) => products.load(id)));
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ sku: order.sku, items: items.map((p) => p.name) }));
});

setInterval(() => console.log(`${served} requests`), 2000).unref();

server.listen(Number(process.env.PORT) || 3000, () => {
  console.log(`listening on :${server.address().port}`);
});
