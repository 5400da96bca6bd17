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
 * never moved. Selecting a row (click, Enter or Space) calls `onSelect`.
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
  body.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    select(e.target);
  });

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
    body.replaceChildren(...sorted.map((row) => h('tr', {
      'data-class': row.name,
      tabindex: 0,
      class: row.name === options.highlightClass ? 'is-lesson-class' : '',
      'aria-selected': row.name === drawnSelected ? 'true' : 'false',
    }, columns.map((c) => h('td', { class: c.key === 'name' ? 'class-name' : 'num', text: c.format(row) })))));
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
