// Runtime choice in a real browser, against the real local runner (`npm start`) and against the
// built site served as a static host would (dist/ with its _headers, no runner meta tag). There is
// no network here, so WebContainer cannot boot: the page must say so and fall back to the recording.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { byTestId, launchBrowser } from '../../scripts/support/browser.ts';
import { startServer, type RunningServer } from '../../scripts/support/serve.ts';
import { DIST_DIR } from '../../src/project-paths.ts';

const LESSON = '01-global-variables';
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.wasm': 'application/wasm' };

/** The headers dist/_headers gives every path (`/*`), as Netlify or Cloudflare Pages would send them. */
async function headersFileRules(): Promise<Record<string, string>> {
  const text = await readFile(path.join(DIST_DIR, '_headers'), 'utf8');
  const headers: Record<string, string> = {};
  let isAll = false;
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    if (!/^\s/.test(line)) { isAll = line.trim() === '/*'; continue; }
    const [name, ...value] = line.trim().split(':');
    if (isAll) headers[name.trim()] = value.join(':').trim();
  }
  return headers;
}

/** A plain static host for dist/: files as they are, headers from _headers, no local runner. */
async function startStaticHost(): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const headers = await headersFileRules();
  const server = http.createServer(async (req, res) => {
    let file = path.join(DIST_DIR, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (!file.startsWith(DIST_DIR)) { res.writeHead(403); return void res.end(); }
    if ((await stat(file).catch(() => null))?.isDirectory()) file = path.join(file, 'index.html');
    if (!(await stat(file).catch(() => null))?.isFile()) { res.writeHead(404, headers); return void res.end('not found'); }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

async function bannerSettlesOn(page: Page, runtime: string, timeoutMs: number): Promise<string> {
  try {
    await page.waitForSelector(`${byTestId('runtime-banner')}[data-choice="chosen"][data-runtime="${runtime}"]`, { timeout: timeoutMs });
  } catch (err) {
    throw new Error(`The banner never said ${runtime} within ${timeoutMs} ms; it says [${await page.getAttribute(byTestId('runtime-banner'), 'data-runtime')}] "${await page.textContent(byTestId('runtime-banner'))}"`, { cause: err });
  }
  return (await page.textContent(byTestId('runtime-banner'))) ?? '';
}

describe('runtime choice', () => {
  let runner: RunningServer;
  let host: Awaited<ReturnType<typeof startStaticHost>>;
  let browser: Browser;
  let page: Page;

  before(async () => {
    runner = await startServer();
    host = await startStaticHost();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  });
  after(async () => {
    await browser?.close();
    await host?.close();
    await runner?.stop();
  });

  test('every page is cross-origin isolated, from the local runner and from the static host', async () => {
    for (const url of [`${runner.baseUrl}/`, `${runner.baseUrl}/lessons/${LESSON}/`, `${host.baseUrl}/`, `${host.baseUrl}/lessons/${LESSON}/?runtime=recorded`]) {
      await page.goto(url);
      assert.equal(await page.evaluate(() => crossOriginIsolated), true, `${url} is cross-origin isolated`);
    }
  });

  test('a page served by npm start runs on the local runner', async () => {
    await page.goto(`${runner.baseUrl}/lessons/${LESSON}/`);
    assert.match(await bannerSettlesOn(page, 'local', 5000), /Local runner/);
    assert.equal(await page.isEnabled(byTestId('run')), true);
  });

  test('?runtime=webcontainer without the network: boot fails within its 10 s limit and the page falls back to the recording, saying why', async () => {
    const startedAt = Date.now();
    await page.goto(`${host.baseUrl}/lessons/${LESSON}/?runtime=webcontainer`);
    assert.equal(await page.inputValue(byTestId('runtime-picker')), 'webcontainer', 'the picker shows what was asked for');
    const text = await bannerSettlesOn(page, 'recorded', 20_000);
    const elapsedMs = Date.now() - startedAt;
    assert.match(text, /WebContainer could not (boot within 10 s \(no network\?|boot:).*showing the recording made on Node v\d+\.\d+\.\d+/);
    assert.ok(elapsedMs < 16_000, `fell back after ${elapsedMs} ms`);
    console.log(`# WebContainer fallback after ${elapsedMs} ms: ${text}`);
  });

  test('?runtime=recorded replays the lesson\u2019s recorded leaky series and verdict, labelled as a recording', async () => {
    await page.goto(`${host.baseUrl}/lessons/${LESSON}/?runtime=recorded&speed=4`);
    const text = await bannerSettlesOn(page, 'recorded', 10_000);
    assert.match(text, /recording/i);
    await page.waitForSelector(`${byTestId('verdict')}[data-verdict="leaking"]`, { timeout: 15_000 });
    const points = Number(await page.getAttribute(byTestId('heap-chart'), 'data-points'));
    assert.ok(points >= 20, `the chart has ${points} points`);
    assert.equal(await page.getAttribute(byTestId('heap-chart'), 'data-figures-are'), 'recorded');
    const legend = await page.locator(`${byTestId('heap-chart')} .u-legend .u-label`).allInnerTexts();
    assert.ok(legend.includes('heapUsed (left axis)') && legend.includes('rss (right axis)'), `the replay reads heap and rss on their own axes: ${JSON.stringify(legend)}`);
    const heapMaxMb = Number(await page.getAttribute(byTestId('heap-chart'), 'data-heap-axis-max'));
    assert.ok(heapMaxMb > 0 && heapMaxMb < Number(await page.getAttribute(byTestId('heap-chart'), 'data-process-axis-max')), 'the heap axis is scaled to the heap, not to rss');
    assert.match(await page.textContent(byTestId('figures-label')) ?? '', /Recorded figures/);
    await page.waitForSelector(`${byTestId('run-state')}[data-state="exited"]`, { timeout: 15_000 });
    assert.match(await page.locator(`${byTestId('terminal')} .xterm-rows`).innerText(), /Recorded verdict: leaking/);
  });
});
