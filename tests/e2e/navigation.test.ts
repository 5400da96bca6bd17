import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { byTestId, launchBrowser } from '../../scripts/support/browser.ts';
import { startServer, type RunningServer } from '../../scripts/support/serve.ts';
import { listLessons } from '../../src/lessons/read-lesson.ts';
import { LESSONS_DIR } from '../../src/project-paths.ts';

let server: RunningServer;
let browser: Browser;

async function withPage(use: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await use(page);
  } finally {
    await context.close();
  }
}

describe('home page, lesson path and search', () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the home page numbers the lessons 01, 02, 03… in reading order, and each lesson page says the same number', async () => {
    const catalogue = await listLessons(LESSONS_DIR);
    await withPage(async (page) => {
      await page.goto(`${server.baseUrl}/`);
      const rows = await page.$$eval(byTestId('lesson-link'), (links) => links.map((a) => ({
        id: (a as HTMLElement).dataset.lesson ?? '',
        number: a.querySelector('.lesson-number')?.textContent?.replace('Lesson', '').trim() ?? '',
        hasStatusRoom: a.querySelector('[data-progress-mark]') !== null,
      })));
      assert.equal(rows.length, catalogue.length);
      assert.deepEqual(rows.map((r) => r.number), rows.map((_, i) => String(i + 1).padStart(2, '0')), 'numbers count up in the order shown');
      assert.ok(rows.some((r) => r.number !== r.id.slice(0, 2)), 'at least one lesson sits elsewhere than its folder prefix, and its number is its place');
      assert.ok(rows.every((r) => r.hasStatusRoom), 'every row has room for its progress mark');

      // Walk the path with the top links: each page names its position and links to its neighbours.
      await page.click(`${byTestId('lesson-link')}[data-lesson="${rows[0].id}"]`);
      for (const [i, row] of rows.entries()) {
        await page.waitForURL(`**/lessons/${row.id}/`);
        assert.equal(await page.getAttribute(byTestId('lesson-position'), 'data-position'), String(i + 1));
        assert.match(await page.textContent(byTestId('lesson-position')) ?? '', new RegExp(`Lesson ${row.number} of ${rows.length}`));
        const neighbours = await page.evaluate(() => ['lesson-prev', 'lesson-next'].map((id) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)?.dataset.lesson ?? null));
        assert.deepEqual(neighbours, [rows[i - 1]?.id ?? null, rows[i + 1]?.id ?? null], `${row.id}: previous and next at the bottom`);
        assert.equal(await page.locator(byTestId('lesson-prev-top')).count(), i === 0 ? 0 : 1);
        if (i + 1 < rows.length) await page.click(byTestId('lesson-next-top'));
      }
    });
  });

  test('typing in the search box lists the lessons that mention the words, with the match marked, from this origin only', async () => {
    await withPage(async (page) => {
      const foreign: string[] = [];
      page.on('request', (request) => { if (!request.url().startsWith(server.baseUrl) && !request.url().startsWith('data:')) foreign.push(request.url()); });
      await page.goto(`${server.baseUrl}/`);
      await page.fill(byTestId('search-input'), 'clearInterval');
      await page.waitForSelector(`${byTestId('search-result')}`);
      const hits = await page.$$eval(byTestId('search-result'), (links) => links.map((a) => (a as HTMLElement).dataset.lesson));
      assert.ok(hits.includes('06-timers'), `the timers lesson is found: ${hits.join(', ')}`);
      assert.match(await page.textContent(byTestId('search-status')) ?? '', /lessons? match/);
      assert.equal((await page.textContent(`${byTestId('search-results')} mark`))?.toLowerCase(), 'clearinterval');

      await page.fill(byTestId('search-input'), 'zebra-unicorn');
      await page.waitForFunction((sel) => /No lesson mentions/.test(document.querySelector(sel)?.textContent ?? ''), byTestId('search-status'));
      assert.equal(await page.locator(byTestId('search-result')).count(), 0);
      assert.deepEqual(foreign, [], 'nothing was fetched from another origin');
    });
  });

  test('the header\u2019s search on a lesson page opens /search/ with the results, and a result opens its lesson', async () => {
    await withPage(async (page) => {
      await page.goto(`${server.baseUrl}/lessons/01-global-variables/`);
      await page.fill('#header-search-input', 'lru-cache');
      await page.press('#header-search-input', 'Enter');
      await page.waitForURL('**/search/?q=lru-cache');
      await page.waitForSelector(byTestId('search-result'));
      assert.equal(await page.inputValue(byTestId('search-input')), 'lru-cache');
      const first = page.locator(byTestId('search-result')).first();
      const lesson = await first.getAttribute('data-lesson');
      await first.click();
      await page.waitForURL(`**/lessons/${lesson}/`);
    });
  });
});
