import type { AlignedColumns } from './aligned-columns.ts';
import type { ChartPlan } from './heap-chart-plan.ts';

/** The last non-null value of a column, scanning back from its end (a late floor row leaves gaps). */
function lastValue(column: readonly (number | null)[]): { value: number; row: number } | null {
  for (let row = column.length - 1; row >= 0; row--) {
    const value = column[row];
    if (value !== null && value !== undefined) return { value, row };
  }
  return null;
}

/**
 * The chart's latest values as one sentence, for the line under the chart that a screen reader
 * can read (the canvas cannot be read, and uPlot's legend shows values only under the mouse):
 * "At 12.4 s: heapUsed 34.2 MB, heapTotal 51.0 MB, …; heapUsed floor after GC 30.1 MB (12 floors)."
 */
export function latestValuesText(plan: ChartPlan, columns: AlignedColumns): string {
  if (columns.sampleCount === 0) return 'No samples yet: press Run to draw the chart.';
  const parts: string[] = [];
  let lastRow = -1;
  for (const [i, line] of plan.lines.entries()) {
    const latest = lastValue(columns.lines[i] ?? []);
    if (!latest) continue;
    lastRow = Math.max(lastRow, latest.row);
    parts.push(`${line.label} ${line.scale === 'count' ? Math.round(latest.value) : `${latest.value.toFixed(1)} MB`}`);
  }
  const floor = lastValue(columns.floor);
  const floorText = floor
    ? `; ${plan.floor.label} ${floor.value.toFixed(1)} MB (${columns.floorCount} ${columns.floorCount === 1 ? 'floor' : 'floors'})`
    : '; no floor after GC yet';
  const seconds = lastRow >= 0 ? columns.x[lastRow] : columns.x.at(-1) ?? 0;
  return `At ${seconds.toFixed(1)} s: ${parts.join(', ')}${floorText}.`;
}
