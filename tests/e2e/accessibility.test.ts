import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { byTestId, launchBrowser, waitFor } from '../../scripts/support/browser.ts';
import { startServer, type RunningServer } from '../../scripts/support/serve.ts';
import { describeFindings, seriousViolations } from './axe.ts';
import { openLesson, runUntilRunning } from './playground-page.ts';

const LESSON = '01-global-variables';
const SCHEMES = ['light', 'dark'] as const;

let server: RunningServer;
let browser: Browser;

/**
 * Switches the page's scheme live, as when the system flips at dusk, and waits until the page has
 * heard: media query listeners run in a rendering step, so two frames after the query matches.
 */
async function useScheme(page: Page, colorScheme: (typeof SCHEMES)[number]): Promise<void> {
  await page.emulateMedia({ colorScheme });
  await page.waitForFunction((dark) => matchMedia('(prefers-color-scheme: dark)').matches === dark, colorScheme === 'dark');
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Checks the page in both schemes. */
async function assertCleanInBothSchemes(page: Page, what: string): Promise<void> {
  for (const colorScheme of SCHEMES) {
    await useScheme(page, colorScheme);
    const findings = await seriousViolations(page);
    assert.deepEqual(findings, [], `${what} in the ${colorScheme} scheme:\n${describeFindings(findings)}`);
  }
}

async function withPage(path: string, use: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto(`${server.baseUrl}${path}`);
    await use(page);
  } finally {
    await context.close();
  }
}

describe('accessibility: axe-core finds no serious or critical violation', () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the home page, with search results showing, in light and dark', async () => {
    await withPage('/', async (page) => {
      await page.waitForSelector(byTestId('lesson-link'));
      await page.fill(byTestId('search-input'), 'heap snapshot');
      await page.waitForSelector(byTestId('search-result'));
      await assertCleanInBothSchemes(page, 'The home page');
    });
  });

  test('a lesson page while idle, in light and dark', async () => {
    await withPage(`/lessons/${LESSON}/`, async (page) => {
      await openLesson(page, server.baseUrl, LESSON);
      await assertCleanInBothSchemes(page, 'The idle lesson page');
    });
  });

  test('a lesson page in presenter mode with its shortcut overlay open, in light and dark', async () => {
    await withPage(`/lessons/${LESSON}/?present`, async (page) => {
      await page.waitForSelector('[data-playground][data-ready="true"]');
      await assertCleanInBothSchemes(page, 'The lesson page in presenter mode');
      await page.keyboard.press('?');
      await page.waitForSelector(`${byTestId('shortcut-help')}[open]`);
      await assertCleanInBothSchemes(page, 'The shortcut overlay');
    });
  });

  test('/analyze and /watch, in light and dark', async () => {
    await withPage('/analyze/', async (page) => {
      await page.waitForSelector('[data-analyze]');
      await assertCleanInBothSchemes(page, '/analyze');
    });
    await withPage('/watch/', async (page) => {
      await page.waitForSelector('[data-watch][data-ready="true"]');
      await assertCleanInBothSchemes(page, '/watch');
    });
  });

  test('a lesson page after a run with two snapshots, their comparison and a retainer path, in light and dark', async () => {
    await withPage(`/lessons/${LESSON}/`, async (page) => {
      await openLesson(page, server.baseUrl, LESSON);
      await runUntilRunning(page);
      await page.waitForSelector(`${byTestId('snapshot')}:not([disabled])`, { timeout: 10_000 });
      await page.click(byTestId('snapshot'));
      await waitFor(page, `${byTestId('snapshot-row')}[data-status="ready"]`, 30_000, 'the first snapshot');
      await page.waitForSelector(`${byTestId('snapshot')}:not([disabled])`, { timeout: 10_000 });
      await page.click(byTestId('snapshot'));
      await waitFor(page, `${byTestId('diff-table')} tbody tr`, 40_000, 'the comparison');
      await page.click(`${byTestId('diff-table')} tbody tr`);
      await waitFor(page, `${byTestId('retainer-paths')} li`, 20_000, 'the retainer paths');
      await page.click(byTestId('stop'));
      await waitFor(page, `${byTestId('run-state')}[data-state="exited"]`, 10_000, 'the stop');
      await page.click(byTestId('tab-output'));
      await assertCleanInBothSchemes(page, 'The lesson page after a run (output tab)');
      await page.click(byTestId('tab-snapshots'));
      await assertCleanInBothSchemes(page, 'The lesson page after a run (snapshots tab)');
    });
  });

  test('the editor, the terminal and the chart change colours with the scheme', async () => {
    await withPage(`/lessons/${LESSON}/`, async (page) => {
      await openLesson(page, server.baseUrl, LESSON);
      const colours = (): Promise<Record<string, string>> => page.evaluate(() => {
        const style = (sel: string, prop: 'backgroundColor' | 'borderTopColor'): string => {
          const el = document.querySelector(sel);
          return el ? getComputedStyle(el)[prop] : 'missing';
        };
        return {
          page: style('body', 'backgroundColor'),
          editor: style('[data-testid="editor"] .cm-editor', 'backgroundColor'),
          terminal: style('[data-testid="terminal"] .xterm-viewport', 'backgroundColor'),
          chartLegend: style('[data-testid="heap-chart"] .u-legend .u-series:nth-child(2) .u-marker', 'borderTopColor'),
        };
      });
      await useScheme(page, 'light');
      const light = await colours();
      await useScheme(page, 'dark');
      const dark = await colours();
      for (const part of Object.keys(light)) {
        assert.notEqual(light[part], 'missing', `${part} is on the page`);
        assert.notEqual(dark[part], light[part], `${part} has its own colour in the dark scheme (light ${light[part]}, dark ${dark[part]})`);
      }
    });
  });
});
