import type { z } from 'zod';
import { nodeFlagsSchema } from '../protocol/node-flags.ts';
import { UsageError } from './cli-io.ts';

/**
 * `--node-flag --trace-gc` as a person types it: node:util's parseArgs refuses a value that
 * starts with a dash after a space ("ambiguous"), so each such pair is joined into
 * `--node-flag=--trace-gc` first.
 */
export function withNodeFlagValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') return [...out, ...argv.slice(i)];
    if (argv[i] === '--node-flag' && i + 1 < argv.length) out.push(`--node-flag=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

/** `--node-flag` values, checked by the protocol's one allow-list (the page's and the socket's). */
export function nodeFlagsOption(values: string[] | undefined): string[] {
  const flags = [...new Set(values ?? [])];
  const checked = nodeFlagsSchema.safeParse(flags);
  if (checked.success) return checked.data;
  throw new UsageError(`--node-flag: ${checked.error.issues[0].message}.`);
}

/** A program spec's issue as the flag that set the field. */
export function settingsUsageError(issue: z.core.$ZodIssue, typed: { heapCapMiB?: number }): UsageError {
  switch (issue.path[0]) {
    case 'heapCapMiB': return new UsageError(`--heap-cap ${issue.message} for a lesson, not ${typed.heapCapMiB}.`);
    case 'nodeFlags': return new UsageError(`--node-flag: the lesson's flags with yours: ${issue.message}.`);
    default: return new UsageError(`The lesson's program ${issue.path.join('.')}: ${issue.message}.`);
  }
}
