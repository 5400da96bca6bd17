import type uPlot from 'uplot';
import { legendLabel, type ChartPlan, type ScaleKey } from './heap-chart-plan.ts';
import type { SnapshotMark } from './page-state/page-selectors.ts';

export const CHART_HEIGHT_PX = 220;
const MARK_COLOUR = '#7c3aed';
const GRID = { stroke: '#e5e7eb' };

const formatMb = (_u: uPlot, v: number | null): string => (v == null ? '–' : `${v.toFixed(1)} MB`);
const formatCount = (_u: uPlot, v: number | null): string => (v == null ? '–' : String(Math.round(v)));
const formatSeconds = (_u: uPlot, v: number | null): string => (v == null ? '–' : `${v.toFixed(1)} s`);

/** Every y scale starts at 0 and leaves a tenth of headroom; an empty one still spans `minSpan`. */
const zeroBasedRange = (minSpan: number): uPlot.Scale.Range => (_u, _min, max) => [0, Math.max(minSpan, (max ?? 0) * 1.1)];

/** What the live chart hands its options: the width now, the marks to draw, and where scales top out. */
export interface ChartHooks {
  widthPx: number;
  /** Read at every draw, so new marks need only a redraw. */
  marks: () => readonly SnapshotMark[];
  onScaleMax: (scale: ScaleKey, max: number) => void;
}

/**
 * The uPlot options for a plan: seconds below, one y axis per scale (the left one with the
 * grid), a line per plan line and the floor as red dots, with legends that name each series'
 * axis. Pure apart from the hooks it is handed.
 */
export function chartOptions(plan: ChartPlan, hooks: ChartHooks): uPlot.Options {
  const scales: Record<string, uPlot.Scale> = { x: { time: false } };
  for (const axis of plan.axes) scales[axis.scale] = { range: zeroBasedRange(axis.scale === 'count' ? 10 : 8) };
  const { floor } = plan;
  return {
    width: hooks.widthPx,
    height: CHART_HEIGHT_PX,
    cursor: { drag: { x: false, y: false } },
    hooks: {
      draw: [(u) => drawMarks(u, hooks.marks())],
      setScale: [(u, key) => {
        const max = u.scales[key]?.max;
        if (key !== 'x' && max != null) hooks.onScaleMax(key as ScaleKey, max);
      }],
    },
    scales,
    axes: [
      { label: 'seconds', stroke: '#4b5563', grid: GRID },
      ...plan.axes.map((axis): uPlot.Axis => ({
        label: axis.label,
        scale: axis.scale,
        side: axis.side === 'left' ? 3 : 1,
        stroke: axis.stroke,
        grid: axis.isGridShown ? GRID : { show: false },
        size: axis.sizePx,
      })),
    ],
    series: [
      { label: 'time', value: formatSeconds },
      ...plan.lines.map((line): uPlot.Series => ({
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
}

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
