/** Attributes for `h`: `text` sets textContent, `class` the class name; the rest are attributes. */
type Attrs = Record<string, string | number | boolean | undefined> & { text?: string; class?: string };

/**
 * Makes an element: `h('td', { class: 'num', 'data-class': name, text: '12' })`. Attributes that
 * are `false` or undefined are left out; `true` sets an empty attribute.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'text') el.textContent = String(value);
    else if (name === 'class') el.className = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) el.append(child);
  return el;
}

/** Finds a required element by data-testid under `root`; a missing one is a markup bug. */
export function byTestId<T extends HTMLElement = HTMLElement>(root: ParentNode, testId: string): T {
  const el = root.querySelector<T>(`[data-testid="${testId}"]`);
  if (!el) throw new Error(`the page markup has no [data-testid="${testId}"]`);
  return el;
}

/** `1,234`, with a sign when asked: `+1,234`, `−56`. */
export function formatCount(value: number, isSigned = false): string {
  const text = Math.abs(value).toLocaleString('en');
  if (!isSigned || value === 0) return value < 0 ? `−${text}` : text;
  return value > 0 ? `+${text}` : `−${text}`;
}
