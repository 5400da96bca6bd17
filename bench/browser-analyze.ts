// `node bench/browser-analyze.ts <file.heapsnapshot> [...]`: opens each file on /analyze in
// Debian's Chromium, as a user dropping it would, and prints how long the summary took and how
// much memory the page's worker and the browser used. Issue 3/4: files of 1 GB must open in the
// page. Not part of `npm test` (a 1 GB snapshot takes minutes to write); make one with
//   node --max-old-space-size=8192 bench/make-snapshot.ts 1024 bench/out/bench-1gb.heapsnapshot
import { statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startServer } from '../scripts/support/serve.ts';
import { byTestId, launchBrowser } from '../scripts/support/browser.ts';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node bench/browser-analyze.ts <file.heapsnapshot> [...]');
  process.exit(2);
}

/** Resident memory of every Chromium process, in MB (the worker lives in the renderer). */
function chromiumRssMb(): number {
  const out = execFileSync('ps', ['-C', 'chromium', '-o', 'rss='], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean).reduce((sum, kb) => sum + Number(kb), 0) / 1024;
}

const server = await startServer();
const browser = await launchBrowser();
try {
  for (const file of files) {
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/analyze/`);
    await page.waitForSelector('[data-analyze][data-ready="true"]');
    const baselineMb = chromiumRssMb();
    let peakMb = baselineMb;
    const sampler = setInterval(() => { peakMb = Math.max(peakMb, chromiumRssMb()); }, 250);
    const startedAt = Date.now();
    await page.setInputFiles(byTestId('file-input'), file);
    const outcome = await Promise.race([
      page.waitForSelector(`${byTestId('summary-table')} tr[data-class]`, { timeout: 15 * 60_000 }).then(() => 'opened'),
      page.waitForSelector(`${byTestId('snapshot-message')}[data-level="error"]`, { timeout: 15 * 60_000 }).then(async () => `error: ${await page.textContent(byTestId('snapshot-message'))}`),
    ]);
    clearInterval(sampler);
    const seconds = (Date.now() - startedAt) / 1000;
    const sizeMb = statSync(file).size / 1e6;
    const rows = await page.locator(`${byTestId('summary-table')} tr[data-class]`).count();
    console.log(`${file}: ${sizeMb.toFixed(0)} MB, ${outcome} in ${seconds.toFixed(1)} s, ${rows} classes listed, Chromium RSS ${baselineMb.toFixed(0)} MB before, ${peakMb.toFixed(0)} MB at peak: +${(peakMb - baselineMb).toFixed(0)} MB (${((peakMb - baselineMb) / sizeMb).toFixed(2)}x the file)`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
