/**
 * Screenshot of an HTML report in headless chromium, for the README: `npx tsx scripts/screenshot-report.ts
 * REPORT.html OUT.png [host-to-click]`. Uses Debian's /usr/bin/chromium through playwright-core.
 */
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [report, out, click] = process.argv.slice(2);
if (!report || !out) throw new Error('usage: screenshot-report.ts REPORT.html OUT.png [host]');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 520 } });
await page.goto(pathToFileURL(report).href);
if (click) await page.locator(`.lane[data-host="${click}"] .bar`).nth(5).click();
await page.screenshot({ path: out });
await browser.close();
