import { z } from 'zod';
import { HEAP_CAP_MIB, loadProfileSchema, wholeNumber, type ProgramSpec } from './program.ts';
import { nodeFlagsSchema } from './node-flags.ts';

/**
 * The longest run the page's duration setting may ask for. The local runner ends any run at its
 * five-minute wall-time cap; four minutes leave room for a slow start and snapshot pauses.
 */
export const MAX_DURATION_SEC = 240;

/**
 * What the learner may change about a run beside its code: the page's run settings and the
 * CLI's flags, checked by the same validators a lesson's frontmatter and the socket use (the
 * node-flag allow-list, the heap cap's range, the one load-profile validator).
 */
export const runSettingsSchema = z.strictObject({
  nodeFlags: nodeFlagsSchema,
  heapCapMiB: wholeNumber(HEAP_CAP_MIB.min, HEAP_CAP_MIB.max),
  /** Absent for a program that is not an HTTP server: it gets no load. */
  load: loadProfileSchema.optional(),
  /** Seconds under load (from start without load) before the page presses Stop; null runs until Stop. */
  durationSec: wholeNumber(1, MAX_DURATION_SEC).nullable(),
});
export interface RunSettings extends z.infer<typeof runSettingsSchema> {}

/** The settings a program spec carries (a lesson's defaults), with the page's duration. */
export function settingsOf(spec: ProgramSpec, durationSec: number | null): RunSettings {
  return { nodeFlags: [...spec.nodeFlags], heapCapMiB: spec.heapCapMiB, ...(spec.load && { load: { ...spec.load } }), durationSec };
}

/** `spec` run with `settings`: the flags, the heap cap and the load replaced (the duration is the page's). */
export function withSettings(spec: ProgramSpec, settings: RunSettings): ProgramSpec {
  return { ...spec, nodeFlags: [...settings.nodeFlags], heapCapMiB: settings.heapCapMiB, load: settings.load && { ...settings.load } };
}
