import type { SharedProgram } from '../../protocol/share-link.ts';
import type { BaseVariant, SavedEdit } from '../saved-edits.ts';
import { byTestId } from '../dom.ts';
import { ShareLinkError, SHARE_HASH_PREFIX, decodeShare, encodeShare, shareValueOf } from './share-codec.ts';
import { settingsDifferences, type LessonRunSettings } from './settings-differences.ts';

/** What the share view asks of the playground controller. */
export interface SharePort {
  openText(base: BaseVariant, text: string, isSavingPaused: boolean): void;
  resumeSaving(): void;
  savedEdit(): SavedEdit | null;
  currentProgram(): { base: BaseVariant; code: string; settings: SharedProgram['settings'] };
  setRunSettings(settings: SharedProgram['settings'] | null): void;
}

export interface ShareOptions {
  controller: SharePort;
  lessonId: string;
  lesson: LessonRunSettings;
  /** Where lesson pages live, e.g. "/lessons/": a link made on another lesson points there. */
  lessonsBaseUrl: string;
  confirm: (question: string) => boolean;
}

type ShareState = 'none' | 'opening' | 'opened-shared' | 'opened-adopted' | 'same' | 'refused' | 'wrong-lesson' | 'made' | 'kept' | 'back';

/**
 * Share links on a lesson page. The Share button puts the editor's program and its run settings
 * into a link (`#share=…`, nothing sent anywhere) and copies it. A page opened from such a link
 * shows its code in the editor, never runs it (only Run does), says where it came from, and
 * never writes it over the learner's own saved edit without asking: until they keep it or go
 * back, edits are not saved and leaving the page asks first. A broken, oversized or newer link
 * is refused in words, and the editor keeps what it had.
 */
export function mountShare(root: HTMLElement, options: ShareOptions): void {
  const { controller } = options;
  const bar = byTestId(root, 'share-bar');
  const message = byTestId(bar, 'share-message');
  const keep = byTestId<HTMLButtonElement>(bar, 'share-keep');
  const back = byTestId<HTMLButtonElement>(bar, 'share-back');
  const elsewhere = byTestId<HTMLAnchorElement>(bar, 'share-elsewhere');
  const dismiss = byTestId<HTMLButtonElement>(bar, 'share-dismiss');
  const linkRow = byTestId(bar, 'share-link-row');
  const urlField = byTestId<HTMLInputElement>(bar, 'share-url');
  const copy = byTestId<HTMLButtonElement>(bar, 'share-copy');
  let opened: SharedProgram | null = null;

  const show = (state: ShareState, text: string, level: 'info' | 'warn' | 'error' = 'info'): void => {
    bar.hidden = state === 'none';
    bar.dataset.state = state;
    bar.dataset.level = level;
    message.textContent = text;
    keep.hidden = state !== 'opened-shared';
    back.hidden = state !== 'opened-shared';
    elsewhere.hidden = state !== 'wrong-lesson';
    linkRow.hidden = state !== 'made';
  };

  const open = async (value: string): Promise<void> => {
    show('opening', 'Opening the shared link…');
    let shared: SharedProgram;
    try {
      shared = await decodeShare(value);
    } catch (err) {
      if (!(err instanceof ShareLinkError)) throw err;
      show('refused', `This shared link cannot be opened. ${err.message} The editor keeps your own code.`, 'error');
      return;
    }
    if (shared.lesson !== options.lessonId) {
      elsewhere.href = `${options.lessonsBaseUrl}${shared.lesson}/${SHARE_HASH_PREFIX}${value}`;
      show('wrong-lesson', `This link holds code for lesson ${shared.lesson}, not for this one, so it was not opened here.`, 'warn');
      return;
    }
    opened = shared;
    controller.setRunSettings(shared.settings);
    const differences = settingsDifferences(shared.settings, options.lesson);
    const settingsText = differences.length ? ` Runs use the link's settings: ${differences.join('; ')}.` : '';
    const own = controller.savedEdit();
    if (own?.text != null && own.text === shared.code && own.base === shared.base) {
      controller.openText(shared.base, shared.code, false);
      show('same', `Opened from a shared link: it holds the same code as your saved edit.${settingsText} Nothing runs until you press Run.`);
    } else if (own?.text != null) {
      controller.openText(shared.base, shared.code, true);
      show('opened-shared', `Opened from a shared link; not your saved edit. Your own edit of this lesson is kept: keep the shared code as yours, or go back to your edit. Until then, changes here are not saved.${settingsText} Nothing runs until you press Run.`, 'warn');
    } else {
      controller.openText(shared.base, shared.code, false);
      show('opened-adopted', `Opened from a shared link; not your saved edit (you had none for this lesson, so this code is now kept as your edit; Reset brings back leaky.js).${settingsText} Nothing runs until you press Run.`);
    }
  };

  keep.addEventListener('click', () => {
    if (!options.confirm('Replace your saved edit of this lesson with the shared code?')) return;
    controller.resumeSaving();
    show('kept', 'The shared code is now your saved edit of this lesson.');
  });
  back.addEventListener('click', () => {
    const own = controller.savedEdit();
    if (own?.text != null) controller.openText(own.base, own.text, false);
    controller.setRunSettings(null);
    opened = null;
    history.replaceState(history.state, '', `${window.location.pathname}${window.location.search}`);
    show('back', 'Back to your saved edit and your own run settings. The shared code is no longer in the editor.');
  });
  dismiss.addEventListener('click', () => show('none', ''));

  root.querySelector<HTMLButtonElement>('[data-testid="share"]')?.addEventListener('click', async () => {
    const program = controller.currentProgram();
    try {
      const value = await encodeShare({ v: 1, lesson: options.lessonId, base: program.base, code: program.code, settings: program.settings });
      urlField.value = `${window.location.origin}${window.location.pathname}${SHARE_HASH_PREFIX}${value}`;
    } catch (err) {
      if (!(err instanceof ShareLinkError)) throw err;
      show('refused', err.message, 'error');
      return;
    }
    show('made', 'A link to this program and its run settings (the code is in the link itself, never on a server). It opens on this lesson without running.');
    urlField.focus();
    urlField.select();
    await copyLink();
  });
  copy.addEventListener('click', () => void copyLink());

  async function copyLink(): Promise<void> {
    try {
      await navigator.clipboard.writeText(urlField.value);
      copy.textContent = 'Copied';
      bar.dataset.copied = 'true';
    } catch (err) {
      // No clipboard permission (or no secure context): the link is selected in the field instead.
      console.warn('Leak Lab: could not copy the share link', err);
      copy.textContent = 'Copy';
      bar.dataset.copied = 'false';
      message.textContent += ' Copy it from the field below (this browser did not let the page copy it).';
    }
  }

  // Leaving with unsaved changes to a shared program would lose them: ask first.
  window.addEventListener('beforeunload', (event) => {
    if (bar.dataset.state !== 'opened-shared' || !opened) return;
    if (controller.currentProgram().code !== opened.code) event.preventDefault();
  });
  // Another link pasted into the address bar of this page changes only the hash: open it afresh.
  window.addEventListener('hashchange', () => {
    const value = shareValueOf(window.location.hash);
    if (value !== null) window.location.reload();
  });

  const value = shareValueOf(window.location.hash);
  if (value !== null) void open(value);
}
