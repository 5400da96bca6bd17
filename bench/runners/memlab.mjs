// One timed run of memlab's full heap load (parse, dominators, retained sizes).
import { getFullHeapFromFile } from '@memlab/heap-analysis';

const file = process.argv[2];
const started = performance.now();
const heap = await getFullHeapFromFile(file);
const wallMs = performance.now() - started;
process.stdout.write(JSON.stringify({ wallMs, maxRssKb: process.resourceUsage().maxRSS, nodes: heap.nodes.length }) + '\n');
