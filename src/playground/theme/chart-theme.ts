import type { ColorScheme } from './page-look.ts';
import type { SampleColumnName, ScaleKey } from '../heap-chart-plan.ts';

/** How one line is told apart: its colour, and a dash pattern so it reads without colour too. */
export interface LineLook {
  stroke: string;
  /** uPlot/canvas dash segments in CSS px; empty is a solid line. */
  dash: number[];
  /** The same as a CSS border style, for the legend's marker. */
  legendDash: 'solid' | 'dashed' | 'dotted';
}

/** The chart's colours for one scheme; the canvas cannot read CSS custom properties. */
export interface ChartTheme {
  /** Tick and title colour of the seconds axis, and of each y axis (each axis has its series' hue). */
  timeAxisInk: string;
  axisInk: Record<ScaleKey, string>;
  grid: string;
  lines: Record<SampleColumnName, LineLook>;
  /** The post-GC floor is drawn as dots (a shape, not only a colour). */
  floor: string;
  /** Snapshot marks: dashed vertical lines with their label. */
  mark: string;
}

const SOLID: Pick<LineLook, 'dash' | 'legendDash'> = { dash: [], legendDash: 'solid' };
const DASHED: Pick<LineLook, 'dash' | 'legendDash'> = { dash: [7, 4], legendDash: 'dashed' };
const DOTTED: Pick<LineLook, 'dash' | 'legendDash'> = { dash: [2, 3], legendDash: 'dotted' };
const LONG_DASH: Pick<LineLook, 'dash' | 'legendDash'> = { dash: [12, 4, 2, 4], legendDash: 'dashed' };

/**
 * Both schemes. Axis text keeps 4.5:1 on the chart's background (--paper), lines and the floor
 * dots 3:1 (tests/unit/themes.test.ts checks). heapUsed, the figure most lessons judge, is the
 * only solid memory line; the others differ by dash as well as hue.
 */
export const CHART_THEMES: Record<ColorScheme, ChartTheme> = {
  light: {
    timeAxisInk: '#374151',
    axisInk: { heap: '#1d4ed8', process: '#7e22ce', count: '#c2410c' },
    grid: '#e5e7eb',
    lines: {
      heapUsedMb: { stroke: '#2563eb', ...SOLID },
      heapTotalMb: { stroke: '#3b82f6', ...DASHED },
      rssMb: { stroke: '#9333ea', ...LONG_DASH },
      externalMb: { stroke: '#15803d', ...DOTTED },
      arrayBuffersMb: { stroke: '#0f766e', ...DASHED },
      handles: { stroke: '#c2410c', ...SOLID },
    },
    floor: '#dc2626',
    mark: '#6d28d9',
  },
  dark: {
    timeAxisInk: '#d1d5db',
    axisInk: { heap: '#93c5fd', process: '#d8b4fe', count: '#fdba74' },
    grid: '#334155',
    lines: {
      heapUsedMb: { stroke: '#60a5fa', ...SOLID },
      heapTotalMb: { stroke: '#93c5fd', ...DASHED },
      rssMb: { stroke: '#c084fc', ...LONG_DASH },
      externalMb: { stroke: '#4ade80', ...DOTTED },
      arrayBuffersMb: { stroke: '#2dd4bf', ...DASHED },
      handles: { stroke: '#fb923c', ...SOLID },
    },
    floor: '#f87171',
    mark: '#c4b5fd',
  },
};

/** Axis text size on the canvas: larger when presenting. */
export function chartFontPx(isPresenting: boolean): number {
  return isPresenting ? 15 : 12;
}
