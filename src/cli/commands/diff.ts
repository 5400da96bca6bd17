import type { CliIo } from '../cli-io.ts';
import { UsageError } from '../cli-io.ts';
import { diffSnapshots, survivors, type HeapAnalysis, type CollectionGrowth, type DiffResult } from '../../analyzer/node/open-snapshot-file.ts';
import { parseSnapshotArgs, countOption, openSnapshotForCli, reportFailure, formatClassAllocations } from '../format-analyzer-cli.ts';
import { classAllocationStacks } from '../../analyzer/class-allocation-stacks.ts';
import { newObjects } from '../../analyzer/diff-snapshots.ts';
import { formatTable, formatDelta, clip, clipPath } from '../format-table.ts';
import { formatBytes } from '../../format/units.ts';

const USAGE = `usage: leaklab diff <a> <b> [--top N] [--json]
       leaklab diff <a> <b> <c> [--top N] [--json]

  Two snapshots: objects added and removed per class, matched by id (Chrome DevTools' Comparison),
  ranked by the retained size of the added objects. Three snapshots: objects allocated between
  a and b that are still alive in c. Both list collections (arrays, Maps, Sets) that keep growing.
  With --class (two files), where the class's new objects were allocated: objects and bytes per
  allocation stack, when the later snapshot was written with allocation tracking on
  (node --track-heap-objects).
  --top N        classes (or stacks) to show (default 20)
  --class NAME   the class, as the table names it
  --all-frames   keep the frames of Node, natives and node_modules (folded into their callers by default)
  --json    two files: { classes: [{ name, added, removed, countDelta, sizeDelta, addedRetainedSize }], collections }
            three files: { survivors: [{ name, count, selfSize, retainedSize }], collections }
            with --class: { className, count, selfSize, hasTraces, untracedCount, isFolded, stacks: [{ stack, count, selfSize }] }`;

/** `leaklab diff`: two-snapshot comparison or three-snapshot survivors. */
export async function run(args: string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseSnapshotArgs(args, ['top', 'class'], ['all-frames']);
    if (parsed.help) { io.stdout.write(`${USAGE}\n`); return 0; }
    if (parsed.files.length !== 2 && parsed.files.length !== 3) throw new UsageError(`diff takes two or three snapshot files, got ${parsed.files.length}.`);
    const top = countOption(parsed, 'top', 20);
    const className = parsed.options.get('class');
    if (className !== undefined && parsed.files.length !== 2) throw new UsageError(`diff --class takes two snapshot files, got ${parsed.files.length}.`);
    const analyses: HeapAnalysis[] = [];
    for (const file of parsed.files) analyses.push(await openSnapshotForCli(io, file));
    if (className !== undefined) {
      const allocations = classAllocationStacks(analyses[1], className, { top, allFrames: parsed.flags.has('all-frames'), include: newObjects(analyses[0], analyses[1]) });
      io.stdout.write(parsed.json ? `${JSON.stringify(allocations, null, 2)}\n` : formatClassAllocations(allocations, 'new'));
      return 0;
    }
    if (analyses.length === 2) {
      const result = diffSnapshots(analyses[0], analyses[1], { top });
      if (parsed.json) { io.stdout.write(`${JSON.stringify(result, null, 2)}\n`); return 0; }
      io.stdout.write(formatDiff(result));
      return 0;
    }
    const result = survivors(analyses[0], analyses[1], analyses[2], { top });
    if (parsed.json) { io.stdout.write(`${JSON.stringify(result, null, 2)}\n`); return 0; }
    if (result.note) { io.stdout.write(`Note: ${result.note}\n`); return 0; }
    io.stdout.write('Allocated between the first and second snapshot, still alive in the third:\n\n');
    io.stdout.write(formatTable(['Class', 'Count', 'Shallow', 'Retained'], result.survivors.map((c) => [
      clip(c.name), c.count.toLocaleString('en-US'), formatBytes(c.selfSize), formatBytes(c.retainedSize),
    ])));
    io.stdout.write(formatCollections(result.collections));
    return 0;
  } catch (error) {
    return reportFailure(io, error, USAGE);
  }
}

/** The two-snapshot comparison as text: the class table, then the growing collections. */
export function formatDiff(result: DiffResult): string {
  const note = result.note ? `Note: ${result.note}\n\n` : '';
  return note + formatTable(['Class', '# New', '# Deleted', '# Delta', 'Size delta', 'Retained by new'], result.classes.map((c) => [
    clip(c.name), c.added.toLocaleString('en-US'), c.removed.toLocaleString('en-US'), formatDelta(c.countDelta), formatBytes(c.sizeDelta), formatBytes(c.addedRetainedSize),
  ])) + formatCollections(result.collections);
}

function formatCollections(collections: CollectionGrowth[]): string {
  if (collections.length === 0) return '\nNo collection grew in every snapshot.\n';
  return `\nGrowing collections:\n\n${formatTable(['Path', 'Kind', 'Elements', 'Retained'], collections.map((c) => [
    clipPath(c.path, 80), c.kind, c.counts.map((n) => (n === null ? '—' : n.toLocaleString('en-US'))).join(' → '), formatBytes(c.retainedSize),
  ]))}`;
}
