import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlignedColumns } from '../../src/playground/aligned-columns.ts';
import { chartOptions } from '../../src/playground/chart-options.ts';
import { chartDescription, chartPlan, legendLabel } from '../../src/playground/heap-chart-plan.ts';
import { AppendLog } from '../../src/playground/page-state/append-log.ts';
import type { SeriesEvent } from '../../src/playground/page-state/page-state.ts';

const sample = (atMs: number, heapUsedBytes = 8e6, activeHandles = 4): SeriesEvent => ({
  type: 'sample', activeHandles,
  sample: { atMs, heapUsedBytes, heapTotalBytes: 12e6, rssBytes: 50e6, externalBytes: 2e6, arrayBuffersBytes: 1e5 },
});
const floor = (atMs: number, heapUsedBytes = 7e6): SeriesEvent => ({ type: 'floor', floor: { atMs, heapUsedBytes, externalBytes: 3e6, arrayBuffersBytes: 2e5, isForced: false } });

/** A run of `rows` samples at 5 Hz with a floor every fifth, as the probe sends them. */
function runLog(rows: number): AppendLog<SeriesEvent> {
  let log = AppendLog.empty<SeriesEvent>();
  for (let i = 1; i <= rows; i++) {
    log = log.append(sample(i * 200));
    if (i % 5 === 0) log = log.append(floor(i * 200 - 10));
  }
  return log;
}

test('each figure gets its own lines, axes and floor, and the legend names the axis', () => {
  assert.deepEqual(chartPlan('heapUsed').lines.map((l) => l.label), ['heapUsed', 'heapTotal', 'rss', 'external']);
  assert.deepEqual(chartPlan('rss'), chartPlan('heapUsed'), 'rss is already drawn; its floor is heapUsed\u2019s');
  const handles = chartPlan('handles');
  assert.deepEqual(handles.axes.map((a) => a.scale), ['heap', 'process', 'count']);
  assert.equal(handles.lines.at(-1)?.column, 'handles');
  assert.deepEqual(chartPlan('external').floor, { column: 'externalMb', label: 'external floor after GC', scale: 'process' });
  const arrayBuffers = chartPlan('arrayBuffers');
  assert.equal(arrayBuffers.floor.column, 'arrayBuffersMb');
  assert.equal(legendLabel(arrayBuffers, 'arrayBuffers', 'process'), 'arrayBuffers (right axis)');
  assert.equal(chartDescription(handles), 'Memory over time: heapUsed, heapTotal, heapUsed floor after GC in MB on the left axis; rss, external in MB on the right axis; active handles in a count on the outer right axis');
});

test('the chart options follow the plan: one series per line plus the floor dots, on the plan\u2019s scales', () => {
  const plan = chartPlan('handles');
  const options = chartOptions(plan, { widthPx: 640, marks: () => [], onScaleMax: () => undefined });
  assert.equal(options.width, 640);
  assert.deepEqual(options.series.map((s) => s.label), ['time', 'heapUsed (left axis)', 'heapTotal (left axis)', 'rss (right axis)', 'external (right axis)', 'active handles (outer right axis)', 'heapUsed floor after GC (left axis)']);
  assert.deepEqual(Object.keys(options.scales ?? {}), ['x', 'heap', 'process', 'count']);
  assert.deepEqual(options.axes?.map((a) => a.side ?? 2), [2, 3, 1, 1]);
});

test('rows go into aligned columns in MB, with nulls where a series has no value, and a late floor goes where its time belongs', () => {
  const columns = new AlignedColumns(chartPlan('heapUsed'));
  const log = AppendLog.empty<SeriesEvent>().append(sample(200, 8e6)).append(sample(400, 9e6)).append(floor(300, 7e6)).append({ type: 'load', atMs: 400, requests: 80, errors: 0 });
  assert.equal(columns.readFrom(log), 3, 'load progress is not a row');
  assert.deepEqual(columns.x, [0.2, 0.3, 0.4]);
  assert.deepEqual(columns.lines[0], [8, null, 9]);
  assert.deepEqual(columns.floor, [null, 7, null]);
  assert.deepEqual([columns.sampleCount, columns.floorCount], [2, 1]);
});

test('keeping the chart current after one more sample touches one row, however long the run, and never copies the columns', (t) => {
  const plan = chartPlan('heapUsed');
  const columnsAt = (rows: number): { columns: AlignedColumns; log: AppendLog<SeriesEvent> } => {
    const log = runLog(rows);
    const columns = new AlignedColumns(plan);
    columns.readFrom(log);
    return { columns, log };
  };
  const timings: string[] = [];
  for (const rows of [1_000, 100_000, 432_000]) {
    let { columns, log } = columnsAt(rows);
    const x = columns.x;
    const perFrameMs: number[] = [];
    for (let frame = 0; frame < 50; frame++) {
      log = log.append(sample((rows + frame + 1) * 200));
      const startedAt = performance.now();
      assert.equal(columns.readFrom(log), 1);
      perFrameMs.push(performance.now() - startedAt);
    }
    assert.equal(columns.x, x, 'the same x array uPlot already has');
    assert.equal(columns.sampleCount, rows + 50);
    perFrameMs.sort((a, b) => a - b);
    timings.push(`${rows} rows: ${(perFrameMs[25] * 1000).toFixed(1)} µs`);
  }
  t.diagnostic(`median work per frame after one new sample: ${timings.join(', ')}`);
});
