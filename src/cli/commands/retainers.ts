import type { CliIo } from '../cli-io.ts';
import { UsageError } from '../cli-io.ts';
import { retainerPaths } from '../../analyzer/node/open-snapshot-file.ts';
import { parseSnapshotArgs, countOption, openSnapshotForCli, reportFailure, formatClassAllocations } from '../format-analyzer-cli.ts';
import { classAllocationStacks } from '../../analyzer/class-allocation-stacks.ts';
import { formatBytes } from '../../format/units.ts';

const USAGE = `usage: leaklab retainers <file.heapsnapshot> --class <name> [--paths N] [--alloc] [--json]

  Shortest paths from a GC root to instances of a class, weak edges skipped; instances whose
  paths differ only in array indices are grouped.
  --class NAME  the class, as \`leaklab summary\` names it (e.g. Foo, Array, {id, name})
  --paths N     distinct paths to show (default 5)
  --alloc       also where the objects were allocated (a snapshot written with node --track-heap-objects)
  --json        print { className, instanceCount, examinedCount, paths: [{ root, steps, text, instances, retainedSize }] }
                with --alloc also allocations: { count, selfSize, hasTraces, untracedCount, isFolded, stacks: [{ stack, count, selfSize }] }`;

/** `leaklab retainers`: why instances of a class are still alive. */
export async function run(args: string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseSnapshotArgs(args, ['class', 'paths'], ['alloc']);
    if (parsed.help) { io.stdout.write(`${USAGE}\n`); return 0; }
    if (parsed.files.length !== 1) throw new UsageError(`retainers takes one snapshot file, got ${parsed.files.length}.`);
    const className = parsed.options.get('class');
    if (!className) throw new UsageError('retainers needs --class <name>.');
    const maxPaths = countOption(parsed, 'paths', 5);
    const [file] = parsed.files;
    const analysis = await openSnapshotForCli(io, file);
    const result = retainerPaths(analysis, className, { maxPaths });
    const allocations = parsed.flags.has('alloc') ? classAllocationStacks(analysis, className) : undefined;
    if (parsed.json) { io.stdout.write(`${JSON.stringify(allocations ? { ...result, allocations } : result, null, 2)}\n`); return 0; }
    const sample = result.examinedCount < result.instanceCount ? ` (an even sample of ${result.examinedCount.toLocaleString('en-US')} traced)` : '';
    io.stdout.write(`${result.instanceCount.toLocaleString('en-US')} instances of ${className}${sample}; ${result.paths.length} distinct path${result.paths.length === 1 ? '' : 's'}:\n\n`);
    for (const path of result.paths) {
      io.stdout.write(`${path.instances.toLocaleString('en-US')} × ${path.text}   (retains ${formatBytes(path.retainedSize)})\n`);
      for (const step of path.steps) {
        if (step.location) io.stdout.write(`    ${step.nodeName ?? step.edge} is defined at script ${step.location.scriptId}, line ${step.location.line + 1}, column ${step.location.column + 1}\n`);
      }
    }
    if (result.paths.length === 0) io.stdout.write('No strong path from a GC root: these objects are garbage or only weakly held.\n');
    if (allocations) io.stdout.write(`\n${formatClassAllocations(allocations, 'live')}`);
    return 0;
  } catch (error) {
    return reportFailure(io, error, USAGE);
  }
}
