// The run settings beside Run and the files a run wrote, in Chromium against the local runner:
// what a learner does for the lessons' try-its (a lower heap cap, --trace-gc, --heap-prof and
// Stop, a snapshot on a signal), and what the page says when a setting is wrong.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { byTestId, launchBrowser, waitFor } from '../../scripts/support/browser.ts';
import { startServer, type RunningServer } from '../../scripts/support/serve.ts';
import { parseHeapProfile } from '../../src/analyzer/profile/heap-profile.ts';
import { numberAttribute, openLesson, runUntilRunning, terminalText, waitForTerminal } from './playground-page.ts';

let server: RunningServer;
let browser: Browser;

async function withLesson(lesson: string, use: (page: Page, context: BrowserContext) => Promise<void>, context?: BrowserContext): Promise<void> {
  const ownContext = context ?? await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  const page = await ownContext.newPage();
  page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  try {
    await openLesson(page, server.baseUrl, lesson);
    await use(page, ownContext);
  } finally {
    if (await page.isEnabled(byTestId('stop')).catch(() => false)) {
      await page.click(byTestId('stop'));
      await waitFor(page, `${byTestId('run-state')}[data-state="exited"]`, 10_000, 'the stop after the test');
    }
    if (!context) await ownContext.close();
  }
}

async function openSettings(page: Page): Promise<void> {
  if (await page.getAttribute(byTestId('settings-toggle'), 'aria-expanded') !== 'true') await page.click(byTestId('settings-toggle'));
  await page.waitForSelector(`${byTestId('run-settings')}:not([hidden])`);
}

async function setField(page: Page, field: string, value: string): Promise<void> {
  await page.fill(byTestId(`setting-${field}`), value);
}

/**
 * Waits for the terminal to show `pattern`, scrolled into view first as a learner would: with
 * the settings open the playground scrolls, and xterm does not paint a terminal out of view.
 */
async function seeTerminal(page: Page, pattern: RegExp, timeoutMs: number): Promise<void> {
  await page.locator(byTestId('terminal')).scrollIntoViewIfNeeded();
  await waitForTerminal(page, pattern, timeoutMs);
}

/** As seeTerminal, for a line the terminal may wrap: the rows are read as one line. */
async function seeTerminalLine(page: Page, pattern: RegExp, timeoutMs: number): Promise<void> {
  await page.locator(byTestId('terminal')).scrollIntoViewIfNeeded();
  try {
    await page.waitForFunction(([sel, source]) => new RegExp(source).test(((document.querySelector(sel) as HTMLElement | null)?.innerText ?? '').replace(/\u00a0/g, ' ').replace(/\n/g, '')),
      [`${byTestId('terminal')} .xterm-rows`, pattern.source] as const, { timeout: timeoutMs });
  } catch (err) {
    assert.fail(`The terminal never showed ${pattern} within ${timeoutMs} ms. It shows:\n${await terminalText(page)}\n${(err as Error).message}`);
  }
}

/**
 * Starts watching the terminal for `words` (whitespace ignored, since xterm wraps long lines
 * at any column), on every frame it draws, so a line that scrolls out of view in the same
 * second still counts; the returned wait fails with what the terminal shows instead.
 */
async function watchTerminalFor(page: Page, words: string): Promise<(timeoutMs: number) => Promise<void>> {
  const rows = `${byTestId('terminal')} .xterm-rows`;
  await page.evaluate(([sel, wanted]) => {
    const squash = (t: string) => t.replace(/\s+/g, '');
    const seen = ((window as unknown as { leaklabSeen?: Record<string, boolean> }).leaklabSeen ??= {});
    const el = document.querySelector(sel) as HTMLElement;
    const check = () => { if (squash(el.innerText).includes(squash(wanted))) seen[wanted] = true; };
    new MutationObserver(check).observe(el, { childList: true, subtree: true, characterData: true });
    check();
  }, [rows, words] as const);
  return async (timeoutMs) => {
    try {
      await page.waitForFunction((wanted) => (window as unknown as { leaklabSeen?: Record<string, boolean> }).leaklabSeen?.[wanted] === true, words, { timeout: timeoutMs });
    } catch (err) {
      assert.fail(`The terminal never showed "${words}" within ${timeoutMs} ms. It shows:\n${await terminalText(page)}\n${(err as Error).message}`);
    }
  };
}

async function stopAndWait(page: Page): Promise<void> {
  await page.click(byTestId('stop'));
  await waitFor(page, `${byTestId('run-state')}[data-state="exited"]`, 10_000, 'the run to end after Stop');
}

describe('run settings and the files a run wrote', () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the settings open from beside Run by keyboard, every control has a label, and they hold the lesson\u2019s own values', () => withLesson('04-the-crash', async (page) => {
    // The toggle is the toolbar's last button: from Show fix, Tab passes at most Snapshot and
    // Check my fix (when they are enabled) before reaching it.
    await page.focus(byTestId('show-fix'));
    const active = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    for (let i = 0; i < 3 && await active() !== 'settings-toggle'; i++) await page.keyboard.press('Tab');
    assert.equal(await active(), 'settings-toggle');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${byTestId('run-settings')}:not([hidden])`);
    assert.equal(await page.getAttribute(byTestId('settings-toggle'), 'aria-expanded'), 'true');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'setting-nodeFlags', 'Tab goes from the toggle into the first field');
    const unlabelled = await page.$$eval(`${byTestId('run-settings')} input, ${byTestId('run-settings')} select, ${byTestId('run-settings')} button`,
      (els) => els.filter((el) => {
        const labels = (el as HTMLInputElement).labels;
        return !(labels && labels.length > 0) && !el.getAttribute('aria-label') && !(el.textContent ?? '').trim();
      }).map((el) => el.outerHTML.slice(0, 80)));
    assert.deepEqual(unlabelled, []);
    assert.equal(await page.inputValue(byTestId('setting-nodeFlags')), '--trace-gc');
    assert.equal(await page.inputValue(byTestId('setting-heapCapMiB')), '64');
    assert.equal(await page.inputValue(byTestId('setting-paths')), '/');
    assert.equal(await page.inputValue(byTestId('setting-ratePerSec')), '200');
    assert.equal(await page.inputValue(byTestId('setting-method')), 'GET');
    assert.equal(await page.inputValue(byTestId('setting-durationSec')), '');
  }));

  test('an invalid value is shown at its field, Run does not start with it, and fixing it lets Run start', () => withLesson('01-global-variables', async (page) => {
    await openSettings(page);
    await setField(page, 'heapCapMiB', '8');
    await waitFor(page, `${byTestId('setting-heapCapMiB')}[aria-invalid="true"]`, 5000, 'the heap cap marked invalid');
    assert.equal(await page.textContent(byTestId('problem-heapCapMiB')), 'must be a whole number from 16 to 4096');
    assert.equal(await page.isEnabled(byTestId('run')), false, 'Run does not start with it');
    assert.match(await page.textContent(byTestId('run-reason')) ?? '', /fix the run settings first: Heap cap must be a whole number from 16 to 4096/);
    await setField(page, 'nodeFlags', '--inspect');
    assert.match(await page.textContent(byTestId('problem-nodeFlags')) ?? '', /^--inspect is not on the allow-list of node flags/);
    await setField(page, 'paths', 'users');
    assert.match(await page.textContent(byTestId('problem-paths')) ?? '', /^"users" must start with \//);
    await setField(page, 'heapCapMiB', '128');
    await setField(page, 'nodeFlags', '');
    await setField(page, 'paths', '/');
    await waitFor(page, `${byTestId('run')}:not([disabled])`, 5000, 'Run enabled again');
    assert.equal(await page.getAttribute(byTestId('setting-heapCapMiB'), 'aria-invalid'), null);
    await page.locator(byTestId('terminal')).scrollIntoViewIfNeeded();
    await runUntilRunning(page);
    await seeTerminal(page, /\$ node main\.js {3}\(leaky\.js; heap cap 128 MiB\)/, 5000);
  }));

  test('settings are kept per lesson across a reload, and Reset puts the lesson\u2019s back after asking', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    try {
      await withLesson('01-global-variables', async (page) => {
        await openSettings(page);
        await setField(page, 'ratePerSec', '50');
        await page.waitForTimeout(600); // saved 400 ms after the last keystroke
        await page.reload();
        await page.waitForSelector('[data-playground][data-ready="true"]');
        assert.equal(await page.isVisible(byTestId('settings-changed')), true, 'the toggle says the settings are changed');
        await openSettings(page);
        assert.equal(await page.inputValue(byTestId('setting-ratePerSec')), '50');
        let question = '';
        page.once('dialog', (dialog) => { question = dialog.message(); void dialog.accept(); });
        await page.click(byTestId('reset'));
        assert.match(question, /Discard your run settings and restore leaky\.js with the lesson\u2019s settings\?/);
        assert.equal(await page.inputValue(byTestId('setting-ratePerSec')), '200');
        assert.equal(await page.isVisible(byTestId('settings-changed')), false);
      }, context);
      await withLesson('02-what-a-leak-is', async (page) => {
        assert.equal(await page.inputValue(byTestId('setting-ratePerSec')), '200', 'another lesson keeps its own');
      }, context);
    } finally {
      await context.close();
    }
  });

  test('lesson 04 with a lower heap cap crashes sooner: fewer requests before V8 reaches its limit', () => withLesson('04-the-crash', async (page) => {
    const requestsAtCrash = async (): Promise<number> => {
      await runUntilRunning(page);
      await waitFor(page, `${byTestId('verdict')}[data-exit="heap-cap"]`, 60_000, 'the crash at the heap limit');
      return numberAttribute(page, 'requests', 'data-requests');
    };
    const at64 = await requestsAtCrash();
    await openSettings(page);
    await setField(page, 'heapCapMiB', '32');
    const at32 = await requestsAtCrash();
    await seeTerminal(page, /V8 reached its heap limit of 32 MiB/, 5000);
    assert.ok(at32 < at64 * 0.8, `crashed after ${at32} requests under 32 MiB and ${at64} under 64 MiB`);
  }));

  test('a --trace-gc run shows GC lines in the terminal, the probe\u2019s own collections marked as its', () => withLesson('02-what-a-leak-is', async (page) => {
    await openSettings(page);
    await setField(page, 'nodeFlags', '--trace-gc');
    await page.locator(byTestId('terminal')).scrollIntoViewIfNeeded();
    // Both are said once at the start, and the GC lines may scroll them away within a second.
    const sawCommand = await watchTerminalFor(page, '$ node --trace-gc main.js   (leaky.js)');
    const sawNotice = await watchTerminalFor(page, 'the probe forces a full collection at most once a second');
    await page.click(byTestId('run'));
    await sawCommand(5000);
    await sawNotice(10_000);
    await seeTerminal(page, /Scavenge/, 15_000);
    await seeTerminalLine(page, /testing; GC in old space requested \[forced by the Leak Lab probe\]/, 15_000);
  }));

  test('a --heap-prof run stopped by Stop leaves its .heapprofile downloadable from the Files tab', () => withLesson('13-allocation-profiling', async (page) => {
    await openSettings(page);
    await setField(page, 'nodeFlags', '--heap-prof');
    await page.locator(byTestId('terminal')).scrollIntoViewIfNeeded();
    // The probe's allocation sites would take V8's one sampling heap profiler from --heap-prof.
    const sawSitesOff = await watchTerminalFor(page, 'No allocation sites in this run: --heap-prof');
    await runUntilRunning(page);
    await sawSitesOff(10_000);
    await seeTerminal(page, /Load: 200 requests\/s/, 15_000);
    await page.waitForTimeout(2000);
    await stopAndWait(page);
    await seeTerminalLine(page, /\[stopped\] the program ended on SIGTERM \(exit code 0\)\./, 5000);
    await seeTerminalLine(page, /The program wrote 1 file: Heap\.[\d.]+\.heapprofile \([\d.]+ kB\); download it in the Files tab \(kept 10 min\)\./, 5000);
    await page.click(byTestId('tab-files'));
    const row = page.locator(`${byTestId('run-file')}[data-kind="heapprofile"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /sampling heap profile/);
    const [download] = await Promise.all([page.waitForEvent('download'), row.locator(byTestId('run-file-download')).click()]);
    assert.match(download.suggestedFilename(), /^Heap\.\d{8}\.\d{6}\.\d+\.0\.001\.heapprofile$/);
    const profile = parseHeapProfile(await readFile(await download.path(), 'utf8'));
    assert.ok(profile.hasSamples && profile.frames.length > 1, 'the download is the profile V8 wrote');
  }));

  test('SIGUSR2 from the page writes a --heapsnapshot-signal snapshot, which opens in the snapshot views in one click', () => withLesson('12-production-snapshots', async (page) => {
    await openSettings(page);
    await setField(page, 'nodeFlags', '--heapsnapshot-signal=SIGUSR2');
    await runUntilRunning(page);
    await seeTerminal(page, /Load: 200 requests\/s/, 15_000);
    await page.waitForTimeout(1500);
    await page.selectOption(byTestId('signal-choice'), 'SIGUSR2');
    await page.click(byTestId('send-signal'));
    await seeTerminal(page, /Sent SIGUSR2 to the program \(pid \d+\)\./, 5000);
    await page.waitForTimeout(2500); // V8 writes it between two turns of the program's loop
    await stopAndWait(page);
    await seeTerminalLine(page, /The program wrote 1 file: Heap\.[\d.]+\.heapsnapshot/, 5000);
    await page.click(byTestId('tab-files'));
    const row = page.locator(`${byTestId('run-file')}[data-kind="heapsnapshot"]`);
    await row.waitFor({ timeout: 10_000 });
    await row.locator(byTestId('run-file-open')).click();
    await waitFor(page, `${byTestId('tab-snapshots')}[aria-selected="true"]`, 5000, 'the snapshot views');
    await waitFor(page, `${byTestId('summary')}:not([hidden]) tbody tr[data-class="IdempotencyRecord"]`, 30_000, 'the snapshot\u2019s summary with the lesson\u2019s class');
  }));

  test('a duration stops the run by itself once it has had its seconds under load', () => withLesson('01-global-variables', async (page) => {
    await openSettings(page);
    await setField(page, 'durationSec', '3');
    await page.locator(byTestId('terminal')).scrollIntoViewIfNeeded();
    await page.click(byTestId('run'));
    await seeTerminal(page, /\(leaky\.js; stops after 3 s\)/, 5000);
    await waitFor(page, `${byTestId('run-state')}[data-state="exited"]`, 15_000, 'the run to stop by itself');
    await seeTerminal(page, /The run's 3 s under load are up: stopping\./, 1000);
    assert.match(await page.textContent(byTestId('run-state')) ?? '', /stopped/);
  }));
});
