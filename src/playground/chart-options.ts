import type uPlot from 'uplot';
import { legendLabel, type ChartPlan, type ScaleKey } from './heap-chart-plan.ts';
import type { SnapshotMark } from './page-state/page-selectors.ts';
import { CHART_THEMES, chartFontPx, type ChartTheme } from './theme/chart-theme.ts';
import type { PageLook } from './theme/page-look.ts';

export const CHART_HEIGHT_PX = 220;
const LIGHT_LOOK: PageLook = { scheme: 'light', isPresenting: false };

const formatMb = (_u: uPlot, v: number | null): string => (v == null ? '–' : `${v.toFixed(1)} MB`);
const formatCount = (_u: uPlot, v: number | null): string => (v == null ? '–' : String(Math.round(v)));
const formatSeconds = (_u: uPlot, v: number | null): string => (v == null ? '–' : `${v.toFixed(1)} s`);

/** Every y scale starts at 0 and leaves a tenth of headroom; an empty one still spans `minSpan`. */
const zeroBasedRange = (minSpan: number): uPlot.Scale.Range => (_u, _min, max) => [0, Math.max(minSpan, (max ?? 0) * 1.1)];

/** What the live chart hands its options: the size now, the marks to draw, and where scales top out. */
export interface ChartHooks {
  widthPx: number;
  /** The plot's height; CHART_HEIGHT_PX unless the layout gives the chart a height of its own (presenter mode). */
  heightPx?: number;
  /** Read at every draw, so new marks need only a redraw. */
  marks: () => readonly SnapshotMark[];
  onScaleMax: (scale: ScaleKey, max: number) => void;
}

/**
 * The uPlot options for a plan: seconds below, one y axis per scale (the left one with the
 * grid), a line per plan line and the floor as red dots, with legends that name each series'
 * axis. Lines differ by dash as well as colour (theme/chart-theme.ts), so the chart reads without
 * colour; `look` picks the scheme's colours and the type size. Pure apart from the hooks.
 */
export function chartOptions(plan: ChartPlan, hooks: ChartHooks, look: PageLook = LIGHT_LOOK): uPlot.Options {
  const theme: ChartTheme = CHART_THEMES[look.scheme];
  const fontPx = chartFontPx(look.isPresenting);
  const font = `${fontPx}px system-ui, sans-serif`;
  const labelFont = `600 ${fontPx}px system-ui, sans-serif`;
  const grid = { stroke: theme.grid };
  // Index 0 is the x series; the floor comes last.
  const legendDash = ['solid', ...plan.lines.map((l) => theme.lines[l.column].legendDash), 'dotted'];
  const scales: Record<string, uPlot.Scale> = { x: { time: false } };
  for (const axis of plan.axes) scales[axis.scale] = { range: zeroBasedRange(axis.scale === 'count' ? 10 : 8) };
  const { floor } = plan;
  return {
    width: hooks.widthPx,
    height: hooks.heightPx ?? CHART_HEIGHT_PX,
    cursor: { drag: { x: false, y: false } },
    legend: { markers: { width: 3, dash: (_u, i) => legendDash[i] ?? 'solid' } },
    hooks: {
      draw: [(u) => drawMarks(u, hooks.marks(), theme.mark, fontPx)],
      setScale: [(u, key) => {
        const max = u.scales[key]?.max;
        if (key !== 'x' && max != null) hooks.onScaleMax(key as ScaleKey, max);
      }],
    },
    scales,
    axes: [
      { label: 'seconds', stroke: theme.timeAxisInk, grid, font, labelFont, ticks: { stroke: theme.grid } },
      ...plan.axes.map((axis): uPlot.Axis => ({
        label: axis.label,
        scale: axis.scale,
        side: axis.side === 'left' ? 3 : 1,
        stroke: theme.axisInk[axis.scale],
        grid: axis.isGridShown ? grid : { show: false },
        ticks: { stroke: theme.grid },
        font,
        labelFont,
        size: look.isPresenting ? Math.round(axis.sizePx * 1.25) : axis.sizePx,
      })),
    ],
    series: [
      { label: 'time', value: formatSeconds },
      ...plan.lines.map((line): uPlot.Series => ({
        // On stage the axis titles say which axis; the legend stays one line.
        label: look.isPresenting ? line.label : legendLabel(plan, line.label, line.scale),
        scale: line.scale,
        stroke: theme.lines[line.column].stroke,
        dash: theme.lines[line.column].dash,
        width: line.width,
        spanGaps: true,
        points: { show: false },
        value: line.scale === 'count' ? formatCount : formatMb,
      })),
      {
        label: look.isPresenting ? floor.label : legendLabel(plan, floor.label, floor.scale),
        scale: floor.scale,
        stroke: theme.floor,
        fill: theme.floor,
        paths: () => null,
        points: { show: true, size: look.isPresenting ? 9 : 7, stroke: theme.floor, fill: theme.floor },
        value: formatMb,
      },
    ],
  };
}

/** uPlot draw hook: a dashed line and the snapshot's label at each mark inside the plot. */
function drawMarks(u: uPlot, marks: readonly SnapshotMark[], colour: string, fontPx: number): void {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = 1.5 * devicePixelRatio;
  ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
  ctx.font = `${(fontPx - 1) * devicePixelRatio}px system-ui, sans-serif`;
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
