import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CliIo } from './cli-io.ts';
import { UsageError } from './cli-io.ts';
import { SnapshotParseError, AnalyzerQueryError } from '../analyzer/errors.ts';
import type { OpenProgress } from '../analyzer/node/open-snapshot-file.ts';
import { formatBytes } from '../format/units.ts';

/** Parsed `<files...> [--flag value] [--json]` arguments of the snapshot commands. */
export interface SnapshotArgs { files: string[]; json: boolean; help: boolean; options: Map<string, string> }

/**
 * Splits positional files from `--name value` options with node:util parseArgs, as every
 * leaklab command does; an unknown option or one without its value is a usage error.
 */
export function parseSnapshotArgs(args: string[], valued: string[]): SnapshotArgs {
  const options: Record<string, { type: 'string' } | { type: 'boolean'; short?: string }> = {
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  };
  for (const name of valued) options[name] = { type: 'string' };
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
  return { files: parsed.positionals, json: parsed.values.json === true, help: parsed.values.help === true, options: given };
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

/**
 * Turns a failure into a message and exit code: usage → 2 with the usage text; a bad or
 * missing file, or a question the snapshot cannot answer → 1. Anything else is a bug: rethrown.
 */
export function reportFailure(io: CliIo, error: unknown, usage: string): number {
  if (error instanceof UsageError) {
    io.stderr.write(`leaklab: ${error.message}\n\n${usage}\n`);
    return 2;
  }
  if (error instanceof SnapshotParseError) {
    io.stderr.write(`leaklab: cannot read the snapshot: ${error.message}\n`);
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
