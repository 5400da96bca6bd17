// The verdict on series recorded from real runs (tests/fixtures/verdict-series/), replayed row by
// row as the page's tracker receives them and read twice a second, as the page reads it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSeries, type TrendEvent } from '../../src/analyzer/verdict/trend-events.ts';
import { TrendTracker, type TrendVerdict } from '../../src/analyzer/verdict/trend.ts';

const SERIES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/verdict-series');

function timeOf(event: TrendEvent): number {
  return event.type === 'sample' ? event.sample.atMs : event.type === 'floor' ? event.floor.atMs : event.atMs;
}

/** Every reading of a replayed series, with seconds since the load started. */
function replay(name: string): { loadSec: number; verdict: TrendVerdict }[] {
  const file = path.join(SERIES_DIR, name);
  const { header, events } = parseSeries(readFileSync(file, 'utf8'), file);
  const tracker = new TrendTracker(header.figure);
  const loadStartMs = timeOf(events.find((e) => e.type === 'requests' && e.count > 0)!);
  const readings: { loadSec: number; verdict: TrendVerdict }[] = [];
  let nextMs = Number.NEGATIVE_INFINITY;
  for (const event of events) {
    tracker.add(event);
    if (timeOf(event) < nextMs) continue;
    readings.push({ loadSec: (timeOf(event) - loadStartMs) / 1000, verdict: tracker.current() });
    nextMs = timeOf(event) + 500;
  }
  readings.push({ loadSec: (timeOf(events.at(-1)!) - loadStartMs) / 1000, verdict: tracker.current() });
  return readings;
}

test('a fixed lesson whose floor fell back at the warm-up heap snapshot and stayed level ends flat', () => {
  const readings = replay('metric-labels-fixed-with-snapshot.jsonl');
  const end = readings.at(-1)!.verdict;
  assert.equal(end.verdict, 'flat', end.reason);
  // The whole window, fall included, is too uneven to say flat from this few floors; the part since the fall is not.
  const firstFlat = readings.find((r) => r.verdict.verdict === 'flat')!;
  assert.match(firstFlat.verdict.reason, /fell back by \d+ kB and is flat since: under \d+ B per request/);
  assert.equal(readings.find((r) => r.verdict.verdict === 'leaking'), undefined);
});

test('a lesson leak of 2.7 kB per request is leaking within 5 s of load and stays leaking', () => {
  const readings = replay('heap-snapshots-leaky.jsonl');
  const first = readings.findIndex((r) => r.verdict.verdict === 'leaking');
  assert.ok(first >= 0, readings.at(-1)!.verdict.reason);
  assert.ok(readings[first].loadSec <= 5, `first leaking ${readings[first].loadSec.toFixed(1)} s into the load`);
  assert.ok(readings.slice(first).every((r) => r.verdict.verdict === 'leaking'), 'it flickered back');
});
