import uPlot from 'uplot';
import type { Figure } from '../protocol/samples.ts';
import { chartDescription, chartPlan, legendLabel, type FloorColumnName, type LineSpec } from './heap-chart-plan.ts';
import type { FloorColumns, SampleColumns } from './sample-columns.ts';
import type { SessionStore } from './session-store.ts';
import type { SnapshotStore } from './snapshot-store.ts';

const CHART_HEIGHT_PX = 220;

const formatMb = (_u: uPlot, v: number | null): string => (v == null ? '–' : `${v.toFixed(1)} MB`);
const formatCount = (_u: uPlot, v: number | null): string => (v == null ? '–' : String(Math.round(v)));

/** A snapshot of the live run, drawn as a labelled vertical line at the moment it was written. */
interface SnapshotMark { seconds: number; label: string }

const MARK_COLOUR = '#7c3aed';

/** uPlot draw hook: a dashed line and the snapshot's label at each mark inside the plot. */
function drawMarks(u: uPlot, marks: readonly SnapshotMark[]): void {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.strokeStyle = MARK_COLOUR;
  ctx.fillStyle = MARK_COLOUR;
  ctx.lineWidth = 1.5 * devicePixelRatio;
  ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
  ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  for (const mark of marks) {
    const x = Math.round(u.valToPos(mark.seconds, 'x', true));
    if (x < bbox.left || x > bbox.left + bbox.width) continue;
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
    ctx.fillText(mark.label, x + 3 * devicePixelRatio, bbox.top + 2 * devicePixelRatio);
  }
  ctx.restore();
}

/** Every y scale starts at 0 and leaves a tenth of headroom; an empty one still spans `minSpan`. */
const zeroBasedRange = (minSpan: number): uPlot.Scale.Range => (_u, _min, max) => [0, Math.max(minSpan, (max ?? 0) * 1.1)];

/**
 * The live memory chart against seconds: heapUsed, heapTotal and the heapUsed floor after each GC
 * (dots) on the left axis, rss and external on a right axis with its own scale (MB both), the
 * lesson's figure when it is not one of those (arrayBuffers beside external; active handles on an
 * outer right axis), and a dashed line where each snapshot of the live run was taken. The legend
 * names each series' axis. Redraws at most once per animation frame, and only when the store got
 * new points. `data-<scale>-axis-max` on `parent` says where each y axis tops out.
 */
export function mountHeapChart(parent: HTMLElement, store: SessionStore, figure: Figure, snapshots?: SnapshotStore): void {
  let marks: SnapshotMark[] = [];
  const plan = chartPlan(figure);
  const { lines, floor } = plan;
  const axes: uPlot.Axis[] = [
    { label: 'seconds', stroke: '#4b5563', grid: { stroke: '#e5e7eb' } },
    ...plan.axes.map((axis): uPlot.Axis => ({
      label: axis.label,
      scale: axis.scale,
      side: axis.side === 'left' ? 3 : 1,
      stroke: axis.stroke,
      grid: axis.isGridShown ? { stroke: '#e5e7eb' } : { show: false },
      size: axis.sizePx,
    })),
  ];
  const scales: Record<string, uPlot.Scale> = { x: { time: false } };
  for (const axis of plan.axes) scales[axis.scale] = { range: zeroBasedRange(axis.scale === 'count' ? 10 : 8) };
  const options: uPlot.Options = {
    width: Math.max(parent.clientWidth, 300),
    height: CHART_HEIGHT_PX,
    cursor: { drag: { x: false, y: false } },
    hooks: {
      draw: [(u) => drawMarks(u, marks)],
      setScale: [(u, key) => {
        const max = u.scales[key]?.max;
        if (key !== 'x' && max != null) parent.dataset[`${key}AxisMax`] = max.toFixed(1);
      }],
    },
    scales,
    axes,
    series: [
      { label: 'time', value: (_u, v) => (v == null ? '–' : `${v.toFixed(1)} s`) },
      ...lines.map((line) => ({
        label: legendLabel(plan, line.label, line.scale),
        scale: line.scale,
        stroke: line.stroke,
        width: line.width,
        spanGaps: true,
        points: { show: false },
        value: line.scale === 'count' ? formatCount : formatMb,
      })),
      {
        label: legendLabel(plan, floor.label, floor.scale),
        scale: floor.scale,
        stroke: '#dc2626',
        fill: '#dc2626',
        paths: () => null,
        points: { show: true, size: 7, stroke: '#dc2626', fill: '#dc2626' },
        value: formatMb,
      },
    ],
  };
  const chart = new uPlot(options, alignedData(store.samples, store.floors, lines, floor.column), parent);
  parent.setAttribute('aria-label', chartDescription(plan));
  parent.dataset.points = '0';
  parent.dataset.floors = '0';
  parent.dataset.snapshotMarks = '0';

  new ResizeObserver(() => {
    const width = Math.max(parent.clientWidth, 300);
    if (width !== chart.width) chart.setSize({ width, height: CHART_HEIGHT_PX });
  }).observe(parent);

  let drawnSamples: SampleColumns | null = null;
  let drawnSampleCount = -1;
  let drawnFloorCount = -1;
  let isFramePending = false;
  store.subscribe(() => {
    if (isFramePending) return;
    isFramePending = true;
    requestAnimationFrame(() => {
      isFramePending = false;
      const { samples, floors } = store;
      if (samples === drawnSamples && samples.length === drawnSampleCount && floors.length === drawnFloorCount) return;
      drawnSamples = samples;
      drawnSampleCount = samples.length;
      drawnFloorCount = floors.length;
      chart.setData(alignedData(samples, floors, lines, floor.column));
      parent.dataset.points = String(samples.length);
      parent.dataset.floors = String(floors.length);
    });
  });

  if (!snapshots) return;
  // Marks follow the live run: snapshots outlive their run in the list, not on the chart.
  const updateMarks = (): void => {
    const runId = store.run?.runId ?? null;
    const next = snapshots.entries
      .filter((e) => runId !== null && e.runId === runId && e.atMs !== null)
      .map((e) => ({ seconds: (e.atMs ?? 0) / 1000, label: e.label }));
    if (next.length === marks.length && next.every((m, i) => m.seconds === marks[i].seconds && m.label === marks[i].label)) return;
    marks = next;
    parent.dataset.snapshotMarks = String(marks.length);
    chart.redraw(false);
  };
  snapshots.subscribe(updateMarks);
  store.subscribe(updateMarks);
}

/**
 * uPlot wants one shared x column: merge sample and floor times (both ascending, from the same
 * clock) and leave nulls where a series has no value. Lines span the gaps; floors are dots only.
 */
function alignedData(samples: SampleColumns, floors: FloorColumns, lines: readonly LineSpec[], floorColumn: FloorColumnName): uPlot.AlignedData {
  const total = samples.length + floors.length;
  const x = new Array<number>(total);
  const cols = lines.map(() => new Array<number | null>(total));
  const floorCol = new Array<number | null>(total);
  const sampleCols = lines.map((line) => samples[line.column]);
  let s = 0;
  let f = 0;
  for (let row = 0; row < total; row++) {
    const isSample = f >= floors.length || (s < samples.length && samples.seconds[s] <= floors.seconds[f]);
    if (isSample) {
      x[row] = samples.seconds[s];
      for (let c = 0; c < cols.length; c++) cols[c][row] = sampleCols[c][s];
      floorCol[row] = null;
      s++;
    } else {
      x[row] = floors.seconds[f];
      for (let c = 0; c < cols.length; c++) cols[c][row] = null;
      floorCol[row] = floors[floorColumn][f];
      f++;
    }
  }
  return [x, ...cols, floorCol];
}
