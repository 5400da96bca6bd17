import { h } from './dom.ts';

/** One column of a class table: how to read, sort and show a row's value. */
export interface ClassColumn<Row> {
  key: string;
  label: string;
  /** Sort key; numbers sort descending first, text ascending. */
  value: (row: Row) => number | string;
  format: (row: Row) => string;
  title?: string;
}

export interface ClassTable<Row> {
  /** Redraws when the rows, the selection or the sort changed since the last call. */
  render(rows: readonly Row[], selectedClass: string | null): void;
}

/**
 * A table of classes (one `<tr data-class="Name">` each), sorted by clicking a header and
 * starting with the given column. The lesson's class is highlighted where the data puts it,
 * never moved. Selecting a row (click, Enter or Space) calls `onSelect`; the rows are one tab stop,
 * and the arrow keys, Home and End move between them.
 */
export function mountClassTable<Row extends { name: string }>(
  table: HTMLTableElement,
  columns: readonly ClassColumn<Row>[],
  options: { sortKey: string; highlightClass: string | null; onSelect: (className: string) => void },
): ClassTable<Row> {
  let sortKey = options.sortKey;
  let isDescending = true;
  let drawnRows: readonly Row[] | null = null;
  let drawnSelected: string | null = null;
  let drawnSort = '';

  const head = h('thead', {}, [h('tr', {}, columns.map((column) => {
    const button = h('button', { type: 'button', 'data-sort': column.key, text: column.label, ...(column.title ? { title: column.title } : {}) });
    button.addEventListener('click', () => {
      if (sortKey === column.key) isDescending = !isDescending;
      else { sortKey = column.key; isDescending = column.key !== 'name'; }
      draw();
    });
    return h('th', { scope: 'col', class: column.key === 'name' ? '' : 'num' }, [button]);
  }))]);
  const body = h('tbody');
  table.replaceChildren(head, body);
  body.addEventListener('click', (e) => select(e.target));
  // One tab stop for the whole body (a roving tabindex): a comparison has dozens of rows, and a
  // keyboard user should not Tab through each to reach what follows. Arrows move between rows.
  let currentClass: string | null = null;
  body.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      select(e.target);
      return;
    }
    const rows = [...body.querySelectorAll<HTMLElement>('tr[data-class]')];
    const at = rows.indexOf((e.target as HTMLElement | null)?.closest<HTMLElement>('tr[data-class]') as HTMLElement);
    if (at < 0) return;
    const to = e.key === 'ArrowDown' ? at + 1 : e.key === 'ArrowUp' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? rows.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    moveFocus(rows, Math.max(0, Math.min(rows.length - 1, to)));
  });

  function moveFocus(rows: HTMLElement[], index: number): void {
    for (const [i, row] of rows.entries()) row.tabIndex = i === index ? 0 : -1;
    currentClass = rows[index]?.dataset.class ?? null;
    rows[index]?.focus();
  }

  function select(target: EventTarget | null): void {
    const row = (target as HTMLElement | null)?.closest<HTMLElement>('tr[data-class]');
    if (row?.dataset.class !== undefined) options.onSelect(row.dataset.class);
  }

  function draw(): void {
    const rows = drawnRows ?? [];
    const column = columns.find((c) => c.key === sortKey) ?? columns[0];
    const sorted = [...rows].sort((a, b) => {
      const x = column.value(a), y = column.value(b);
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return isDescending ? -order : order;
    });
    for (const th of head.querySelectorAll<HTMLElement>('th')) th.removeAttribute('aria-sort');
    const sortedTh = head.querySelector(`[data-sort="${column.key}"]`)?.parentElement;
    sortedTh?.setAttribute('aria-sort', isDescending ? 'descending' : 'ascending');
    const tabStop = sorted.some((row) => row.name === currentClass) ? currentClass
      : sorted.some((row) => row.name === drawnSelected) ? drawnSelected : sorted[0]?.name;
    const hadFocus = body.contains(document.activeElement);
    body.replaceChildren(...sorted.map((row) => h('tr', {
      'data-class': row.name,
      tabindex: row.name === tabStop ? 0 : -1,
      class: row.name === options.highlightClass ? 'is-lesson-class' : '',
      'aria-selected': row.name === drawnSelected ? 'true' : 'false',
    }, columns.map((c) => h('td', { class: c.key === 'name' ? 'class-name' : 'num', text: c.format(row) })))));
    if (hadFocus) body.querySelector<HTMLElement>('tr[tabindex="0"]')?.focus();
    drawnSort = `${sortKey}:${isDescending}`;
  }

  return {
    render(rows, selectedClass) {
      if (rows === drawnRows && selectedClass === drawnSelected && drawnSort === `${sortKey}:${isDescending}`) return;
      drawnRows = rows;
      drawnSelected = selectedClass;
      draw();
    },
  };
}
