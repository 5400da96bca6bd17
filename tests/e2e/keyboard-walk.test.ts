import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { byTestId, launchBrowser, waitFor } from '../../scripts/support/browser.ts';
import { startServer, type RunningServer } from '../../scripts/support/serve.ts';

let server: RunningServer;
let browser: Browser;

/** What has the focus: its data-testid, or its tag and text when it has none. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    return el.getAttribute('data-testid') ?? `${el.tagName.toLowerCase()}:${(el.textContent ?? '').trim().slice(0, 30)}`;
  });
}

/**
 * Presses Tab until `testId` has the focus, as a keyboard user would, and checks the focus is
 * drawn (`:focus-visible` with an outline or a box shadow). Returns how many presses it took.
 */
async function tabTo(page: Page, testId: string, maxPresses = 80): Promise<number> {
  const passed: string[] = [];
  for (let presses = 1; presses <= maxPresses; presses++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    passed.push(now);
    if (now !== testId) continue;
    const drawn = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return el.matches(':focus-visible') && ((style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none');
    });
    assert.ok(drawn, `${testId} has the focus but shows no focus ring`);
    return presses;
  }
  assert.fail(`${testId} was not reached in ${maxPresses} Tab presses; the focus went: ${passed.join(' > ')}`);
}

/** Tabs to a button and presses Enter on it; says in the test log how far it was. */
async function press(t: TestContext, page: Page, testId: string): Promise<void> {
  const presses = await tabTo(page, testId);
  t.diagnostic(`${testId}: ${presses} Tab ${presses === 1 ? 'press' : 'presses'} away`);
  await page.keyboard.press('Enter');
}

/** The lessons in reading order, from the home page's links. */
async function lessonPath(page: Page): Promise<string[]> {
  await page.goto(`${server.baseUrl}/`);
  return page.$$eval(byTestId('lesson-link'), (links) => links.map((a) => (a as HTMLElement).dataset.lesson ?? ''));
}

describe('keyboard only', () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a lesson can be run, snapshotted twice, compared, fixed and run again with Tab and Enter alone', async (t) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
    try {
      const path = await lessonPath(page);
      // From the home page to the first lesson by keyboard: its link is in the list.
      await tabTo(page, 'lesson-link');
      await page.keyboard.press('Enter');
      await page.waitForURL(`**/lessons/${path[0]}/`);
      await page.waitForSelector('[data-playground][data-ready="true"]');
      await waitFor(page, `${byTestId('runtime-banner')}:not([data-choice="choosing"])`, 15_000, 'the runtime choice');

      await press(t, page, 'run');
      await waitFor(page, `${byTestId('run-state')}[data-state="running"]`, 15_000, 'the run started with Enter');
      await page.waitForSelector(`${byTestId('snapshot')}:not([disabled])`, { timeout: 10_000 });
      await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-requests')) > 200, byTestId('requests'), { timeout: 15_000 });
      await press(t, page, 'snapshot');
      await waitFor(page, `${byTestId('snapshot-row')}[data-status="ready"]`, 30_000, 'the first snapshot');
      await page.waitForSelector(`${byTestId('snapshot')}:not([disabled])`, { timeout: 10_000 });
      // The button was disabled while the snapshot was taken; the focus comes back to it, so Enter
      // takes the second one.
      await page.waitForFunction((id) => document.activeElement?.getAttribute('data-testid') === id, 'snapshot', { timeout: 5000 });
      await page.keyboard.press('Enter');
      await waitFor(page, `${byTestId('snapshot-row')}:nth-child(2)[data-status="ready"]`, 30_000, 'the second snapshot');
      await page.waitForSelector(`${byTestId('compare')}:not([disabled])`, { timeout: 10_000 });
      await press(t, page, 'compare');
      await waitFor(page, `${byTestId('diff-table')} tbody tr`, 40_000, 'the comparison after Compare');
      // The comparison's table scrolls: it is reachable by keyboard (axe: scrollable-region-focusable).
      await tabTo(page, 'comparison-scroll');
      // Its rows are one tab stop: Tab passes the sort buttons to the first row, the arrows move,
      // Enter opens the row's retainers.
      const rowClass = (): Promise<string | null | undefined> => page.evaluate(() => document.activeElement?.getAttribute('data-class'));
      for (let i = 0; i < 8 && !(await rowClass()); i++) await page.keyboard.press('Tab');
      const firstClass = await rowClass();
      assert.ok(firstClass, `Tab after the table's scroller reaches a row; the focus is on ${await focused(page)}`);
      await page.keyboard.press('ArrowDown');
      const secondClass = await rowClass();
      assert.ok(secondClass && secondClass !== firstClass, 'ArrowDown moves to the next row');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Enter');
      await waitFor(page, `${byTestId('retainers')}:not([hidden])`, 30_000, 'the retainers of the row chosen with Enter');
      assert.equal(await page.getAttribute(`${byTestId('diff-table')} tbody tr[tabindex="0"]`, 'data-class'), firstClass, 'one row holds the tab stop');
      assert.equal(await page.locator(`${byTestId('diff-table')} tbody tr[tabindex="0"]`).count(), 1);

      await press(t, page, 'show-fix');
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'fixed.js', byTestId('file-name'));
      // Run is a few buttons before Show fix (Stop counts only while enabled): Shift+Tab goes back.
      let backPresses = 0;
      while (await focused(page) !== 'run' && backPresses < 4) { await page.keyboard.press('Shift+Tab'); backPresses++; }
      assert.equal(await focused(page), 'run', 'Run is at most four Shift+Tab presses before Show fix');
      t.diagnostic(`run: ${backPresses} Shift+Tab presses back from Show fix`);
      await page.keyboard.press('Enter');
      await waitFor(page, `${byTestId('run-state')}[data-state="running"]`, 15_000, 'the run of fixed.js');
      await press(t, page, 'stop');
      await waitFor(page, `${byTestId('run-state')}[data-state="exited"]`, 10_000, 'the stop by Enter');

      // Next lesson by keyboard, from the links at the top of the lesson.
      await tabTo(page, 'lesson-next');
      await page.keyboard.press('Enter');
      await page.waitForURL(`**/lessons/${path[1]}/`);
    } finally {
      await context.close();
    }
  });

  test('a talk from presenter mode without the mouse: lesson 01, 05 and 08 of the path, run, two snapshots, compare, fix, run again', async (t) => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
    try {
      const path = await lessonPath(page);
      await page.goto(`${server.baseUrl}/lessons/${path[0]}/?present`);
      await page.waitForSelector('[data-playground][data-ready="true"]');
      for (const position of [4, 7]) {
        // N walks the path one lesson at a time; the page says where it is.
        while (!page.url().includes(`/lessons/${path[position]}/`)) {
          const before = page.url();
          await page.keyboard.press('n');
          await page.waitForURL((url) => url.href !== before);
          await page.waitForSelector('[data-playground][data-ready="true"]');
        }
        assert.match(await page.textContent(byTestId('lesson-position')) ?? '', new RegExp(`Lesson ${String(position + 1).padStart(2, '0')} of`));
        t.diagnostic(`lesson ${position + 1}: ${path[position]}`);
      }
      await waitFor(page, `${byTestId('runtime-banner')}:not([data-choice="choosing"])`, 15_000, 'the runtime choice');
      await page.keyboard.press('r');
      await waitFor(page, `${byTestId('run-state')}[data-state="running"]`, 15_000, 'the run started by R');
      await page.waitForSelector(`${byTestId('snapshot')}:not([disabled])`, { timeout: 10_000 });
      await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-requests')) > 200, byTestId('requests'), { timeout: 15_000 });
      await page.keyboard.press('h');
      await waitFor(page, `${byTestId('snapshot-row')}[data-status="ready"]`, 30_000, 'the snapshot taken by H');
      await page.waitForSelector(`${byTestId('snapshot')}:not([disabled])`, { timeout: 10_000 });
      await page.keyboard.press('h');
      await waitFor(page, `${byTestId('snapshot-row')}:nth-child(2)[data-status="ready"]`, 30_000, 'the second snapshot');
      // Two snapshots compare by themselves; C compares the ticked ones again, as a speaker would.
      await waitFor(page, `${byTestId('diff-table')} tbody tr`, 40_000, 'the comparison');
      await page.keyboard.press('c');
      await page.waitForFunction((sel) => /^C: Compare/.test(document.querySelector(sel)?.textContent ?? ''), byTestId('shortcut-feedback'));
      // Compare redraws the table when its answer comes: wait until a drawn top row sits on screen.
      const onScreen = await page.waitForFunction((sel) => {
        const rect = document.querySelector(sel)?.getBoundingClientRect();
        return rect && rect.height > 0 && rect.top >= 0 && rect.bottom <= window.innerHeight ? JSON.stringify(rect) : false;
      }, `${byTestId('diff-table')} tbody tr`, { timeout: 40_000 }).catch(() => null);
      assert.ok(onScreen, 'the comparison\u2019s top row is on the 1024x768 projector after C');
      await page.keyboard.press('f');
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'fixed.js', byTestId('file-name'));
      await page.keyboard.press('r');
      await waitFor(page, `${byTestId('run-state')}[data-state="running"]`, 15_000, 'the run of fixed.js');
      await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-requests')) > 200, byTestId('requests'), { timeout: 15_000 });
      await page.keyboard.press('s');
      await waitFor(page, `${byTestId('run-state')}[data-state="exited"]`, 10_000, 'the stop by S');
    } finally {
      await context.close();
    }
  });
});
