import { SETTINGS_FIELDS, type SettingsDraft } from '../page-state/settings-rules.ts';
import { StoredJson } from '../stored-json.ts';

/**
 * The learner's run settings for one lesson, as typed (an invalid value is kept too, and shown
 * with its problem after a reload), beside their edit; null when they are the lesson's own.
 */
export class SavedSettings extends StoredJson<SettingsDraft> {
  constructor(storage: Storage | null, lessonId: string) {
    super(storage, `leaklab:settings:${lessonId}`, isDraft, 'your run settings');
  }
}

function isDraft(value: unknown): value is SettingsDraft {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return SETTINGS_FIELDS.every((f) => typeof v[f] === 'string' && v[f].length <= 2000);
}
