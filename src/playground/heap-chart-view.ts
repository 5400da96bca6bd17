import uPlot from 'uplot';
import { AlignedColumns } from './aligned-columns.ts';
import { CHART_HEIGHT_PX, chartOptions } from './chart-options.ts';
import { latestValuesText } from './chart-latest.ts';
import { chartDescription, chartPlan } from './heap-chart-plan.ts';
import type { AppendLog } from './page-state/append-log.ts';
import { snapshotMarks, type SnapshotMark } from './page-state/page-selectors.ts';
import type { SeriesEvent } from './page-state/page-state.ts';
import type { PageView } from './page-state/page-store.ts';
import { currentLook, onLookChange, type PageLook } from './theme/page-look.ts';

/** The shortest plot worth drawing when presenter mode gives the chart a small box. */
const MIN_FILL_HEIGHT_PX = 140;

/**
 * The live memory chart against seconds (see chartOptions for what it draws), with a dashed line
 * where each snapshot of the live run was taken. At most one redraw per animation frame, and only
 * when the run got new rows; each frame reads only those (AlignedColumns). `data-points`,
 * `data-floors` and `data-snapshot-marks` count what is drawn; `data-<scale>-axis-max` on `parent`
 * says where each y axis tops out. A line under the plot says the latest values in words.
 * When the colour scheme or presenter mode changes, the chart is built again in the new look
 * with the same columns (the canvas keeps no CSS colours).
 */
export function mountHeapChart(parent: HTMLElement, view: PageView): void {
  const plan = chartPlan(view.state.figure);
  let marks: readonly SnapshotMark[] = [];
  let columns = new AlignedColumns(plan);
  let readLog: AppendLog<SeriesEvent> | null = null;
  let look = currentLook();
  const latest = document.createElement('p');
  latest.className = 'chart-latest';
  latest.dataset.testid = 'chart-latest';

  const heightFor = (l: PageLook): number => {
    if (!l.isPresenting) return CHART_HEIGHT_PX;
    // Presenter mode sizes the chart's box from the window; the plot takes what the legend and the latest line leave.
    const legendPx = parent.querySelector<HTMLElement>('.u-legend')?.offsetHeight ?? 40;
    return Math.max(MIN_FILL_HEIGHT_PX, parent.clientHeight - legendPx - latest.offsetHeight - 8);
  };
  const build = (): uPlot => new uPlot(chartOptions(plan, {
    widthPx: Math.max(parent.clientWidth, 300),
    heightPx: heightFor(look),
    marks: () => marks,
    onScaleMax: (scale, max) => { parent.dataset[`${scale}AxisMax`] = max.toFixed(1); },
  }, look), columns.data as uPlot.AlignedData, parent);

  let chart = build();
  parent.append(latest);
  parent.setAttribute('role', 'figure');
  parent.setAttribute('aria-label', chartDescription(plan));
  parent.dataset.points = '0';
  parent.dataset.floors = '0';
  parent.dataset.snapshotMarks = '0';
  latest.textContent = latestValuesText(plan, columns);

  onLookChange((next) => {
    look = next;
    chart.destroy();
    chart = build();
    parent.append(latest); // after the new chart, as before
  });

  new ResizeObserver(() => {
    const width = Math.max(parent.clientWidth, 300);
    const height = heightFor(look);
    if (width !== chart.width || height !== chart.height) chart.setSize({ width, height });
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
    latest.textContent = latestValuesText(plan, columns);
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
