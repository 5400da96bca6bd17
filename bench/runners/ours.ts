// One timed run of Leak Lab's analyzer: open (parse, dominators, retained sizes) and summarize.
import { openSnapshotFile, summarize } from '../../src/analyzer/node/open-snapshot-file.ts';

const file = process.argv[2];
const started = performance.now();
const summary = summarize(await openSnapshotFile(file), { top: 10 });
const wallMs = performance.now() - started;
process.stdout.write(JSON.stringify({ wallMs, maxRssKb: process.resourceUsage().maxRSS, nodes: summary.nodes, edges: summary.edges }) + '\n');
