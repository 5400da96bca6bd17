import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { descendantsOf, startServerProcess, type ServerProcess } from './server-process.ts';

// A page from another origin, open in the same browser, tries every way in to the local runner.
let runner: ServerProcess;
let hostile: http.Server;
let browser: Browser;

const hostilePage = (runnerPort: number, token: string) => `<!doctype html><title>hostile</title><script>
const results = {};
const program = { variant: 'custom', files: { 'main.js': 'require("fs").writeFileSync("pwned", "1")' }, entry: 'main.js', moduleType: 'commonjs',
  figure: 'heapUsed', dependencies: [], permissions: { childProcess: false, worker: false, addons: false, fsWrite: [] }, nodeFlags: [], heapCapMiB: 64 };
const ws = new WebSocket('ws://127.0.0.1:${runnerPort}/ws');
ws.onopen = () => { results.ws = 'open'; ws.send(JSON.stringify({ type: 'start', token: ${JSON.stringify(token)}, program })); };
ws.onerror = () => { results.ws = results.ws ?? 'refused'; };
ws.onclose = () => { results.ws = results.ws ?? 'refused'; };
fetch('http://127.0.0.1:${runnerPort}/').then((r) => r.text()).then((t) => { results.read = t.length; }, () => { results.read = 'blocked'; });
fetch('http://127.0.0.1:${runnerPort}/snapshots/x/y', { headers: { 'x-leaklab-token': 'guess' } }).then((r) => { results.snapshot = r.status; }, () => { results.snapshot = 'blocked'; });
setTimeout(() => { window.done = results; }, 2500);
</script>`;

before(async () => {
  runner = await startServerProcess();
  hostile = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    // The attacker even knows the token here: the Origin check alone must stop it.
    res.end(hostilePage(runner.port, runner.token));
  });
  await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  hostile?.close();
  await runner?.stop();
});

test('a page from another origin can neither open the runner’s socket nor read its pages or snapshots', async () => {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${(hostile.address() as AddressInfo).port}/`);
  const results = await page.waitForFunction(() => (window as unknown as { done?: object }).done, null, { timeout: 10_000 }).then((h) => h.jsonValue());
  assert.deepEqual(results, { ws: 'refused', read: 'blocked', snapshot: 'blocked' });
  assert.deepEqual(descendantsOf(runner.pid), [], 'no run was started');
  await page.close();
});
