import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { byTestId, launchBrowser, waitFor } from '../../scripts/support/browser.ts';
import { startServer, type RunningServer } from '../../scripts/support/serve.ts';
import { encodeShare } from '../../src/playground/share/share-codec.ts';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { openLesson, terminalText, waitForTerminal } from './playground-page.ts';
import { describeFindings, seriousViolations } from './axe.ts';

const LESSON = '08-unbounded-cache';
const EDIT_KEY = `leaklab:edit:${LESSON}`;

let server: RunningServer;
let browser: Browser;

async function withContext(use: (context: BrowserContext) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
  try {
    await use(context);
  } finally {
    await context.close();
  }
}

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
  page.on('dialog', (dialog) => void dialog.accept());
  return page;
}

/**
 * The editor's whole text, copied as a learner would (Ctrl+A, Ctrl+C): CodeMirror draws only the
 * lines in view, so the DOM's text is not the document.
 */
async function editorText(page: Page): Promise<string> {
  await page.click(`${byTestId('editor')} .cm-content`);
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+c');
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Types at the end of the editor, as a learner would. */
async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.click(`${byTestId('editor')} .cm-content`);
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

/**
 * Loads `url` as a fresh page, as a link opened from a chat would be. Going from one lesson URL to
 * the same one with another hash is only a hash change (the page then reloads itself), so the
 * test leaves the page first.
 */
async function openLink(page: Page, url: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForSelector('[data-playground][data-ready="true"]');
  await waitFor(page, `${byTestId('runtime-banner')}:not([data-choice="choosing"])`, 15_000, 'the runtime choice');
}

async function shareState(page: Page, state: string): Promise<void> {
  await waitFor(page, `${byTestId('share-bar')}[data-state="${state}"]`, 10_000, `the share bar saying ${state}`);
}

/** The page opened a link and must not have started anything: no run, no command in the terminal. */
async function assertNothingRan(page: Page): Promise<void> {
  await page.waitForTimeout(1500);
  assert.equal(await page.getAttribute(byTestId('run-state'), 'data-state'), 'idle', 'the shared code did not run by itself');
  assert.doesNotMatch(await terminalText(page), /node main\.js/);
}

describe('share links', () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a share link opens the same edited code in another browser without running it, and says where it came from', async () => {
    let link = '';
    let shared = '';
    await withContext(async (context) => {
      const page = await newPage(context);
      await openLesson(page, server.baseUrl, LESSON);
      await typeAtEnd(page, '\n// capped at 1000 entries by Ada, 2026 🧪\n');
      shared = await editorText(page);
      await page.click(byTestId('share'));
      await shareState(page, 'made');
      link = await page.inputValue(byTestId('share-url'));
      assert.match(link, new RegExp(`^${server.baseUrl}/lessons/${LESSON}/#share=[A-Za-z0-9_-]+$`));
      await page.waitForSelector(`${byTestId('share-bar')}[data-copied="true"]`);
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link, 'the link is on the clipboard');
    });
    await withContext(async (context) => {
      const page = await newPage(context);
      await openLink(page, link);
      await shareState(page, 'opened-adopted');
      assert.equal(await editorText(page), shared, 'the same code, character for character');
      assert.match(await page.textContent(byTestId('share-message')) ?? '', /Opened from a shared link; not your saved edit.*Nothing runs until you press Run/);
      assert.equal(await page.isVisible(byTestId('edited')), true, 'the editor says the code is an edit');
      await assertNothingRan(page);

      await page.click(byTestId('run'));
      await waitFor(page, `${byTestId('run-state')}[data-state="running"]`, 15_000, 'the run of the shared code');
      // The share bar pushes the terminal down the playground's scrolling column; xterm draws only
      // while it is in view, as a learner would see it after scrolling.
      await page.locator(byTestId('terminal')).scrollIntoViewIfNeeded();
      await waitForTerminal(page, /node main\.js\s+\(your edit\)/, 10_000);
      await page.click(byTestId('stop'));
      await waitFor(page, `${byTestId('run-state')}[data-state="exited"]`, 10_000, 'the stop');
    });
  });

  test('opening a link over the learner\u2019s own saved edit keeps that edit until they choose, and Back brings it back', async () => {
    const value = await encodeShare({ v: 1, lesson: LESSON, base: 'fixed', code: '// the shared program\n', settings: {} });
    await withContext(async (context) => {
      const page = await newPage(context);
      await openLesson(page, server.baseUrl, LESSON);
      await typeAtEnd(page, '\n// my own work\n');
      const own = await editorText(page);
      await page.waitForFunction((key) => localStorage.getItem(key)?.includes('my own work'), EDIT_KEY);

      const other = await newPage(context);
      await openLink(other, `${server.baseUrl}/lessons/${LESSON}/#share=${value}`);
      await shareState(other, 'opened-shared');
      for (const colorScheme of ['light', 'dark'] as const) {
        await other.emulateMedia({ colorScheme });
        const findings = await seriousViolations(other);
        assert.deepEqual(findings, [], `the share bar with its choices, ${colorScheme}:\n${describeFindings(findings)}`);
      }
      assert.equal((await editorText(other)).trim(), '// the shared program');
      await typeAtEnd(other, '// changed on the shared copy\n');
      await other.waitForTimeout(800); // past the save delay
      const stored = await other.evaluate((key) => localStorage.getItem(key), EDIT_KEY);
      assert.match(stored ?? '', /my own work/, 'the saved edit was not overwritten');
      assert.doesNotMatch(stored ?? '', /shared program/);
      await assertNothingRan(other);

      await other.click(byTestId('share-back'));
      await shareState(other, 'back');
      assert.equal(await editorText(other), own, 'back to the learner\u2019s own code');
      assert.equal(new URL(other.url()).hash, '', 'the link is gone from the address, so a reload shows the own edit');

      // Keep: the shared code replaces the saved edit, after a question (accepted here).
      await openLink(other, `${server.baseUrl}/lessons/${LESSON}/#share=${value}`);
      await shareState(other, 'opened-shared');
      await other.click(byTestId('share-keep'));
      await shareState(other, 'kept');
      assert.match(await other.evaluate((key) => localStorage.getItem(key), EDIT_KEY) ?? '', /the shared program/);
    });
  });

  test('a link\u2019s run settings are said and used by the run', async () => {
    await withContext(async (context) => {
      const page = await newPage(context);
      // The lesson's own code under the link's heap cap.
      const leaky = readFileSync(new URL(`../../lessons/${LESSON}/leaky.js`, import.meta.url), 'utf8');
      const withCode = await encodeShare({ v: 1, lesson: LESSON, base: 'leaky', code: `${leaky}\n// shared\n`, settings: { heapCapMiB: 48 } });
      await openLink(page, `${server.baseUrl}/lessons/${LESSON}/#share=${withCode}`);
      await shareState(page, 'opened-adopted');
      assert.match(await page.textContent(byTestId('share-message')) ?? '', /heap cap 48 MiB \(the lesson's: 256 MiB\)/);
      await page.click(byTestId('run'));
      await waitFor(page, `${byTestId('run-state')}[data-state="running"]`, 15_000, 'the run');
      const banner = await page.textContent(byTestId('runtime-banner')) ?? '';
      const limitMb = Number(/heap limit ([\d.]+) MB/.exec(banner)?.[1]);
      // V8's heap limit adds the young generation to the old-space cap: ask this Node what 48 MiB gives.
      const expectedMb = Number(execFileSync(process.execPath, ['--max-old-space-size=48', '-p', 'require("v8").getHeapStatistics().heap_size_limit / 1e6'], { encoding: 'utf8' }));
      assert.ok(Math.abs(limitMb - expectedMb) < expectedMb * 0.05, `the run's heap limit follows the 48 MiB cap (${expectedMb.toFixed(0)} MB on this Node): ${banner}`);
      await page.click(byTestId('stop'));
      await waitFor(page, `${byTestId('run-state')}[data-state="exited"]`, 10_000, 'the stop');
    });
  });

  test('a broken, oversized or wrong-lesson link is refused in words, and the editor keeps the lesson\u2019s code', async () => {
    const otherLesson = await encodeShare({ v: 1, lesson: '01-global-variables', base: 'leaky', code: '// for another lesson', settings: {} });
    const cases = [
      { hash: '#share=%%%not-a-link', state: 'refused', says: /cannot be opened.*characters a share link never has/ },
      { hash: `#share=${'A'.repeat(100_001)}`, state: 'refused', says: /100,001 characters long; a share link has at most 100,000/ },
      { hash: `#share=${otherLesson.slice(0, 20)}`, state: 'refused', says: /does not unpack/ },
      { hash: `#share=${otherLesson}`, state: 'wrong-lesson', says: /code for lesson 01-global-variables, not for this one/ },
    ];
    await withContext(async (context) => {
      const page = await newPage(context);
      await openLesson(page, server.baseUrl, LESSON);
      const lessonCode = await editorText(page);
      for (const c of cases) {
        await openLink(page, `${server.baseUrl}/lessons/${LESSON}/${c.hash}`);
        await shareState(page, c.state);
        assert.match(await page.textContent(byTestId('share-message')) ?? '', c.says);
        assert.equal(await editorText(page), lessonCode, `${c.state}: the editor is untouched`);
      }
      assert.equal(await page.getAttribute(byTestId('share-elsewhere'), 'href'), `/lessons/01-global-variables/#share=${otherLesson}`);
      await page.click(byTestId('share-elsewhere'));
      await page.waitForURL('**/lessons/01-global-variables/**');
      await shareState(page, 'opened-adopted');
      assert.equal((await editorText(page)).trim(), '// for another lesson');
    });
  });
});
