import uPlot from 'uplot';
import type { FloorColumns, SampleColumns } from './sample-columns.ts';
import type { SessionStore } from './session-store.ts';

const CHART_HEIGHT_PX = 220;

/** Line series in column order after x; the floor dots come last. */
const LINES = [
  { label: 'heapUsed', stroke: '#2563eb', width: 2 },
  { label: 'heapTotal', stroke: '#93c5fd', width: 1.5 },
  { label: 'rss', stroke: '#a855f7', width: 1.5 },
  { label: 'external', stroke: '#16a34a', width: 1.5 },
] as const;

/**
 * The live memory chart: heapUsed, heapTotal, rss and external (MB) against seconds, plus the
 * post-GC floor as dots. Redraws at most once per animation frame, and only when the store got
 * new samples or floors.
 */
export function mountHeapChart(parent: HTMLElement, store: SessionStore): void {
  const options: uPlot.Options = {
    width: Math.max(parent.clientWidth, 300),
    height: CHART_HEIGHT_PX,
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(8, max * 1.1)] } },
    axes: [
      { label: 'seconds', stroke: '#4b5563', grid: { stroke: '#e5e7eb' } },
      { label: 'MB', stroke: '#4b5563', grid: { stroke: '#e5e7eb' }, size: 50 },
    ],
    series: [
      { label: 'time', value: (_u, v) => (v == null ? '–' : `${v.toFixed(1)} s`) },
      ...LINES.map((line) => ({
        label: line.label,
        stroke: line.stroke,
        width: line.width,
        spanGaps: true,
        points: { show: false },
        value: (_u: uPlot, v: number | null) => (v == null ? '–' : `${v.toFixed(1)} MB`),
      })),
      {
        label: 'floor after GC',
        stroke: '#dc2626',
        fill: '#dc2626',
        paths: () => null,
        points: { show: true, size: 7, stroke: '#dc2626', fill: '#dc2626' },
        value: (_u: uPlot, v: number | null) => (v == null ? '–' : `${v.toFixed(1)} MB`),
      },
    ],
  };
  const chart = new uPlot(options, alignedData(store.samples, store.floors), parent);
  parent.dataset.points = '0';
  parent.dataset.floors = '0';

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
      chart.setData(alignedData(samples, floors));
      parent.dataset.points = String(samples.length);
      parent.dataset.floors = String(floors.length);
    });
  });
}

/**
 * uPlot wants one shared x column: merge sample and floor times (both ascending, from the same
 * clock) and leave nulls where a series has no value. Lines span the gaps; floors are dots only.
 */
function alignedData(samples: SampleColumns, floors: FloorColumns): uPlot.AlignedData {
  const total = samples.length + floors.length;
  const x = new Array<number>(total);
  const cols = LINES.map(() => new Array<number | null>(total));
  const floorCol = new Array<number | null>(total);
  const sampleCols = [samples.heapUsedMb, samples.heapTotalMb, samples.rssMb, samples.externalMb];
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
      floorCol[row] = floors.heapUsedMb[f];
      f++;
    }
  }
  return [x, ...cols, floorCol];
}
