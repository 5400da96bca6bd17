import type { ClassDiff, SurvivorClass } from '../analyzer/query-results.ts';
import { formatBytes } from '../format/units.ts';
import { mountClassTable, type ClassColumn } from './class-table.ts';
import { byTestId, formatCount } from './dom.ts';
import type { PageView } from './page-state/page-store.ts';
import { entryOf } from './page-state/snapshot-intake-rules.ts';

const DIFF_COLUMNS: readonly ClassColumn<ClassDiff>[] = [
  { key: 'name', label: 'Class', value: (r) => r.name, format: (r) => r.name },
  { key: 'added', label: 'New', value: (r) => r.added, format: (r) => formatCount(r.added), title: 'Objects in the later snapshot whose id the earlier one does not have' },
  { key: 'removed', label: 'Deleted', value: (r) => r.removed, format: (r) => formatCount(r.removed), title: 'Objects of the earlier snapshot gone from the later one' },
  { key: 'countDelta', label: 'Δ count', value: (r) => r.countDelta, format: (r) => formatCount(r.countDelta, true) },
  { key: 'sizeDelta', label: 'Δ size', value: (r) => r.sizeDelta, format: (r) => signedBytes(r.sizeDelta) },
  { key: 'addedRetainedSize', label: 'Retained by new', value: (r) => r.addedRetainedSize, format: (r) => formatBytes(r.addedRetainedSize), title: 'Retained size of the new objects (nested objects of the same class counted once)' },
];

const SURVIVOR_COLUMNS: readonly ClassColumn<SurvivorClass>[] = [
  { key: 'name', label: 'Class', value: (r) => r.name, format: (r) => r.name },
  { key: 'count', label: 'Survivors', value: (r) => r.count, format: (r) => formatCount(r.count) },
  { key: 'selfSize', label: 'Shallow size', value: (r) => r.selfSize, format: (r) => formatBytes(r.selfSize) },
  { key: 'retainedSize', label: 'Retained size', value: (r) => r.retainedSize, format: (r) => formatBytes(r.retainedSize) },
];

function signedBytes(bytes: number): string {
  return bytes > 0 ? `+${formatBytes(bytes)}` : bytes < 0 ? `−${formatBytes(-bytes)}` : '0 B';
}

/**
 * The comparison of two or three snapshots: classes by new objects' retained size (the
 * heading says which snapshots), the matching note when ids did not overlap, and with three
 * snapshots the survivors (made between the first two, still alive in the third).
 */
export function mountDiffTable(root: HTMLElement, view: PageView, onSelect: (className: string) => void): void {
  const section = byTestId(root, 'comparison');
  const heading = byTestId(section, 'comparison-heading');
  const note = byTestId(section, 'comparison-note');
  const diffTable = mountClassTable(byTestId<HTMLTableElement>(section, 'diff-table'), DIFF_COLUMNS, { sortKey: 'addedRetainedSize', highlightClass: view.state.snapshots.highlightClass, onSelect });
  const survivorsBox = byTestId(section, 'survivors');
  const survivorsTable = mountClassTable(byTestId<HTMLTableElement>(section, 'survivors-table'), SURVIVOR_COLUMNS, { sortKey: 'retainedSize', highlightClass: view.state.snapshots.highlightClass, onSelect });

  view.subscribe(({ snapshots: s }) => {
    const c = s.comparison;
    section.hidden = c?.kind !== 'diff';
    section.dataset.busy = String(s.isComparing);
    if (c?.kind !== 'diff') return;
    const labels = c.snapshotIds.map((id) => entryOf(s, id)?.label ?? '?');
    heading.textContent = `Comparison ${labels[0]} → ${labels[labels.length - 1]}`;
    note.hidden = c.diff.matching === 'by-id';
    note.textContent = c.diff.note ?? (c.diff.matching === 'by-id' ? '' : 'These snapshots share no object ids, so only class counts are compared.');
    diffTable.render(c.diff.classes, s.selectedClass);
    survivorsBox.hidden = c.survivors === null;
    if (c.survivors) {
      byTestId(survivorsBox, 'survivors-heading').textContent = `Made between ${labels[0]} and ${labels[1]}, still alive in ${labels[2]}`;
      survivorsTable.render(c.survivors.survivors, s.selectedClass);
    }
  });
}
