// The README's "What is in the repository" table is what a newcomer reads first: every folder of
// src/ has a row, and every path the table names is in the tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/project-paths.ts';

function layoutTable(): string {
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## What is in the repository');
  assert.ok(start !== -1, 'the README has a "What is in the repository" section');
  const lines = readme.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const table = lines.slice(first, lines.findIndex((line, i) => i > first && !line.startsWith('|')));
  assert.ok(table.length > 2, 'the section has a table');
  return table.join('\n');
}

/** The paths in the table's Where column: `src/server/`, `bin/leaklab.js`, `lessons/<NN-slug>/`. */
function namedPaths(table: string): string[] {
  return table.split('\n').slice(2).flatMap((row) => [...(row.split('|')[2] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\/$/, '')));
}

test('every folder of src/ has a row in the README\'s layout table', () => {
  const named = new Set(namedPaths(layoutTable()));
  const folders = readdirSync(path.join(PROJECT_ROOT, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `src/${e.name}`);
  const missing = folders.filter((folder) => !named.has(folder));
  assert.deepEqual(missing, [], `add a row (or a Where entry) for: ${missing.join(', ')}`);
});

test('every path the README\'s layout table names is in the tree', () => {
  const gone = namedPaths(layoutTable()).filter((p) => !p.includes('<') && !existsSync(path.join(PROJECT_ROOT, p)));
  assert.deepEqual(gone, [], `the table names paths that are not there: ${gone.join(', ')}`);
});
