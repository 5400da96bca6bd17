// One timed run of Chrome DevTools' heap snapshot worker (heap-snapshot-toolkit's parse).
import { createReadStream } from 'node:fs';
import { parse } from 'heap-snapshot-toolkit';

const file = process.argv[2];
const started = performance.now();
const snapshot = await parse(createReadStream(file));
const wallMs = performance.now() - started;
process.stdout.write(JSON.stringify({ wallMs, maxRssKb: process.resourceUsage().maxRSS, nodes: snapshot.nodeCount }) + '\n');
