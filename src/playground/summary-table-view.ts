import type { ClassSummary } from '../analyzer/query-results.ts';
import { formatBytes } from '../format/units.ts';
import { mountClassTable, type ClassColumn } from './class-table.ts';
import { byTestId, formatCount } from './dom.ts';
import type { PageView } from './page-state/page-store.ts';
import { entryOf } from './page-state/snapshot-intake-rules.ts';

const COLUMNS: readonly ClassColumn<ClassSummary>[] = [
  { key: 'name', label: 'Class', value: (r) => r.name, format: (r) => r.name },
  { key: 'count', label: 'Objects', value: (r) => r.count, format: (r) => formatCount(r.count) },
  { key: 'selfSize', label: 'Shallow size', value: (r) => r.selfSize, format: (r) => formatBytes(r.selfSize), title: 'Bytes the objects take themselves' },
  { key: 'retainedSize', label: 'Retained size', value: (r) => r.retainedSize, format: (r) => formatBytes(r.retainedSize), title: 'Bytes freed if these objects went away' },
];

/** One snapshot by class: count, shallow and retained size, largest retained first. */
export function mountSummaryTable(root: HTMLElement, view: PageView, onSelect: (className: string) => void): void {
  const section = byTestId(root, 'summary');
  const heading = byTestId(section, 'summary-heading');
  const table = mountClassTable(byTestId<HTMLTableElement>(section, 'summary-table'), COLUMNS, { sortKey: 'retainedSize', highlightClass: view.state.snapshots.highlightClass, onSelect });
  view.subscribe(({ snapshots: s }) => {
    const c = s.comparison;
    section.hidden = c?.kind !== 'summary';
    if (c?.kind !== 'summary') return;
    const r = c.result;
    heading.textContent = `Summary of ${entryOf(s, c.snapshotId)?.label ?? '?'}: ${formatCount(r.nodes)} objects, ${formatBytes(r.totalSize)}`;
    table.render(r.classes, s.selectedClass);
  });
}
