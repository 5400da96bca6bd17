import { z } from 'zod';
import { PROGRAM_SIGNALS } from './socket-messages.ts';

/**
 * What one try-it of a lesson asks the learner to do, as the `<TryIt>` element in the lesson's
 * MDX names it: its attributes are this list, its children the text the learner reads, so the
 * two cannot drift apart. Every value is as the page's controls take it (the run settings' text
 * fields), and tests/unit/try-its.test.ts puts each through those controls' own validators.
 *
 * ```mdx
 * <TryIt flags="--heap-prof" stop files="heapprofile">Make the profile yourself...</TryIt>
 * ```
 */
export const TRY_IT_PROGRAMS = ['leaky', 'fixed'] as const;

/** The kinds of file a run's Files tab names (`run-files-view.ts`), by extension. */
export const TRY_IT_FILE_KINDS = ['heapprofile', 'heapsnapshot', 'cpuprofile', 'report'] as const;

/** An attribute that is there or not (`<TryIt edit>`); MDX gives a bare attribute as true. */
const present = z.union([z.literal(true), z.literal('true')]).transform(() => true as const);
const text = (what: string) => z.string().trim().min(1, { error: `is empty: give ${what}, or leave the attribute out` });

export const tryItNeedsSchema = z.strictObject({
  /** The program the try-it starts from: leaky.js (the editor's default) or fixed.js (Show fix). */
  program: z.enum(TRY_IT_PROGRAMS).default('leaky'),
  /** The learner changes the program's code in the editor. */
  edit: present.optional(),
  /** Node flags, space-separated, for the Node flags setting. */
  flags: text('the node flags, e.g. "--trace-gc"').optional(),
  /** MiB, for the Heap cap setting. */
  heapCap: text('the heap cap in MiB, e.g. "128"').optional(),
  /** Load paths, space-separated, for the Load paths setting. */
  paths: text('the load paths, e.g. "/buffers"').optional(),
  /** Requests per second, for the Rate setting. */
  rate: text('the rate in requests per second, e.g. "50"').optional(),
  method: text('the HTTP method, e.g. "POST"').optional(),
  /** Seconds, for the Duration setting: the page stops the run by itself. */
  duration: text('the duration in seconds, e.g. "30"').optional(),
  /** How many heap snapshots the learner takes with Snapshot. */
  snapshots: z.coerce.number({ error: 'must be a count of snapshots, e.g. "2"' }).int().min(1).max(8).optional(),
  /** A signal the learner sends the running program from the run settings. */
  signal: z.enum(PROGRAM_SIGNALS, { error: `must be one of ${PROGRAM_SIGNALS.join(', ')}: the signals the page can send` }).optional(),
  /** The learner presses Stop (a profile is written as the program ends). */
  stop: present.optional(),
  /** Files the run writes that the learner opens or downloads from the Files tab, space-separated kinds. */
  files: text(`file kinds, from ${TRY_IT_FILE_KINDS.join(', ')}`).pipe(z.string().refine(
    (kinds) => kinds.split(/\s+/).every((k) => (TRY_IT_FILE_KINDS as readonly string[]).includes(k)),
    { error: `names a file kind the Files tab does not show; the kinds are ${TRY_IT_FILE_KINDS.join(', ')}` },
  )).optional(),
  /**
   * What this try-it needs that the page does not have (DevTools, a second terminal, curl), in a
   * few words. A try-it with this is done outside the page, and says so beside its text.
   */
  outside: text('what the page lacks, e.g. "Chrome DevTools"').optional(),
});
export type TryItNeeds = z.infer<typeof tryItNeedsSchema>;

/** The settings field each needs-attribute fills in (see src/playground/page-state/settings-rules.ts). */
export const TRY_IT_SETTING_OF = { flags: 'nodeFlags', heapCap: 'heapCapMiB', paths: 'paths', rate: 'ratePerSec', method: 'method', duration: 'durationSec' } as const;

/** `needs` parsed, or a message that names the lesson, the try-it and what is wrong with it. */
export function parseTryItNeeds(props: Record<string, unknown>, where: string): TryItNeeds {
  const parsed = tryItNeedsSchema.safeParse(props);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'attributes'} ${i.message}`).join('; ');
  throw new TryItError(`The <TryIt> ${where} is wrong: ${problems}. Its attributes are ${Object.keys(tryItNeedsSchema.shape).join(', ')} (src/protocol/try-it.ts).`);
}

export class TryItError extends Error {
  override name = 'TryItError';
}

/** What the page's controls are set to for `needs`, in words, shown under the try-it's text. */
export function tryItSteps(needs: TryItNeeds): string[] {
  const steps: string[] = [];
  if (needs.program === 'fixed') steps.push('Show fix');
  if (needs.edit) steps.push(`edit ${needs.program}.js`);
  const settings = [
    needs.flags && `Node flags ${needs.flags}`,
    needs.heapCap && `Heap cap ${needs.heapCap} MiB`,
    needs.paths && `Load paths ${needs.paths}`,
    needs.rate && `Rate ${needs.rate}/s`,
    needs.method && `Method ${needs.method}`,
    needs.duration && `Duration ${needs.duration} s`,
  ].filter((s): s is string => typeof s === 'string');
  if (settings.length > 0) steps.push(`Run settings: ${settings.join(', ')}`);
  if (needs.snapshots) steps.push(needs.snapshots === 1 ? 'Snapshot' : `Snapshot ×${needs.snapshots}`);
  if (needs.signal) steps.push(`send ${needs.signal}`);
  if (needs.stop) steps.push('Stop');
  if (needs.files) steps.push(`Files tab: ${needs.files.split(/\s+/).map((k) => `.${k === 'report' ? 'json report' : k}`).join(', ')}`);
  return steps;
}
