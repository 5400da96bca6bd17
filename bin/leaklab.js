#!/usr/bin/env node
// The `leaklab` command. Plain JavaScript so it starts with `node` right after `npm install`;
// the CLI itself is TypeScript, run by Node's type stripping (Node >= 22.18).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`leaklab needs Node.js >= 22.18 (this is ${process.version}).`);
  process.exit(1);
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
