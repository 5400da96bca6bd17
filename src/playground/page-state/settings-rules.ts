import type { LoadProfile } from '../../protocol/program.ts';
import { runSettingsSchema, type RunSettings } from '../../protocol/run-settings.ts';

/**
 * The run settings the page offers beside Run, one field each. A try-it that needs a setting
 * names one of these (tests/lessons/try-its.test.ts checks that every try-it can be done here).
 */
export const SETTINGS_FIELDS = ['nodeFlags', 'heapCapMiB', 'paths', 'ratePerSec', 'method', 'durationSec'] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];
/** The fields that shape the load; a program that is not an HTTP server has none of them. */
export const LOAD_FIELDS: readonly SettingsField[] = ['paths', 'ratePerSec', 'method'];

/** What each field holds, as typed: an invalid value stays in its field, with its problem beside it. */
export type SettingsDraft = Readonly<Record<SettingsField, string>>;
export type SettingsProblems = Readonly<Partial<Record<SettingsField, string>>>;

export interface SettingsSlice {
  /** The lesson's own settings as the fields show them: what Reset goes back to. */
  readonly defaults: SettingsDraft;
  readonly draft: SettingsDraft;
  /** Each field's problem from the one validator; Run does not start while there is any. */
  readonly problems: SettingsProblems;
  /** The draft, checked; null while it has a problem. */
  readonly checked: RunSettings | null;
  /** The lesson's load (body, headers, connections kept as the lesson has them); null for a program without load. */
  readonly baseLoad: LoadProfile | null;
}

/** The fields' text for `settings`. */
export function draftOf(settings: RunSettings): SettingsDraft {
  return {
    nodeFlags: settings.nodeFlags.join(' '),
    heapCapMiB: String(settings.heapCapMiB),
    paths: settings.load?.paths.join(' ') ?? '',
    ratePerSec: settings.load ? String(settings.load.ratePerSec) : '',
    method: settings.load?.method ?? '',
    durationSec: settings.durationSec === null ? '' : String(settings.durationSec),
  };
}

/** A lesson's settings slice: its defaults, and the learner's saved draft when there is one. */
export function settingsSlice(defaults: RunSettings, saved: SettingsDraft | null = null): SettingsSlice {
  const defaultDraft = draftOf(defaults);
  const draft = saved ?? defaultDraft;
  return { defaults: defaultDraft, draft, baseLoad: defaults.load ?? null, ...checkDraft(draft, defaults.load ?? null) };
}

/** The learner typed `text` into `field`. */
export function editSetting(slice: SettingsSlice, field: SettingsField, text: string): SettingsSlice {
  if (slice.draft[field] === text) return slice;
  const draft = { ...slice.draft, [field]: text };
  return { ...slice, draft, ...checkDraft(draft, slice.baseLoad) };
}

export function resetSettings(slice: SettingsSlice): SettingsSlice {
  return isChanged(slice) ? { ...slice, draft: slice.defaults, ...checkDraft(slice.defaults, slice.baseLoad) } : slice;
}

/** The learner changed a setting from the lesson's. */
export function isChanged(slice: SettingsSlice): boolean {
  return SETTINGS_FIELDS.some((f) => slice.draft[f] !== slice.defaults[f]);
}

/**
 * The draft through runSettingsSchema, the validator the socket and the CLI use: the settings,
 * or each field's problem in the validator's words. Lists are typed space-separated.
 */
export function checkDraft(draft: SettingsDraft, baseLoad: LoadProfile | null): { checked: RunSettings | null; problems: SettingsProblems } {
  const candidate = {
    nodeFlags: words(draft.nodeFlags),
    heapCapMiB: numberOf(draft.heapCapMiB),
    ...(baseLoad && { load: { ...baseLoad, paths: words(draft.paths), ratePerSec: numberOf(draft.ratePerSec), method: draft.method.trim().toUpperCase() } }),
    durationSec: draft.durationSec.trim() === '' ? null : numberOf(draft.durationSec),
  };
  const parsed = runSettingsSchema.safeParse(candidate);
  if (parsed.success) return { checked: parsed.data, problems: {} };
  const problems: Partial<Record<SettingsField, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = fieldOf(issue.path);
    // The first problem of a field is the one to fix first. A path of the list is named as typed
    // (a flag's problem names its flag already).
    const index = issue.path[issue.path.length - 1];
    const typed = field === 'paths' && typeof index === 'number' ? `${JSON.stringify(candidate.load?.paths[index])} ` : '';
    problems[field] ??= `${typed}${issue.message}`;
  }
  return { checked: null, problems };
}

function fieldOf(path: readonly PropertyKey[]): SettingsField {
  const [top, inner] = path;
  if (top === 'load') return inner === 'ratePerSec' || inner === 'method' ? inner : 'paths';
  return top === 'nodeFlags' || top === 'heapCapMiB' || top === 'durationSec' ? top : 'paths';
}

const words = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);

/** A number as typed; what is not one (empty, `12abc`) goes to the validator as NaN, which it refuses with its range. */
function numberOf(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}
