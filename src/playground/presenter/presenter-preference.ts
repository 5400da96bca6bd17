/** Where presenter mode is remembered between pages and visits. */
export const PRESENT_STORAGE_KEY = 'leaklab:present';

export interface PresenterPreference {
  isOn: boolean;
  /** What to remember: 'on', 'off' (forget), or nothing (the address did not ask). */
  remember: 'on' | 'off' | null;
}

const ON = new Set(['', '1', 'on', 'true', 'yes']);
const OFF = new Set(['0', 'off', 'false', 'no']);

/**
 * Whether a page opens in presenter mode: `?present` (or `=1`, `on`, `true`) turns it on and
 * remembers that; `?present=0` (or `off`, `false`) turns it off and forgets; without either the
 * remembered choice holds. Any other value is ignored, as if absent.
 */
export function presenterPreference(search: string, stored: string | null): PresenterPreference {
  const asked = new URLSearchParams(search).get('present');
  if (asked !== null && ON.has(asked.toLowerCase())) return { isOn: true, remember: 'on' };
  if (asked !== null && OFF.has(asked.toLowerCase())) return { isOn: false, remember: 'off' };
  return { isOn: stored === 'on', remember: null };
}

/** The address without `present`, so a reload after turning it off does not turn it on again. */
export function searchWithoutPresent(search: string): string {
  const params = new URLSearchParams(search);
  params.delete('present');
  const rest = params.toString();
  return rest ? `?${rest}` : '';
}
