import { HEAP_CAP_MIB } from '../protocol/program.ts';
import { UsageError } from './cli-io.ts';

/** A flag that takes a positive number (seconds may be fractional); undefined when not given. */
export function positiveNumberOption(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} takes a positive number, not ${JSON.stringify(text)}.`);
  return n;
}

/** A flag that takes a whole number from `min` up (to `max` when given); undefined when not given. */
export function wholeNumberOption(flag: string, text: string | undefined, min: number, max?: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || (max !== undefined && n > max)) {
    throw new UsageError(`${flag} must be a whole number ${max === undefined ? `of at least ${min}` : `from ${min} to ${max}`}, not ${JSON.stringify(text)}.`);
  }
  return n;
}

/**
 * `--heap-cap` (MiB, --max-old-space-size): at least what a lesson may ask for. No upper bound:
 * a user's own program may need a bigger heap than a lesson on the page may have.
 */
export function heapCapOption(text: string | undefined): number | undefined {
  return wholeNumberOption('--heap-cap', text, HEAP_CAP_MIB.min);
}
