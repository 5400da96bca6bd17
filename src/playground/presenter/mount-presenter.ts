import { PRESENT_STORAGE_KEY, presenterPreference, searchWithoutPresent } from './presenter-preference.ts';
import { SHORTCUTS, keyLabel, shortcutFor, type Shortcut } from './shortcut-map.ts';

/** The elements presenter mode works with on a lesson page, found by data-testid. */
interface PresenterElements {
  toggle: HTMLButtonElement;
  helpButton: HTMLButtonElement;
  help: HTMLDialogElement;
  feedback: HTMLElement;
  playground: HTMLElement;
}

/**
 * Presenter mode on a lesson page: `data-present` on `<html>` (presenter.css lays the page out for
 * a projector; the chart, terminal and editor enlarge their type), the toggle (remembered), the
 * help overlay, and the single-key shortcuts of shortcut-map.ts. A shortcut presses the same
 * button a mouse would, so it does exactly what the button does; when the button is disabled it
 * says why instead. Data flows as with clicks: button -> controller -> store -> views.
 */
export function mountPresenter(doc: Document = document): void {
  const el = findElements(doc);
  if (!el) return; // not a lesson page
  const storage = safeStorage();
  const preference = presenterPreference(window.location.search, read(storage));
  if (preference.remember) write(storage, preference.remember);
  setPresenting(el, preference.isOn);
  // Until a shortcut says something, the feedback line says what load the demo runs under.
  if (preference.isOn) say(el, doc.querySelector('[data-testid="demo-load"]')?.textContent ?? '');

  el.toggle.addEventListener('click', () => {
    const isOn = !doc.documentElement.hasAttribute('data-present');
    setPresenting(el, isOn);
    write(storage, isOn ? 'on' : 'off');
    if (!isOn && new URLSearchParams(window.location.search).has('present')) {
      history.replaceState(history.state, '', `${window.location.pathname}${searchWithoutPresent(window.location.search)}${window.location.hash}`);
    }
  });
  el.helpButton.addEventListener('click', () => toggleHelp(el));
  for (const shortcut of SHORTCUTS) {
    if (!shortcut.buttonTestId) continue;
    el.playground.querySelector(`[data-testid="${shortcut.buttonTestId}"]`)?.setAttribute('aria-keyshortcuts', keyLabel(shortcut));
  }

  doc.addEventListener('keydown', (event) => {
    if (!doc.documentElement.hasAttribute('data-present') || event.defaultPrevented || event.repeat) return;
    const target = event.target instanceof Element ? event.target : null;
    if (event.key === 'Escape' && target?.closest('.cm-editor')) {
      // Leave the editor for the toolbar, so the next key is a shortcut again.
      const landing = el.playground.querySelector<HTMLElement>('[data-testid="run"]:not([disabled])')
        ?? el.playground.querySelector<HTMLElement>('[data-testid="reset"]');
      landing?.focus();
      return;
    }
    const shortcut = shortcutFor({
      key: event.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey,
      isComposing: event.isComposing, isInTextField: isTextField(target),
    });
    if (!shortcut) return;
    // Inside the open help dialog only ? (and Esc, the dialog's own) act.
    if (el.help.open && shortcut.action !== 'help') return;
    event.preventDefault();
    perform(el, shortcut);
  });
}

function perform(el: PresenterElements, shortcut: Shortcut): void {
  switch (shortcut.action) {
    case 'help': return toggleHelp(el);
    case 'next-lesson': return followLink(el, 'next', 'This is the last lesson.');
    case 'previous-lesson': return followLink(el, 'prev', 'This is the first lesson.');
    case 'focus-editor': {
      const editor = el.playground.querySelector<HTMLElement>('.cm-content');
      editor?.focus();
      return say(el, editor ? 'Editing: Esc goes back to the shortcuts.' : 'This page has no editor.');
    }
    case 'run': case 'stop': case 'snapshot': case 'compare': case 'show-fix': case 'reset':
      return pressButton(el, shortcut);
    default: return unreachable(shortcut.action);
  }
}

function pressButton(el: PresenterElements, shortcut: Shortcut): void {
  const button = el.playground.querySelector<HTMLButtonElement>(`[data-testid="${shortcut.buttonTestId}"]`);
  if (!button) return say(el, `${shortcut.description}: not on this page.`);
  if (button.disabled) {
    const why = whyDisabled(el.playground, shortcut);
    return say(el, `${shortcut.description}: not now. ${why}`);
  }
  // Compare lives in the snapshots panel; bring it into view when it is behind a tab.
  if (shortcut.action === 'compare' || shortcut.action === 'snapshot') el.playground.querySelector<HTMLElement>('[data-testid="tab-snapshots"]')?.click();
  button.click();
  say(el, `${keyLabel(shortcut)}: ${shortcut.description}.`);
}

/** The reason the page already gives for a disabled button (the Snapshot reason, its title), or a plain one. */
function whyDisabled(playground: HTMLElement, shortcut: Shortcut): string {
  if (shortcut.action === 'snapshot') {
    const reason = playground.querySelector<HTMLElement>('[data-testid="snapshot-reason"]');
    if (reason && !reason.hidden && reason.textContent) return reason.textContent;
  }
  const button = playground.querySelector<HTMLElement>(`[data-testid="${shortcut.buttonTestId}"]`);
  if (button?.title) return button.title;
  switch (shortcut.action) {
    case 'stop': return 'Nothing is running.';
    case 'run': return 'The runtime is not ready yet.';
    case 'compare': return 'Take two snapshots first (H, then H again after some load), or tick two.';
    default: return '';
  }
}

function followLink(el: PresenterElements, rel: 'next' | 'prev', none: string): void {
  const link = document.querySelector<HTMLAnchorElement>(`a[rel="${rel}"]`);
  if (!link) return say(el, none);
  say(el, `Opening ${link.textContent?.replace(/[←→]/g, '').trim() ?? 'the lesson'}…`);
  window.location.assign(link.href);
}

function toggleHelp(el: PresenterElements): void {
  if (el.help.open) el.help.close();
  else el.help.showModal();
}

function setPresenting(el: PresenterElements, isOn: boolean): void {
  document.documentElement.toggleAttribute('data-present', isOn);
  el.toggle.setAttribute('aria-pressed', String(isOn));
  el.helpButton.hidden = !isOn;
}

/** The shortcuts' answer, in a polite live region: what was pressed, or why it could not be. */
function say(el: PresenterElements, text: string): void {
  el.feedback.textContent = text;
  el.feedback.dataset.at = String(Date.now());
}

function isTextField(target: Element | null): boolean {
  if (!target) return false;
  if (target.closest('.cm-editor, [contenteditable=""], [contenteditable="true"]')) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color'].includes(target.type);
  return false;
}

function findElements(doc: Document): PresenterElements | null {
  const get = <T extends HTMLElement>(id: string): T | null => doc.querySelector<T>(`[data-testid="${id}"]`);
  const toggle = get<HTMLButtonElement>('presenter-toggle');
  const helpButton = get<HTMLButtonElement>('shortcut-help-button');
  const help = get<HTMLDialogElement>('shortcut-help');
  const feedback = get('shortcut-feedback');
  const playground = doc.querySelector<HTMLElement>('[data-playground]');
  if (!toggle || !helpButton || !help || !feedback || !playground) return null;
  return { toggle, helpButton, help, feedback, playground };
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch (err) {
    if (!(err instanceof DOMException)) throw err;
    return null;
  }
}

function read(storage: Storage | null): string | null {
  try {
    return storage?.getItem(PRESENT_STORAGE_KEY) ?? null;
  } catch (err) {
    if (!(err instanceof DOMException)) throw err;
    return null;
  }
}

function write(storage: Storage | null, value: 'on' | 'off'): void {
  try {
    if (value === 'on') storage?.setItem(PRESENT_STORAGE_KEY, 'on');
    else storage?.removeItem(PRESENT_STORAGE_KEY);
  } catch (err) {
    // A full or refused storage: presenter mode still works, it is just not remembered.
    if (!(err instanceof DOMException)) throw err;
  }
}

function unreachable(value: never): never {
  throw new Error(`unhandled shortcut action ${String(value)}`);
}
