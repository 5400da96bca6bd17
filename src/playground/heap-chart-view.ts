import uPlot from 'uplot';
import type { Figure } from '../protocol/samples.ts';
import type { FloorColumns, SampleColumns } from './sample-columns.ts';
import type { SessionStore } from './session-store.ts';
import type { SnapshotStore } from './snapshot-store.ts';

const CHART_HEIGHT_PX = 220;

type SampleColumnName = 'heapUsedMb' | 'heapTotalMb' | 'rssMb' | 'externalMb' | 'arrayBuffersMb' | 'handles';
type FloorColumnName = 'heapUsedMb' | 'externalMb' | 'arrayBuffersMb';

interface LineSpec {
  label: string;
  column: SampleColumnName;
  stroke: string;
  width: number;
  scale: 'mb' | 'count';
}

const MEMORY_LINES: readonly LineSpec[] = [
  { label: 'heapUsed', column: 'heapUsedMb', stroke: '#2563eb', width: 2, scale: 'mb' },
  { label: 'heapTotal', column: 'heapTotalMb', stroke: '#93c5fd', width: 1.5, scale: 'mb' },
  { label: 'rss', column: 'rssMb', stroke: '#a855f7', width: 1.5, scale: 'mb' },
  { label: 'external', column: 'externalMb', stroke: '#16a34a', width: 1.5, scale: 'mb' },
];
const HANDLES_LINE: LineSpec = { label: 'active handles', column: 'handles', stroke: '#ea580c', width: 2, scale: 'count' };
const ARRAY_BUFFERS_LINE: LineSpec = { label: 'arrayBuffers', column: 'arrayBuffersMb', stroke: '#0d9488', width: 1.5, scale: 'mb' };

/** The lines to draw and the floor to dot for a lesson's figure: the figure itself is always shown. */
function chartPlan(figure: Figure): { lines: readonly LineSpec[]; floor: { column: FloorColumnName; label: string } } {
  switch (figure) {
    case 'handles': return { lines: [...MEMORY_LINES, HANDLES_LINE], floor: { column: 'heapUsedMb', label: 'heapUsed floor after GC' } };
    case 'external': return { lines: MEMORY_LINES, floor: { column: 'externalMb', label: 'external floor after GC' } };
    case 'arrayBuffers': return { lines: [...MEMORY_LINES, ARRAY_BUFFERS_LINE], floor: { column: 'arrayBuffersMb', label: 'arrayBuffers floor after GC' } };
    case 'heapUsed':
    case 'rss':
      return { lines: MEMORY_LINES, floor: { column: 'heapUsedMb', label: 'heapUsed floor after GC' } };
  }
}

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

/**
 * The live memory chart: heapUsed, heapTotal, rss and external (MB) against seconds, the
 * post-GC floor of the lesson's figure as dots, and the lesson's figure itself when it is not one
 * of those (arrayBuffers; active handles on a right-hand axis), and a dashed line where each
 * snapshot of the live run was taken. Redraws at most once per animation frame, and only when
 * the store got new points.
 */
export function mountHeapChart(parent: HTMLElement, store: SessionStore, figure: Figure, snapshots?: SnapshotStore): void {
  let marks: SnapshotMark[] = [];
  const { lines, floor } = chartPlan(figure);
  const axes: uPlot.Axis[] = [
    { label: 'seconds', stroke: '#4b5563', grid: { stroke: '#e5e7eb' } },
    { label: 'MB', scale: 'mb', stroke: '#4b5563', grid: { stroke: '#e5e7eb' }, size: 50 },
  ];
  if (figure === 'handles') axes.push({ label: 'handles', scale: 'count', side: 1, stroke: HANDLES_LINE.stroke, grid: { show: false }, size: 55 });
  const options: uPlot.Options = {
    width: Math.max(parent.clientWidth, 300),
    height: CHART_HEIGHT_PX,
    cursor: { drag: { x: false, y: false } },
    hooks: { draw: [(u) => drawMarks(u, marks)] },
    scales: {
      x: { time: false },
      mb: { range: (_u, _min, max) => [0, Math.max(8, max * 1.1)] },
      count: { range: (_u, _min, max) => [0, Math.max(10, max * 1.1)] },
    },
    axes,
    series: [
      { label: 'time', value: (_u, v) => (v == null ? '–' : `${v.toFixed(1)} s`) },
      ...lines.map((line) => ({
        label: line.label,
        scale: line.scale,
        stroke: line.stroke,
        width: line.width,
        spanGaps: true,
        points: { show: false },
        value: line.scale === 'mb' ? formatMb : formatCount,
      })),
      {
        label: floor.label,
        scale: 'mb',
        stroke: '#dc2626',
        fill: '#dc2626',
        paths: () => null,
        points: { show: true, size: 7, stroke: '#dc2626', fill: '#dc2626' },
        value: formatMb,
      },
    ],
  };
  const chart = new uPlot(options, alignedData(store.samples, store.floors, lines, floor.column), parent);
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
