import { z } from 'zod';
import { HEAP_CAP_MIB, PROGRAM_LIMITS, loadProfileSchema, wholeNumber } from './program.ts';

/**
 * A share link's payload: the program a learner edited and the run settings it ran with, for one
 * lesson. It travels deflated and base64url-encoded in the URL hash (`#share=…`, never sent to a
 * server); src/playground/share/share-codec.ts writes and reads it.
 *
 * Versioned so it can grow: `v` goes up when a field changes meaning or goes away; a new optional
 * field needs no new version (older pages drop what they do not know, newer pages read old links).
 * Run settings carry what the page holds for the program: the load, the heap cap, the node flags
 * (each optional: absent means the lesson's own). Permissions are never carried: a link cannot
 * grant a program more than its lesson does.
 */
export const SHARE_FORMAT_VERSION = 1;

export const SHARE_LIMITS = {
  /** The `#share=` value, in characters; far below what browsers take, and what chat apps keep whole. */
  maxHashChars: 100_000,
  /** The inflated JSON, in bytes: a link cannot make the page inflate more than this (a deflate bomb). */
  maxJsonBytes: 1024 * 1024,
} as const;

export const sharedRunSettingsSchema = z.object({
  load: loadProfileSchema.optional(),
  heapCapMiB: wholeNumber(HEAP_CAP_MIB.min, HEAP_CAP_MIB.max).optional(),
  nodeFlags: z.array(z.string().max(500)).max(10).optional(),
});
export interface SharedRunSettings extends z.infer<typeof sharedRunSettingsSchema> {}

export const sharedProgramSchema = z.object({
  v: z.literal(SHARE_FORMAT_VERSION),
  /** The lesson's folder name; the link opens on that lesson's page only. */
  lesson: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, { error: 'must be a lesson folder name such as 01-global-variables' }),
  /** Which lesson program the code started from. */
  base: z.enum(['leaky', 'fixed']),
  /** main.js as the learner left it. */
  code: z.string().max(PROGRAM_LIMITS.maxFileChars, { error: `must be at most ${PROGRAM_LIMITS.maxFileChars} characters` }),
  settings: sharedRunSettingsSchema.default({}),
});
export interface SharedProgram extends z.infer<typeof sharedProgramSchema> {}
