import type { ProgramSignal } from '../../protocol/socket-messages.ts';
import type { PageState } from '../page-state/page-state.ts';
import type { PageView } from '../page-state/page-store.ts';
import { isChanged, LOAD_FIELDS, SETTINGS_FIELDS, type SettingsField } from '../page-state/settings-rules.ts';
import { settingsApply } from '../page-state/page-selectors.ts';
import { byTestId } from '../dom.ts';

/** What the settings view asks of its controller. */
export interface RunSettingsActions {
  edit(field: SettingsField, text: string): void;
  sendSignal(signal: ProgramSignal): void;
}

type FieldElement = HTMLInputElement | HTMLSelectElement;

/**
 * The run settings beside Run (RunSettings.astro): the toggle opens the panel; each field shows
 * the draft, and its problem is written beside it (aria-invalid, and the problem is the field's
 * description, so a screen reader says it). Typing dispatches; nothing here checks a value.
 */
export function mountRunSettings(root: HTMLElement, view: PageView, actions: RunSettingsActions): void {
  const panel = byTestId(root, 'run-settings');
  const toggle = byTestId<HTMLButtonElement>(root, 'settings-toggle');
  const changedMarker = byTestId(root, 'settings-changed');
  const fieldset = byTestId<HTMLFieldSetElement>(root, 'settings-fields');
  const note = byTestId(root, 'settings-note');
  const noLoad = byTestId(root, 'settings-no-load');
  const signalRow = byTestId(root, 'signal-row');
  const signalChoice = byTestId<HTMLSelectElement>(root, 'signal-choice');
  const sendSignal = byTestId<HTMLButtonElement>(root, 'send-signal');
  const fields = new Map<SettingsField, { input: FieldElement; problem: HTMLElement }>();
  for (const field of SETTINGS_FIELDS) {
    const input = byTestId<FieldElement>(root, `setting-${field}`);
    fields.set(field, { input, problem: byTestId(root, `problem-${field}`) });
    input.addEventListener(input instanceof HTMLSelectElement ? 'change' : 'input', () => actions.edit(field, input.value));
  }

  const setOpen = (isOpen: boolean): void => {
    panel.hidden = !isOpen;
    toggle.setAttribute('aria-expanded', String(isOpen));
  };
  toggle.addEventListener('click', () => setOpen(panel.hidden === true));
  sendSignal.addEventListener('click', () => actions.sendSignal(signalChoice.value as ProgramSignal));

  view.subscribe((s) => {
    const { settings } = s;
    toggle.hidden = settings === null;
    if (!settings) return setOpen(false);
    // Settings kept from an earlier visit stay behind the toggle (the terminal has room), which says they are changed.
    changedMarker.hidden = !isChanged(settings);
    const hasLoad = settings.baseLoad !== null;
    noLoad.hidden = hasLoad;
    for (const [field, { input, problem }] of fields) {
      const isLoadField = LOAD_FIELDS.includes(field);
      (input.closest('[data-load-setting]') as HTMLElement | null)?.toggleAttribute('hidden', isLoadField && !hasLoad);
      // Only a value the learner did not just type is written back: rewriting it would move the caret.
      if (input.value !== settings.draft[field]) input.value = settings.draft[field];
      const text = settings.problems[field] ?? '';
      problem.textContent = text;
      if (text) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    const apply = settingsApply(s);
    fieldset.disabled = !apply.doApply;
    note.textContent = apply.reason ? `(${apply.reason})` : '';
    showSignal(s, signalRow, sendSignal);
  });
}

/** Signals go to a live program on a runtime that can send them. */
function showSignal(s: PageState, row: HTMLElement, button: HTMLButtonElement): void {
  const canSignal = s.runtime.status === 'chosen' && s.runtime.capabilities.programFiles === true;
  row.hidden = !canSignal;
  button.disabled = !canSignal || s.run.phase !== 'running';
}
