import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium; never a downloaded one. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export const byTestId = (id: string): string => `[data-testid="${id}"]`;

/** Waits for `selector`, and on timeout fails with what the page says instead (message, terminal). */
export async function waitFor(page: Page, selector: string, timeoutMs: number, what: string): Promise<void> {
  try {
    await page.waitForSelector(selector, { timeout: timeoutMs });
  } catch (err) {
    const message = await page.textContent(byTestId('snapshot-message')).catch(() => null);
    const terminal = await page.locator(`${byTestId('terminal')} .xterm-rows`).innerText({ timeout: 500 }).catch(() => '');
    assert.fail(`${what}: ${selector} did not appear within ${timeoutMs} ms. Snapshot message: ${message ?? '(none)'}\nTerminal:\n${terminal}\n${(err as Error).message}`);
  }
}

/** The diff table's rows as the page shows them: class and count delta, top to bottom. */
export async function diffRows(page: Page): Promise<{ name: string; countDelta: number }[]> {
  return page.$$eval(`${byTestId('diff-table')} tbody tr`, (rows) => rows.map((tr) => ({
    name: (tr as HTMLElement).dataset.class ?? '',
    countDelta: Number((tr.children[3]?.textContent ?? '').replace(/[,+]/g, '').replace('−', '-')),
  })));
}
