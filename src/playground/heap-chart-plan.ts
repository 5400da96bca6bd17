import type { Figure } from '../protocol/samples.ts';

export type SampleColumnName = 'heapUsedMb' | 'heapTotalMb' | 'rssMb' | 'externalMb' | 'arrayBuffersMb' | 'handles';
export type FloorColumnName = 'heapUsedMb' | 'externalMb' | 'arrayBuffersMb';

/**
 * The chart's y scales, one axis each. `heap` (left) holds what V8's heap does, `process` (right)
 * the process-wide figures: rss is several times heapUsed, so on one shared scale a leak's
 * heapUsed growth would look flat. `count` (outermost right) holds active handles, not MB.
 */
export type ScaleKey = 'heap' | 'process' | 'count';

export interface AxisSpec {
  scale: ScaleKey;
  /** The axis title drawn beside its ticks. */
  label: string;
  /** How the legend names the axis a series is read against. */
  legendName: string;
  side: 'left' | 'right';
  isGridShown: boolean;
  sizePx: number;
}

export interface LineSpec {
  label: string;
  column: SampleColumnName;
  /** Colour and dash come from the chart theme (theme/chart-theme.ts), by column. */
  width: number;
  scale: ScaleKey;
}

export interface FloorSpec {
  column: FloorColumnName;
  label: string;
  scale: ScaleKey;
}

const HEAP_AXIS: AxisSpec = { scale: 'heap', label: 'heap MB', legendName: 'left axis', side: 'left', isGridShown: true, sizePx: 50 };
const PROCESS_AXIS: AxisSpec = { scale: 'process', label: 'rss, external MB', legendName: 'right axis', side: 'right', isGridShown: false, sizePx: 50 };
const COUNT_AXIS: AxisSpec = { scale: 'count', label: 'handles', legendName: 'outer right axis', side: 'right', isGridShown: false, sizePx: 55 };

const MEMORY_LINES: readonly LineSpec[] = [
  { label: 'heapUsed', column: 'heapUsedMb', width: 2, scale: 'heap' },
  { label: 'heapTotal', column: 'heapTotalMb', width: 1.5, scale: 'heap' },
  { label: 'rss', column: 'rssMb', width: 1.5, scale: 'process' },
  { label: 'external', column: 'externalMb', width: 1.5, scale: 'process' },
];
const HANDLES_LINE: LineSpec = { label: 'active handles', column: 'handles', width: 2, scale: 'count' };
// arrayBuffers is part of external, so it is read against the same axis.
const ARRAY_BUFFERS_LINE: LineSpec = { label: 'arrayBuffers', column: 'arrayBuffersMb', width: 1.5, scale: 'process' };

const HEAP_USED_FLOOR: FloorSpec = { column: 'heapUsedMb', label: 'heapUsed floor after GC', scale: 'heap' };

export interface ChartPlan {
  /** y axes, left one first; uPlot stacks a second right axis outside the first. */
  axes: readonly AxisSpec[];
  lines: readonly LineSpec[];
  /** The post-GC floor of the lesson's figure, drawn as dots on its figure's axis. */
  floor: FloorSpec;
}

/** The axes, lines and floor for a lesson's figure: the figure itself is always shown. */
export function chartPlan(figure: Figure): ChartPlan {
  const memoryAxes = [HEAP_AXIS, PROCESS_AXIS];
  switch (figure) {
    case 'handles': return { axes: [...memoryAxes, COUNT_AXIS], lines: [...MEMORY_LINES, HANDLES_LINE], floor: HEAP_USED_FLOOR };
    case 'external': return { axes: memoryAxes, lines: MEMORY_LINES, floor: { column: 'externalMb', label: 'external floor after GC', scale: 'process' } };
    case 'arrayBuffers': return {
      axes: memoryAxes,
      lines: [...MEMORY_LINES, ARRAY_BUFFERS_LINE],
      floor: { column: 'arrayBuffersMb', label: 'arrayBuffers floor after GC', scale: 'process' },
    };
    case 'heapUsed':
    case 'rss':
      return { axes: memoryAxes, lines: MEMORY_LINES, floor: HEAP_USED_FLOOR };
  }
}

/** A series' legend label with the axis it is read against, e.g. "rss (right axis)". */
export function legendLabel(plan: ChartPlan, label: string, scale: ScaleKey): string {
  const axis = plan.axes.find((a) => a.scale === scale);
  return axis ? `${label} (${axis.legendName})` : label;
}

/** The chart's accessible name: which series are read against which axis. */
export function chartDescription(plan: ChartPlan): string {
  const parts = plan.axes.map((axis) => {
    const names = plan.lines.filter((l) => l.scale === axis.scale).map((l) => l.label);
    if (plan.floor.scale === axis.scale) names.push(plan.floor.label);
    const unit = axis.scale === 'count' ? 'a count' : 'MB';
    return `${names.join(', ')} in ${unit} on the ${axis.legendName}`;
  });
  return `Memory over time: ${parts.join('; ')}`;
}
