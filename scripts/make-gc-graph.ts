// `node scripts/make-gc-graph.ts [out.json]`: runs tests/fixtures/gc-graph/small-program.cjs,
// which writes a heap snapshot of itself, opens that snapshot with the analyzer and saves the
// program's own objects as the small graph the lesson "What a leak is" animates. Without an
// argument it writes src/gc-graph/data/small-program.json, the file the site is built from;
// re-run it when the fixture or Node's major version changes.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openSnapshotFile } from '../src/analyzer/node/open-snapshot-file.ts';
import { extractGcGraph } from '../src/gc-graph/extract-gc-graph.ts';
import { markingWaves } from '../src/gc-graph/marking-waves.ts';
import { KEEP_DURING_JOB_EDGE } from '../src/gc-graph/program-reachability.ts';
import type { GcGraph } from '../src/gc-graph/types.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROGRAM = 'tests/fixtures/gc-graph/small-program.cjs';
export const GC_GRAPH_FILE = path.join(ROOT, 'src/gc-graph/data/small-program.json');

/** Runs the program, extracts its graph, and checks the picture's marking matches the snapshot. */
export async function makeGcGraph(): Promise<GcGraph> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'leaklab-gc-graph-'));
  try {
    const snapshotPath = path.join(dir, 'small-program.heapsnapshot');
    await promisify(execFile)(process.execPath, [path.join(ROOT, PROGRAM), snapshotPath], { cwd: dir });
    const analysis = await openSnapshotFile(snapshotPath);
    const { nodes, edges } = extractGcGraph(analysis, { requestListener: 'handleRequest' });
    const graph: GcGraph = {
      nodeVersion: process.version,
      program: PROGRAM,
      note: `V8 collects garbage before it writes a snapshot, so the program watches its dropped objects through WeakRefs and writes the snapshot in the same job: until that job ends, V8 keeps WeakRef targets in its ${KEEP_DURING_JOB_EDGE} set. Reachability is marking from the GC roots over strong edges without that set, i.e. what the next full collection marks.`,
      nodes,
      edges,
    };
    checkPictureMatchesSnapshot(graph);
    return graph;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The picture marks along drawn edges only; it must still mark exactly what the snapshot reaches. */
function checkPictureMatchesSnapshot(graph: GcGraph): void {
  const marked = new Set(markingWaves(graph.nodes, graph.edges).flat());
  const wrong = graph.nodes.filter((n) => marked.has(n.id) !== n.isReachable);
  if (wrong.length > 0) {
    const list = wrong.map((n) => `${n.className} @${n.id} (${n.isReachable ? 'reachable in the snapshot, not marked in the picture' : 'unreachable in the snapshot, marked in the picture'})`).join(', ');
    throw new Error(`The drawn edges would mark differently from the snapshot: ${list}. Is a path leaving the program's own objects?`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.resolve(process.argv[2] ?? GC_GRAPH_FILE);
  const graph = await makeGcGraph();
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(graph, null, 2)}\n`);
  const reachable = graph.nodes.filter((n) => n.isReachable).length;
  console.log(`Wrote ${path.relative(process.cwd(), out)}: ${graph.nodes.length} objects (${reachable} reachable), ${graph.edges.length} edges, Node ${graph.nodeVersion}.`);
}
