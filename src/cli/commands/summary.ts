import type { CliIo } from '../cli-io.ts';
import { UsageError } from '../cli-io.ts';
import { summarize } from '../../analyzer/node/open-snapshot-file.ts';
import { parseSnapshotArgs, countOption, openSnapshotForCli, reportFailure } from '../format-analyzer-cli.ts';
import { formatTable, clip } from '../format-table.ts';
import { formatBytes } from '../../format/units.ts';

const USAGE = `usage: leaklab summary <file.heapsnapshot> [--top N] [--json]

  Per class: objects, shallow size and retained size (as Chrome DevTools' Summary), largest retained first.
  --top N   classes to show (default 20)
  --json    print { nodes, edges, totalSize, classes: [{ name, count, selfSize, retainedSize }] }`;

/** `leaklab summary`: the Summary view of one snapshot. */
export async function run(args: string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseSnapshotArgs(args, ['top']);
    if (parsed.help) { io.stdout.write(`${USAGE}\n`); return 0; }
    if (parsed.files.length !== 1) throw new UsageError(`summary takes one snapshot file, got ${parsed.files.length}.`);
    const top = countOption(parsed, 'top', 20);
    const [file] = parsed.files;
    const analysis = await openSnapshotForCli(io, file);
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
