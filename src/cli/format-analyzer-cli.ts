import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CliIo } from './cli-io.ts';
import { UsageError } from './cli-io.ts';
import { SnapshotParseError, AnalyzerQueryError, ProfileParseError } from '../analyzer/errors.ts';
import { openSnapshotFile, type HeapAnalysis, type OpenProgress } from '../analyzer/node/open-snapshot-file.ts';
import { formatBytes } from '../format/units.ts';
import type { ClassAllocationsResult, StackFrame } from '../protocol/allocation-results.ts';

/** Parsed `<files...> [--flag value] [--flag] [--json]` arguments of the snapshot and profile commands. */
export interface SnapshotArgs { files: string[]; json: boolean; help: boolean; options: Map<string, string>; flags: Set<string> }

/**
 * Splits positional files from `--name value` options and `--name` flags with node:util
 * parseArgs, as every leaklab command does; an unknown option or one without its value is a
 * usage error.
 */
export function parseSnapshotArgs(args: string[], valued: string[], flagNames: string[] = []): SnapshotArgs {
  const options: Record<string, { type: 'string' } | { type: 'boolean'; short?: string }> = {
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  };
  for (const name of valued) options[name] = { type: 'string' };
  for (const name of flagNames) options[name] = { type: 'boolean' };
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) throw new UsageError(err.message);
    throw err;
  }
  const given = new Map<string, string>();
  for (const name of valued) {
    const value = parsed.values[name];
    if (typeof value === 'string') given.set(name, value);
  }
  const flags = new Set(flagNames.filter((name) => parsed.values[name] === true));
  return { files: parsed.positionals, json: parsed.values.json === true, help: parsed.values.help === true, options: given, flags };
}

/** A positive integer option, or the default. */
export function countOption(args: SnapshotArgs, name: string, fallback: number): number {
  const raw = args.options.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive whole number, not ${JSON.stringify(raw)}.`);
  return n;
}

const BAR_MIN_BYTES = 20 * 1024 * 1024;

/** A progress bar on stderr for files over 20 MB when stderr is a terminal; a no-op otherwise. */
export async function progressBar(io: CliIo, file: string): Promise<{ update: (p: OpenProgress) => void; done: () => void }> {
  let size = 0;
  try { size = (await stat(file)).size; } catch { size = 0; /* a missing file is reported by the open */ }
  if (!io.isTTY || size < BAR_MIN_BYTES) return { update: () => {}, done: () => {} };
  let lastDraw = 0;
  const name = file.split('/').pop() ?? file;
  return {
    update(p) {
      const now = Date.now();
      if (now - lastDraw < 100 && p.phase !== 'dominators') return;
      lastDraw = now;
      const total = p.totalBytes ?? size;
      const share = total > 0 ? Math.min(1, p.bytesRead / total) : 0;
      const filled = Math.round(share * 30);
      io.stderr.write(`\r${name} [${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${p.phase.padEnd(10)} ${formatBytes(p.bytesRead)} / ${formatBytes(total)}   `);
    },
    done() { io.stderr.write('\r\x1b[2K'); },
  };
}

/** A file whose bytes could not be read as what the command needs: the parse error, and which file. */
export class UnreadableFileError extends Error {
  readonly file: string;
  constructor(file: string, cause: SnapshotParseError | ProfileParseError) {
    super(cause.message, { cause });
    this.name = 'UnreadableFileError';
    this.file = file;
  }
}

/** Opens one snapshot with a progress bar; a parse error names the file it is about. */
export async function openSnapshotForCli(io: CliIo, file: string): Promise<HeapAnalysis> {
  const bar = await progressBar(io, file);
  try {
    return await openSnapshotFile(file, bar.update);
  } catch (error) {
    if (error instanceof SnapshotParseError) throw new UnreadableFileError(file, error);
    throw error;
  } finally {
    bar.done();
  }
}

/**
 * Turns a failure into a message and exit code: usage → 2 with the usage text; a bad or
 * missing file, or a question the snapshot cannot answer → 1. Anything else is a bug: rethrown.
 */
export function reportFailure(io: CliIo, error: unknown, usage: string): number {
  if (error instanceof UsageError) {
    io.stderr.write(`leaklab: ${error.message}\n\n${usage}\n`);
    return 2;
  }
  if (error instanceof UnreadableFileError) {
    io.stderr.write(`leaklab: cannot read ${error.file}: ${error.message}\n`);
    return 1;
  }
  if (error instanceof SnapshotParseError || error instanceof ProfileParseError) {
    io.stderr.write(`leaklab: cannot read the file: ${error.message}\n`);
    return 1;
  }
  if (error instanceof AnalyzerQueryError) {
    io.stderr.write(`leaklab: ${error.message}\n`);
    return 1;
  }
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    io.stderr.write(`leaklab: cannot open ${(error as NodeJS.ErrnoException).path ?? 'the file'}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : 'permission denied'}.\n`);
    return 1;
  }
  throw error;
}

/** A frame as `file:line:column function`, the file relative to the working folder when inside it. */
export function formatFrame(frame: StackFrame, cwd = process.cwd()): string {
  const name = frame.functionName || '(anonymous)';
  if (frame.url === '') return frame.origin === 'native' ? `${name} (native)` : `${name} (script collected before the profile was taken)`;
  let file = frame.url.startsWith('file://') ? decodeURIComponent(new URL(frame.url).pathname) : frame.url;
  if (file.startsWith(`${cwd}/`)) file = file.slice(cwd.length + 1);
  const place = frame.line > 0 ? `${file}:${frame.line}:${frame.column}` : file;
  return `${place} ${name}`;
}

/** A stack as lines: the allocating frame, then `← caller` lines, at most `maxFrames`. */
export function formatStack(stack: StackFrame[], indent: string, maxFrames = 6): string[] {
  if (stack.length === 0) return [`${indent}(no frame of your code: Node internals, natives or node_modules; --all-frames shows them)`];
  const lines = stack.slice(0, maxFrames).map((frame, k) => `${indent}${k === 0 ? '' : '← '}${formatFrame(frame)}`);
  if (stack.length > maxFrames) lines.push(`${indent}← … ${stack.length - maxFrames} more`);
  return lines;
}

/** A class's allocation stacks as text, or why the snapshot cannot give them. */
export function formatClassAllocations(result: ClassAllocationsResult, which: 'live' | 'new'): string {
  const objects = `${result.count.toLocaleString('en-US')} ${which} object${result.count === 1 ? '' : 's'}`;
  const head = `${result.className}: ${objects}, ${formatBytes(result.selfSize)} (self size).`;
  if (!result.hasTraces) {
    return `${head}\nThe snapshot has no allocation traces: write it with allocation tracking on (node --track-heap-objects, or HeapProfiler.startTrackingHeapObjects before HeapProfiler.takeHeapSnapshot) to see where they were allocated.\n`;
  }
  const lines = [head, `Allocated at (objects and their self size per stack${result.isFolded ? '; frames of Node, natives and node_modules folded into their callers, --all-frames shows them' : ''}):`, ''];
  for (const s of result.stacks) {
    lines.push(`${s.count.toLocaleString('en-US').padStart(9)}  ${formatBytes(s.selfSize).padStart(8)}   ${formatStack(s.stack, '').join(`\n${' '.repeat(22)}`)}`);
  }
  if (result.stacks.length === 0) lines.push('No stack: none of them has an allocation trace (made before tracking started, or by V8 itself).');
  else if (result.untracedCount > 0) lines.push('', `${result.untracedCount.toLocaleString('en-US')} of them have no allocation trace (made before tracking started, or by V8 itself).`);
  return `${lines.join('\n')}\n`;
}
