// Writes a heap snapshot of about the requested size, with the shapes real leaks have: class
// instances in arrays, Maps of sessions, closures holding context, strings and nested objects.
//   node --max-old-space-size=8192 bench/make-snapshot.ts <megabytes> <out.heapsnapshot>
import { writeHeapSnapshot } from 'node:v8';
import { statSync } from 'node:fs';

const targetMb = Number(process.argv[2]);
const out = process.argv[3];
if (!(targetMb > 0) || !out) {
  console.error('usage: node bench/make-snapshot.ts <megabytes> <out.heapsnapshot>');
  process.exit(2);
}

class Order { id: number; customer: { name: string; tags: string[] }; lines: number[]; constructor(id: number) { this.id = id; this.customer = { name: `customer-${id % 5000}`, tags: ['a', `t${id % 97}`] }; this.lines = [id, id + 1, id + 2]; } }
class Session { user: string; seen: number; constructor(user: string) { this.user = user; this.seen = Date.now(); } }

// Measured on Node 24: one batch of 1000 of each kind writes about 0.73 MB of snapshot.
const BYTES_PER_BATCH = 0.73 * 1024 * 1024;
const batches = Math.max(1, Math.round((targetMb * 1024 * 1024 - 5e6) / BYTES_PER_BATCH));
const keep: unknown[] = [];
const sessions = new Map<number, Session>();
for (let b = 0; b < batches; b++) {
  const orders: Order[] = [];
  for (let i = 0; i < 1000; i++) {
    const id = b * 1000 + i;
    orders.push(new Order(id));
    sessions.set(id, new Session(`u${id}`));
  }
  const handlers = orders.slice(0, 50).map((order) => () => order.id);
  keep.push(orders, handlers, { batch: b, label: `batch ${b}`, created: new Date(b) });
}
(globalThis as Record<string, unknown>).keep = keep;
(globalThis as Record<string, unknown>).sessions = sessions;
writeHeapSnapshot(out);
console.log(`${out}: ${(statSync(out).size / 1e6).toFixed(1)} MB`);
