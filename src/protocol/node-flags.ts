import { z } from 'zod';

/**
 * One node flag a run may ask for: its pattern, what it is for (said in the page and the CLI's
 * refusal), and an example that passes.
 */
interface AllowedFlag {
  pattern: RegExp;
  example: string;
  purpose: string;
  /** The flag writes its files when the process exits through `process.exit` or its end, not on a signal's default action. */
  writesAtExit?: boolean;
  /** Node runs it through its inspector, which the permission model closes unless `--allow-inspector` is given. */
  needsInspector?: boolean;
}

/**
 * The node flags a lesson's run may use, chosen by walking every try-it in lessons/ (02: GC
 * tracing; 04: a snapshot near the heap limit; 05: warnings' stacks; 12: a snapshot on a signal;
 * 13: sampling heap profiles and their interval) plus the diagnostics the lessons and README
 * name (CPU profiles, diagnostic reports, allocation tracking, no inlining).
 *
 * Every flag that writes a file writes it into the process's working directory, which is the
 * run folder, and no flag that names another directory (`--heap-prof-dir`, `--diagnostic-dir`,
 * `--report-directory`, `--cpu-prof-name`...) is here: the files these flags write are written by
 * Node's C++ side, which the permission model does not check, so a directory flag would let the
 * program write anywhere. Flags that undo the runner's caps (`--inspect`, `--allow-fs-write`) are
 * never allowed; the heap cap is its own setting.
 */
export const ALLOWED_NODE_FLAGS: readonly AllowedFlag[] = [
  { pattern: /^--trace-gc$/, example: '--trace-gc', purpose: 'prints a line per garbage collection' },
  { pattern: /^--trace-gc-verbose$/, example: '--trace-gc-verbose', purpose: 'prints each space after every collection' },
  { pattern: /^--heapsnapshot-near-heap-limit=[1-9]\d?$/, example: '--heapsnapshot-near-heap-limit=1', purpose: 'writes up to N heap snapshots as the heap nears its limit' },
  { pattern: /^--heapsnapshot-signal=SIGUSR2$/, example: '--heapsnapshot-signal=SIGUSR2', purpose: 'writes a heap snapshot when the program gets SIGUSR2' },
  { pattern: /^--heap-prof$/, example: '--heap-prof', purpose: 'writes a sampling heap profile (.heapprofile) when the program ends', writesAtExit: true, needsInspector: true },
  { pattern: /^--heap-prof-interval=[1-9]\d{0,8}$/, example: '--heap-prof-interval=8192', purpose: 'bytes between heap profile samples (default 524288)' },
  { pattern: /^--cpu-prof$/, example: '--cpu-prof', purpose: 'writes a CPU profile (.cpuprofile) when the program ends', writesAtExit: true, needsInspector: true },
  { pattern: /^--cpu-prof-interval=[1-9]\d{0,6}$/, example: '--cpu-prof-interval=100', purpose: 'microseconds between CPU profile samples (default 1000)' },
  { pattern: /^--track-heap-objects$/, example: '--track-heap-objects', purpose: 'heap snapshots carry allocation stacks' },
  { pattern: /^--report-on-signal$/, example: '--report-on-signal', purpose: 'writes a diagnostic report when the program gets SIGUSR2' },
  { pattern: /^--report-on-fatalerror$/, example: '--report-on-fatalerror', purpose: 'writes a diagnostic report when V8 crashes (the heap limit)' },
  { pattern: /^--report-uncaught-exception$/, example: '--report-uncaught-exception', purpose: 'writes a diagnostic report on an uncaught exception' },
  { pattern: /^--report-compact$/, example: '--report-compact', purpose: 'diagnostic reports on one line' },
  { pattern: /^--expose-gc$/, example: '--expose-gc', purpose: 'global gc() (always on: the probe uses it)' },
  { pattern: /^--trace-warnings$/, example: '--trace-warnings', purpose: 'prints the stack of each warning' },
  { pattern: /^--trace-deprecation$/, example: '--trace-deprecation', purpose: 'prints the stack of each deprecation' },
  { pattern: /^--trace-uncaught$/, example: '--trace-uncaught', purpose: 'prints where an uncaught exception was thrown' },
  { pattern: /^--no-warnings$/, example: '--no-warnings', purpose: 'silences warnings' },
  { pattern: /^--no-turbo-inlining$/, example: '--no-turbo-inlining', purpose: 'small functions keep frames of their own in profiles' },
  { pattern: /^--no-maglev-inlining$/, example: '--no-maglev-inlining', purpose: 'small functions keep frames of their own in profiles' },
  { pattern: /^--max-semi-space-size=[1-9]\d{0,3}$/, example: '--max-semi-space-size=16', purpose: 'MiB of each young-generation semi-space' },
  { pattern: /^--stack-size=[1-9]\d{0,5}$/, example: '--stack-size=2000', purpose: 'KiB of the JavaScript stack' },
];

/** At most this many node flags in one run. */
export const MAX_NODE_FLAGS = 10;

/** The allow-list entry a flag matches, or undefined. */
export function allowedNodeFlag(flag: string): AllowedFlag | undefined {
  return ALLOWED_NODE_FLAGS.find((entry) => entry.pattern.test(flag));
}

export function isAllowedNodeFlag(flag: string): boolean {
  return allowedNodeFlag(flag) !== undefined;
}

/** True when any of `flags` needs Node's inspector (the profilers). */
export function needsInspector(flags: readonly string[]): boolean {
  return flags.some((flag) => allowedNodeFlag(flag)?.needsInspector === true);
}

/** True when any of `flags` writes its file only as the program ends (so Stop must let it end). */
export function writesAtExit(flags: readonly string[]): boolean {
  return flags.some((flag) => allowedNodeFlag(flag)?.writesAtExit === true);
}

/** Why `flag` is refused, as one sentence that says what to do instead. */
export function nodeFlagProblem(flag: string): string {
  const name = flag.split('=')[0];
  if (name === '--max-old-space-size') return `${flag} is set by the heap cap: use the heap cap setting (leaklab run --heap-cap MiB) instead`;
  if (!flag.startsWith('--')) return `${JSON.stringify(flag)} is not a node flag: node flags start with --, e.g. --trace-gc`;
  const sameName = ALLOWED_NODE_FLAGS.find((entry) => entry.example.split('=')[0] === name);
  if (sameName) return `${flag} is not allowed as written: use the form ${sameName.example}`;
  return `${flag} is not on the allow-list of node flags; a run may use ${ALLOWED_NODE_FLAGS.map((e) => e.example.split('=')[0]).filter((n, i, all) => all.indexOf(n) === i).join(', ')}`;
}

/** One node flag, checked against the allow-list; the message says what is allowed. */
export const nodeFlagSchema = z.string({ error: 'must be text, e.g. --trace-gc' }).max(200, { error: 'is longer than any allowed node flag' }).superRefine((flag, ctx) => {
  if (!isAllowedNodeFlag(flag)) ctx.addIssue({ code: 'custom', message: nodeFlagProblem(flag) });
});

/** The node flags of one run: each allowed, at most MAX_NODE_FLAGS, none twice. */
export const nodeFlagsSchema = z.array(nodeFlagSchema, { error: 'must be a list of node flags' })
  .max(MAX_NODE_FLAGS, { error: `may hold at most ${MAX_NODE_FLAGS} node flags` })
  .refine((flags) => new Set(flags).size === flags.length, { error: 'names a node flag twice' });
