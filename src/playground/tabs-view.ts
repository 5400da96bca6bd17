/** Switches what the tab strip shows; `name` is a tab's `data-tab`. */
export interface Tabs {
  show(name: string): void;
}

/**
 * A tab strip (`[role="tab"][data-tab]`) over panels (`[role="tabpanel"][data-tab-panel]`) under
 * `root`: one panel visible at a time. Arrow keys move between tabs, as the ARIA pattern says.
 */
export function mountTabs(root: HTMLElement): Tabs {
  const tabs = [...root.querySelectorAll<HTMLButtonElement>('[role="tab"][data-tab]')];
  const panels = [...root.querySelectorAll<HTMLElement>('[role="tabpanel"][data-tab-panel]')];
  const show = (name: string): void => {
    for (const tab of tabs) {
      const isCurrent = tab.dataset.tab === name;
      tab.setAttribute('aria-selected', String(isCurrent));
      tab.tabIndex = isCurrent ? 0 : -1;
    }
    for (const panel of panels) panel.hidden = panel.dataset.tabPanel !== name;
  };
  for (const [i, tab] of tabs.entries()) {
    tab.addEventListener('click', () => show(tab.dataset.tab ?? ''));
    tab.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
      show(next.dataset.tab ?? '');
      next.focus();
    });
  }
  return { show };
}
