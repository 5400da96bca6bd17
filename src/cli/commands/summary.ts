import type { CliIo } from '../cli-io.ts';
import { UsageError } from '../cli-io.ts';
import { summarize } from '../../analyzer/node/open-snapshot-file.ts';
import { parseSnapshotArgs, countOption, openSnapshotForCli, reportFailure, formatClassAllocations } from '../format-analyzer-cli.ts';
import { classAllocationStacks } from '../../analyzer/class-allocation-stacks.ts';
import { formatTable, clip } from '../format-table.ts';
import { formatBytes } from '../../format/units.ts';

const USAGE = `usage: leaklab summary <file.heapsnapshot> [--top N] [--json]
       leaklab summary <file.heapsnapshot> --class <name> [--top N] [--all-frames] [--json]

  Per class: objects, shallow size and retained size (as Chrome DevTools' Summary), largest retained first.
  With --class, where that class's live objects were allocated: objects and bytes per allocation
  stack, from a snapshot written with allocation tracking on (node --track-heap-objects).
  --top N        classes (or stacks) to show (default 20)
  --class NAME   the class, as the summary names it (e.g. Order, Array, {id, name})
  --all-frames   keep the frames of Node, natives and node_modules (folded into their callers by default)
  --json         print { nodes, edges, totalSize, classes: [{ name, count, selfSize, retainedSize }] }
                 with --class: { className, count, selfSize, hasTraces, untracedCount, isFolded, stacks: [{ stack, count, selfSize }] }`;

/** `leaklab summary`: the Summary view of one snapshot. */
export async function run(args: string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseSnapshotArgs(args, ['top', 'class'], ['all-frames']);
    if (parsed.help) { io.stdout.write(`${USAGE}\n`); return 0; }
    if (parsed.files.length !== 1) throw new UsageError(`summary takes one snapshot file, got ${parsed.files.length}.`);
    const top = countOption(parsed, 'top', 20);
    const [file] = parsed.files;
    const analysis = await openSnapshotForCli(io, file);
    const className = parsed.options.get('class');
    if (className !== undefined) {
      const allocations = classAllocationStacks(analysis, className, { top, allFrames: parsed.flags.has('all-frames') });
      io.stdout.write(parsed.json ? `${JSON.stringify(allocations, null, 2)}\n` : formatClassAllocations(allocations, 'live'));
      return 0;
    }
    const result = summarize(analysis, { top });
    if (parsed.json) { io.stdout.write(`${JSON.stringify(result, null, 2)}\n`); return 0; }
    io.stdout.write(`${file}: ${result.nodes.toLocaleString('en-US')} nodes, ${result.edges.toLocaleString('en-US')} edges, ${formatBytes(result.totalSize)} in objects\n\n`);
    io.stdout.write(formatTable(['Class', 'Count', 'Shallow', 'Retained'], result.classes.map((c) => [
      clip(c.name), c.count.toLocaleString('en-US'), formatBytes(c.selfSize), formatBytes(c.retainedSize),
    ])));
    return 0;
  } catch (error) {
    return reportFailure(io, error, USAGE);
  }
}
