// What the lesson-page e2e tests read off a playground, in the words of what a learner sees.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { byTestId, waitFor } from '../../scripts/support/browser.ts';

/** The terminal's visible text, with xterm's non-breaking spaces as spaces. */
export async function terminalText(page: Page): Promise<string> {
  const text = await page.locator(`${byTestId('terminal')} .xterm-rows`).innerText();
  return text.replace(/\u00a0/g, ' ');
}

/**
 * Waits until the terminal shows `pattern`; fails with what it shows instead. The terminal is
 * scrolled into view first, as a learner reading it would: xterm paints nothing while it is out
 * of view, and the toolbar's second row (Check my fix, Run settings) puts it below the fold.
 */
export async function waitForTerminal(page: Page, pattern: RegExp, timeoutMs: number): Promise<void> {
  await page.locator(byTestId('terminal')).scrollIntoViewIfNeeded();
  try {
    await page.waitForFunction(([sel, source, flags]) => new RegExp(source, flags).test((document.querySelector(sel) as HTMLElement | null)?.innerText.replace(/\u00a0/g, ' ') ?? ''),
      [`${byTestId('terminal')} .xterm-rows`, pattern.source, pattern.flags] as const, { timeout: clampTimeout(timeoutMs) });
  } catch (err) {
    assert.fail(`The terminal never showed ${pattern} within ${timeoutMs} ms. It shows:\n${await terminalText(page)}\n${(err as Error).message}`);
  }
}

/** Waits for the verdict badge to say `verdict`; on timeout the failure quotes the verdict's reason. */
export async function waitForVerdict(page: Page, verdict: 'leaking' | 'flat', timeoutMs: number): Promise<void> {
  try {
    await waitFor(page, `${byTestId('verdict')}[data-verdict="${verdict}"]`, clampTimeout(timeoutMs), `the verdict ${verdict}`);
  } catch (err) {
    const reason = await page.textContent(byTestId('verdict-detail')).catch(() => null);
    throw new Error(`${(err as Error).message}\nThe verdict says "${await page.textContent(byTestId('verdict'))}": ${reason}`, { cause: err });
  }
}

/** A Playwright timeout of 0 means none at all: what is left of a budget is at least 1 ms. */
export function clampTimeout(remainingMs: number): number {
  return Math.max(1, Math.round(remainingMs));
}

/** The number a `data-*` attribute holds (`data-requests`, `data-points`). */
export async function numberAttribute(page: Page, testId: string, name: string): Promise<number> {
  return Number(await page.getAttribute(byTestId(testId), name));
}

/** Waits until the number in `data-<name>` of `testId` reaches `atLeast` (load adds requests, samples add points). */
export async function waitForCount(page: Page, testId: string, name: string, atLeast: number, timeoutMs: number): Promise<void> {
  try {
    await page.waitForFunction(([sel, attr, n]) => Number(document.querySelector(sel)?.getAttribute(attr)) >= n,
      [byTestId(testId), name, atLeast] as const, { timeout: clampTimeout(timeoutMs) });
  } catch (err) {
    assert.fail(`${testId} never had ${name} >= ${atLeast} within ${timeoutMs} ms; it has ${await numberAttribute(page, testId, name)}.\n${(err as Error).message}`);
  }
}

/** Opens a lesson page and waits until its playground is mounted and its runtime chosen. */
export async function openLesson(page: Page, baseUrl: string, lesson: string): Promise<void> {
  await page.goto(`${baseUrl}/lessons/${lesson}/`);
  await page.waitForSelector('[data-playground][data-ready="true"]');
  await waitFor(page, `${byTestId('runtime-banner')}:not([data-choice="choosing"])`, 15_000, 'the runtime choice');
}

/** Presses Run and waits until the run is under way; returns its pid. */
export async function runUntilRunning(page: Page): Promise<number> {
  await page.click(byTestId('run'));
  await waitFor(page, `${byTestId('run-state')}[data-state="running"][data-pid]`, 15_000, 'the run');
  return numberAttribute(page, 'run-state', 'data-pid');
}

export async function editorText(page: Page): Promise<string> {
  return page.locator(`${byTestId('editor')} .cm-content`).innerText();
}
