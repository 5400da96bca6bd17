import type { CollectionGrowth } from '../analyzer/query-results.ts';
import { formatBytes } from '../format/units.ts';
import { byTestId, formatCount, h } from './dom.ts';
import type { PageView } from './page-state/page-store.ts';
import { entryOf } from './page-state/snapshot-intake-rules.ts';

/**
 * Arrays, Maps and Sets whose element count grew across the compared snapshots, their counts
 * side by side (100 → 10,000 → 50,000) and the path that holds each one.
 */
export function mountCollections(root: HTMLElement, view: PageView): void {
  const section = byTestId(root, 'growing-collections');
  const table = byTestId<HTMLTableElement>(section, 'collections-table');
  const empty = byTestId(section, 'collections-empty');
  let drawn: readonly CollectionGrowth[] | null = null;

  view.subscribe(({ snapshots: s }) => {
    const c = s.comparison;
    section.hidden = c?.kind !== 'diff';
    if (c?.kind !== 'diff') return;
    const collections = c.survivors?.collections ?? c.diff.collections;
    if (collections === drawn) return;
    drawn = collections;
    const labels = c.snapshotIds.map((id) => entryOf(s, id)?.label ?? '?');
    // The survivors' collections have a count per snapshot; the diff's only first and last.
    const countLabels = collections[0]?.counts.length === labels.length ? labels : [labels[0], labels[labels.length - 1]];
    empty.hidden = collections.length > 0;
    table.hidden = collections.length === 0;
    table.replaceChildren(
      h('thead', {}, [h('tr', {}, [
        h('th', { scope: 'col', text: 'Held at' }),
        h('th', { scope: 'col', text: 'Kind' }),
        ...countLabels.map((label) => h('th', { scope: 'col', class: 'num', text: label, title: `Length in ${label}` })),
        h('th', { scope: 'col', class: 'num', text: 'Retained' }),
      ])]),
      h('tbody', {}, collections.map((col) => h('tr', { 'data-kind': col.kind, 'data-node-id': col.nodeId }, [
        h('td', { class: 'path', text: col.path, title: col.path }),
        h('td', { text: col.kind === col.className ? col.kind : `${col.kind} (${col.className})` }),
        ...col.counts.map((n) => h('td', { class: 'num', text: n === null ? '—' : formatCount(n) })),
        h('td', { class: 'num', text: formatBytes(col.retainedSize) }),
      ]))),
    );
  });
}
