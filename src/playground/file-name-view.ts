import type { DraftInfo } from './page-state/page-state.ts';
import type { PageView } from './page-state/page-store.ts';

/** How the lesson text names what the editor holds: `leaky.js`, `fixed.js`, or the learner's edit of one. */
export function fileNameOf(draft: DraftInfo): string {
  const file = `${draft.base}.js`;
  return draft.isEdited ? `your edit of ${file}` : file;
}

/**
 * The editor's tab: names the lesson file it shows, as the lesson text does (the program still
 * runs as main.js, which the terminal's command line says).
 */
export function mountFileName(label: HTMLElement, view: PageView): void {
  view.subscribe(({ draft }) => {
    const name = fileNameOf(draft);
    if (label.textContent !== name) label.textContent = name;
    label.dataset.base = draft.base;
  });
}
