// The layering that STYLE.md and the README describe, checked on every import in the tree, so a
// change that breaks it fails here instead of in a review. Imports are read as text (static
// `import`/`export ... from` and dynamic `import('...')`), with `import type` told apart: a type
// import is erased at run time, so it counts for cycles but not for what a bundle pulls in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/project-paths.ts';

interface ImportEdge { from: string; specifier: string; to: string | null; isTypeOnly: boolean }

const ROOTS = ['src', 'sandbox', 'scripts', 'bench', 'bin', 'tests'];
const SKIP_DIRS = new Set(['node_modules', 'out', 'fixtures', '.tmp']);
const SOURCE = /\.(ts|mts|mjs|js|astro)$/;

async function listSources(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(path.join(PROJECT_ROOT, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) { if (!SKIP_DIRS.has(entry.name)) found.push(...(await listSources(rel))); }
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(rel);
  }
  return found;
}

const IMPORT = /(?:^|[\s;])(import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string, text: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  // Comments name paths too ("see src/runner/..."): drop them before reading imports.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  for (const m of code.matchAll(IMPORT)) {
    const specifier = m[3] ?? m[4];
    const isTypeOnly = Boolean(m[2]);
    const bare = specifier.split('?')[0];
    const to = bare.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), bare)) : null;
    edges.push({ from: file, specifier, to, isTypeOnly });
  }
  return edges;
}

const files = (await Promise.all(ROOTS.map(listSources))).flat();
const edges: ImportEdge[] = [];
for (const file of files) edges.push(...importsOf(file, await readFile(path.join(PROJECT_ROOT, file), 'utf8')));
const isNodeBuiltin = (s: string): boolean => s.startsWith('node:') || builtinModules.includes(s.split('/')[0]);
const under = (file: string, dir: string): boolean => file === dir || file.startsWith(`${dir}/`);

function report(violations: string[], rule: string): void {
  assert.deepEqual(violations, [], `${rule}:\n  ${violations.join('\n  ')}`);
}

test('the analyzer core imports no node: module and touches no DOM', async () => {
  const core = files.filter((f) => under(f, 'src/analyzer') && !under(f, 'src/analyzer/node'));
  const violations = edges.filter((e) => core.includes(e.from) && isNodeBuiltin(e.specifier)).map((e) => `${e.from} imports ${e.specifier}`);
  // The compiler, not a pattern, says what the core touches: src/analyzer/tsconfig.json has neither
  // the DOM's types nor Node's, so `window`, `document`, `process` or `Buffer` there do not compile.
  const tsc = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'src/analyzer/tsconfig.json'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (tsc.status !== 0) violations.push(...`${tsc.stdout}${tsc.stderr}`.trim().split('\n'));
  report(violations, 'src/analyzer/ outside node/ must run in a worker, in Node and in the CLI alike');
});

test('the page bundles no Node-only module', () => {
  // Everything a page script can reach through value imports, from the entry points the .astro
  // pages load (`mount-*.ts`, the worker, the mark-and-sweep client).
  const entries = files.filter((f) => /^src\/playground\/mount-[\w-]+\.ts$/.test(f) || f === 'src/worker/analyzer-worker.ts' || f === 'src/gc-graph/mark-sweep-client.ts');
  assert.ok(entries.length >= 3, `Found only ${entries.length} page entry points: ${entries.join(', ')}`);
  const NODE_ONLY_PACKAGES = ['ws', 'autocannon', 'js-yaml', 'express', 'heap-snapshot-toolkit'];
  const seen = new Set<string>(entries);
  const stack = [...entries];
  const violations: string[] = [];
  while (stack.length > 0) {
    const file = stack.pop()!;
    for (const e of edges) {
      if (e.from !== file || e.isTypeOnly || e.specifier.includes('?')) continue; // `?raw` is text, not code
      if (isNodeBuiltin(e.specifier) || NODE_ONLY_PACKAGES.includes(e.specifier)) violations.push(`${e.from} imports ${e.specifier}`);
      else if (e.to && !seen.has(e.to)) { seen.add(e.to); stack.push(e.to); }
    }
  }
  report(violations, 'A page script (and what it imports) must run in a browser');
});

test('views never import a runtime or the analyzer client', () => {
  const views = files.filter((f) => /^src\/playground\/.*-view\.ts$/.test(f));
  const violations = edges
    .filter((e) => views.includes(e.from) && !e.isTypeOnly && e.to && (under(e.to, 'src/runtime') || e.to === 'src/playground/analyzer-client.ts'))
    .map((e) => `${e.from} imports ${e.specifier}`);
  report(violations, 'Views read the page state; controllers talk to runtimes and the analyzer');
});

test('src/protocol/ imports nothing but zod and itself', () => {
  const violations = edges
    .filter((e) => under(e.from, 'src/protocol') && !(e.to && under(e.to, 'src/protocol')) && e.specifier !== 'zod' && !e.specifier.startsWith('zod/'))
    .map((e) => `${e.from} imports ${e.specifier}`);
  report(violations, 'Boundary messages depend on nothing, so every side can import them');
});

test('the product imports nothing from tests, scripts or bench; bench and scripts nothing from tests', () => {
  const violations = edges
    .filter((e) => e.to && (
      ((under(e.from, 'src') || under(e.from, 'sandbox') || under(e.from, 'bin')) && (under(e.to, 'tests') || under(e.to, 'scripts') || under(e.to, 'bench'))) ||
      ((under(e.from, 'bench') || under(e.from, 'scripts')) && under(e.to, 'tests'))))
    .map((e) => `${e.from} imports ${e.specifier}`);
  report(violations, 'Dependencies point from tests to the product, never back');
});

test('no two modules import each other, directly or through others', () => {
  // Tarjan's strongly connected components over every relative import, type imports included:
  // a type-only cycle is erased at run time but still says two modules know too much of each other.
  const graph = new Map<string, string[]>();
  for (const e of edges) if (e.to && files.includes(e.to)) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
  const indexOf = new Map<string, number>();
  const lowOf = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const visit = (start: string): void => {
    // Explicit stack of (node, next child position): the import graph can be deep.
    const work: [string, number][] = [[start, 0]];
    indexOf.set(start, counter); lowOf.set(start, counter++); stack.push(start); onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [node, childAt] = frame;
      const children = graph.get(node) ?? [];
      if (childAt < children.length) {
        frame[1]++;
        const child = children[childAt];
        if (!indexOf.has(child)) {
          indexOf.set(child, counter); lowOf.set(child, counter++); stack.push(child); onStack.add(child);
          work.push([child, 0]);
        } else if (onStack.has(child)) lowOf.set(node, Math.min(lowOf.get(node)!, indexOf.get(child)!));
        continue;
      }
      work.pop();
      if (work.length > 0) { const parent = work[work.length - 1][0]; lowOf.set(parent, Math.min(lowOf.get(parent)!, lowOf.get(node)!)); }
      if (lowOf.get(node) === indexOf.get(node)) {
        const component: string[] = [];
        let member: string;
        do { member = stack.pop()!; onStack.delete(member); component.push(member); } while (member !== node);
        if (component.length > 1) cycles.push(component.sort());
      }
    }
  };
  for (const file of files) if (!indexOf.has(file)) visit(file);
  report(cycles.map((c) => c.join(' <-> ')), 'Import cycles (move the shared type down, or pass a narrow interface)');
});
