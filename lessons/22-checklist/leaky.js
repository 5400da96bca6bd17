// Leak Lab, lesson 22 (ES module): a quick self-audit you can add to any service's debug endpoint.
// Not a server: it reports what would keep this process alive and how much heap it holds.
import v8 from 'node:v8';

const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
const m = process.memoryUsage();
const limit = v8.getHeapStatistics().heap_size_limit;

console.log(`heapUsed ${mb(m.heapUsed)} of a ${mb(limit)} limit (${((m.heapUsed / limit) * 100).toFixed(1)}%)`);
console.log(`external ${mb(m.external)}, arrayBuffers ${mb(m.arrayBuffers)}, rss ${mb(m.rss)}`);
console.log(`active resources: ${process.getActiveResourcesInfo().join(', ') || 'none'}`);
