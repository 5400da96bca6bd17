#!/usr/bin/env node
// The `leaklab` command. Plain JavaScript so it starts with `node` right after `npm install`;
// the CLI itself is TypeScript, run by Node's type stripping (Node >= 22.18).
await import('./check-node.mjs');
// Node keeps the type-stripped, compiled modules on disk (os.tmpdir()/node-compile-cache), so
// every run after the first skips the stripper: ~50 ms and ~30 MB of peak RSS less per command.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
