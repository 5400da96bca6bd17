// Leak Lab, lesson 22 (ES module): the same self-audit, plus two figures a long-running service
// should watch: the memory no JS figure accounts for, and how late the event loop runs.
// Not a server, and no leak to fix: this page's "fix" is the longer audit.
import v8 from 'node:v8';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
const m = process.memoryUsage();
const limit = v8.getHeapStatistics().heap_size_limit;

console.log(`heapUsed ${mb(m.heapUsed)} of a ${mb(limit)} limit (${((m.heapUsed / limit) * 100).toFixed(1)}%)`);
console.log(`external ${mb(m.external)}, arrayBuffers ${mb(m.arrayBuffers)}, rss ${mb(m.rss)}`);
// rss that neither the heap nor external explains: code, stacks, and native memory nobody reports.
// A gap that keeps growing points at a native leak (lesson 03).
console.log(`rss not explained by heapTotal + external: ${mb(m.rss - m.heapTotal - m.external)}`);
console.log(`active resources: ${process.getActiveResourcesInfo().join(', ') || 'none'}`);

// A heap near its limit makes every full collection longer, and the event loop later (lesson 04).
// Measured over one second, after start-up's own work is done.
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
setTimeout(() => delay.reset(), 100);
setTimeout(() => {
  delay.disable();
  console.log(`event loop delay over 1 s: p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`);
}, 1100);
