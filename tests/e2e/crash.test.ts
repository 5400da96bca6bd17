import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../../scripts/support/serve.ts';
import { byTestId, launchBrowser, waitFor } from '../../scripts/support/browser.ts';

// The article's own crash: a leak under a small heap cap ends in V8's FATAL ERROR, and the page
// must show it, name it, and be ready to run again.
let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the crash lesson shows FATAL ERROR: Reached heap limit, says it crashed, and Run works again', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.baseUrl}/lessons/04-the-crash/`);
  await page.locator(byTestId('run')).click();
  await waitFor(page, `${byTestId('verdict')}[data-exit="heap-cap"]`, 45_000, 'the verdict to say the program crashed at the heap limit');
  assert.match(await page.locator(byTestId('verdict')).innerText(), /crashed/);
  // V8's native stack trace follows the FATAL ERROR line: scroll the terminal back to read it.
  const rows = page.locator(`${byTestId('terminal')} .xterm-rows`);
  await page.locator(`${byTestId('terminal')} .xterm-screen`).hover();
  let terminal = await rows.innerText();
  for (let i = 0; i < 20 && !(/FATAL ERROR: Reached heap limit Allocation failed/.test(terminal) && /Mark-Compact/.test(terminal)); i++) {
    await page.mouse.wheel(0, -300);
    // xterm redraws the scrolled rows on the next frames.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    terminal = (await rows.innerText()) + terminal;
  }
  assert.match(terminal, /FATAL ERROR: Reached heap limit Allocation failed/, 'V8\u2019s own line, not only our summary');
  assert.match(terminal, /Mark-Compact/, 'the --trace-gc lines are there to read alongside');
  assert.equal(await page.locator(byTestId('run-state')).getAttribute('data-state'), 'exited');
  assert.equal(await page.locator(byTestId('run')).isEnabled(), true);
  await page.close();
});
