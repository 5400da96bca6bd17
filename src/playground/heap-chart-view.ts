import uPlot from 'uplot';
import { AlignedColumns } from './aligned-columns.ts';
import { CHART_HEIGHT_PX, chartOptions } from './chart-options.ts';
import { chartDescription, chartPlan } from './heap-chart-plan.ts';
import type { AppendLog } from './page-state/append-log.ts';
import { snapshotMarks, type SnapshotMark } from './page-state/page-selectors.ts';
import type { SeriesEvent } from './page-state/page-state.ts';
import type { PageView } from './page-state/page-store.ts';

/**
 * The live memory chart against seconds (see chartOptions for what it draws), with a dashed line
 * where each snapshot of the live run was taken. At most one redraw per animation frame, and only
 * when the run got new rows; each frame reads only those (AlignedColumns). `data-points`,
 * `data-floors` and `data-snapshot-marks` count what is drawn; `data-<scale>-axis-max` on `parent`
 * says where each y axis tops out.
 */
export function mountHeapChart(parent: HTMLElement, view: PageView): void {
  const plan = chartPlan(view.state.figure);
  let marks: readonly SnapshotMark[] = [];
  let columns = new AlignedColumns(plan);
  let readLog: AppendLog<SeriesEvent> | null = null;
  const chart = new uPlot(chartOptions(plan, {
    widthPx: Math.max(parent.clientWidth, 300),
    marks: () => marks,
    onScaleMax: (scale, max) => { parent.dataset[`${scale}AxisMax`] = max.toFixed(1); },
  }), columns.data as uPlot.AlignedData, parent);
  parent.setAttribute('aria-label', chartDescription(plan));
  parent.dataset.points = '0';
  parent.dataset.floors = '0';
  parent.dataset.snapshotMarks = '0';

  new ResizeObserver(() => {
    const width = Math.max(parent.clientWidth, 300);
    if (width !== chart.width) chart.setSize({ width, height: CHART_HEIGHT_PX });
  }).observe(parent);

  const drawFrame = (): void => {
    const log = view.state.run.series;
    if (log === readLog) return;
    // A new run (or a log this chart did not read the start of) starts new columns.
    const isNewRun = readLog === null || !log.isExtensionOf(readLog);
    if (isNewRun) columns = new AlignedColumns(plan);
    readLog = log;
    if (columns.readFrom(log) === 0 && !isNewRun) return;
    chart.setData(columns.data as uPlot.AlignedData);
    parent.dataset.points = String(columns.sampleCount);
    parent.dataset.floors = String(columns.floorCount);
  };

  let isFramePending = false;
  view.subscribe((state) => {
    updateMarks(state);
    if (isFramePending) return;
    isFramePending = true;
    requestAnimationFrame(() => {
      isFramePending = false;
      drawFrame();
    });
  });

  function updateMarks(state: PageView['state']): void {
    const next = snapshotMarks(state);
    if (next.length === marks.length && next.every((m, i) => m.seconds === marks[i].seconds && m.label === marks[i].label)) return;
    marks = next;
    parent.dataset.snapshotMarks = String(marks.length);
    chart.redraw(false);
  }
}
