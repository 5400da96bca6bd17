/** The page's colour scheme, from the system (`prefers-color-scheme`). */
export type ColorScheme = 'light' | 'dark';

/** What the editor, terminal and chart dress for: the scheme, and whether a presenter is on stage (large type). */
export interface PageLook {
  readonly scheme: ColorScheme;
  readonly isPresenting: boolean;
}

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The look now. Presenter mode is `data-present` on `<html>` (src/playground/presenter/). */
export function currentLook(): PageLook {
  const isDark = typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches;
  return { scheme: isDark ? 'dark' : 'light', isPresenting: document.documentElement.hasAttribute('data-present') };
}

/**
 * Calls `listener` with the new look whenever the system scheme flips or presenter mode is
 * turned on or off; the views that paint their own colours (canvas, xterm, CodeMirror) listen,
 * since CSS custom properties do not reach them.
 */
export function onLookChange(listener: (look: PageLook) => void): () => void {
  let last = currentLook();
  const check = (): void => {
    const next = currentLook();
    if (next.scheme === last.scheme && next.isPresenting === last.isPresenting) return;
    last = next;
    listener(next);
  };
  const media = typeof matchMedia === 'function' ? matchMedia(DARK_QUERY) : null;
  media?.addEventListener('change', check);
  const observer = new MutationObserver(check);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-present'] });
  return () => {
    media?.removeEventListener('change', check);
    observer.disconnect();
  };
}
