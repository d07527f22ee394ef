/**
 * The HTML report in a real browser: Debian's chromium driven headless by playwright-core opens the report of a
 * simulated run, finds one lane per host and one bar per task per host, clicks the failed bar and reads its
 * message, and saves a screenshot.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/engine/events.ts';
import { run } from '../../src/index.ts';
import { attachHtmlReporter } from '../../src/report/html/html-reporter.ts';
import { rehearsalMarkers } from '../../src/report/html/markers.ts';
import { startQlikSite } from '../../src/sim/site-qlik.ts';
import type { QlikSite } from '../../src/sim/site-qlik.ts';
import { loopbackBlock } from '../helpers/addresses.ts';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error('chromium is required in CI for the HTML report test');

const QLIK_PLAYBOOK = fileURLToPath(new URL('../../playbooks/qlik-sense/change-service-account.yml', import.meta.url));

describe.skipIf(!available)('HTML report in headless chromium', () => {
  let site: QlikSite;
  let browser: Browser;
  let report: string;
  const bars = new Map<string, number>();
  const failed: string[] = [];

  beforeAll(async () => {
    // A rehearsal of the Qlik service-account change with a mistyped password: each node's credential test fails
    // before any service is touched.
    site = await startQlikSite({ baseAddress: loopbackBlock(45) });
    const dir = await mkdtemp(join(tmpdir(), 'winbook-html-'));
    await writeFile(join(dir, 'inv.yml'), site.inventory());
    report = join(dir, 'report.html');
    const bus = new EventBus();
    bus.on((e) => {
      if (e.type !== 'host.result' || e.item !== undefined) return;
      bars.set(e.host, (bars.get(e.host) ?? 0) + 1);
      if (e.status === 'failed') failed.push(e.host);
    });
    const html = attachHtmlReporter(bus, report, { groups: { qlik01: ['central'], qlik02: ['rim'], qlik03: ['rim'] }, markers: () => rehearsalMarkers(site.sim.log.entries()) });
    const summary = await run({ playbook: QLIK_PLAYBOOK, inventory: [join(dir, 'inv.yml')], bus, extraVars: { qlik_service_password: 'Mistyped-Passw0rd!' } });
    await html.done();
    expect(summary.exitCode).toBe(2);
    expect(failed.length).toBeGreaterThan(0);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('is one self-contained file that fetches nothing', async () => {
    const html = await readFile(report, 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect((await stat(report)).mode & 0o077).toBe(0);
    expect(html).not.toContain(site.sim.adminPassword);
    expect(html).not.toContain('Mistyped-Passw0rd!');
  });

  it('shows a lane per node, a bar per task per node, and the failed task\'s message on click', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 700 } });
    const requests: string[] = [];
    page.on('request', (r) => void (r.url().startsWith('file:') || requests.push(r.url())));
    await page.goto(pathToFileURL(report).href);
    expect(await page.locator('.lane').count()).toBe(bars.size);
    for (const [host, n] of bars) expect(await page.locator(`.lane[data-host="${host}"] .bar`).count(), host).toBe(n);
    expect(await page.locator('.marker').count()).toBeGreaterThan(0);
    const host = failed[0] as string;
    await page.locator(`.lane[data-host="${host}"] .bar[data-outcome="failed"]`).click();
    expect(await page.locator('#detail-result').textContent()).toContain('The user name or password is incorrect');
    expect(await page.locator('#detail-outcome').textContent()).toContain('failed');

    await page.locator('input[data-outcome="ok"]').uncheck();
    await page.locator('input[data-outcome="changed"]').uncheck();
    expect(await page.locator('.lane').count()).toBe(new Set(failed).size);

    // A selected failed bar stays red: the selection is a dark ring outside it.
    const redBar = page.locator(`.lane[data-host="${host}"] .bar[data-outcome="failed"]`);
    await redBar.click();
    // (runs in the page; the test's TypeScript has no DOM library, hence the cast)
    expect(await redBar.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor)).toBe('rgb(209, 52, 58)');
    expect(await redBar.evaluate((el) => el.classList.contains('selected'))).toBe(true);

    await mkdir('test-results', { recursive: true });
    await page.locator('input[data-outcome="ok"]').check();
    await page.locator('input[data-outcome="changed"]').check();
    await page.locator(`.lane[data-host="${host}"] .bar[data-outcome="failed"]`).click();
    await page.screenshot({ path: 'test-results/html-report.png' });
    expect(requests).toEqual([]);
    await page.close();
  });

  it('opens on what failed, names tasks on the bars that fit, and sizes the lanes to the hosts so the recap is in view', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 700 } });
    await page.goto(pathToFileURL(report).href);
    const problems = page.locator('#problems');
    expect(await problems.isVisible()).toBe(true);
    expect(await problems.locator('h2').textContent()).toBe(`${new Set(failed).size} host${new Set(failed).size === 1 ? '' : 's'} failed or unreachable`);
    for (const host of new Set(failed)) expect(await problems.locator(`li[data-host="${host}"]`).first().textContent()).toContain('The user name or password is incorrect');
    // Above the timeline, at the top of the page.
    const top = await problems.boundingBox();
    const timeline = await page.locator('#timeline').boundingBox();
    expect(top && timeline && top.y < timeline.y).toBe(true);
    // Task names on the bars wide enough to hold them; the others keep theirs in the tooltip.
    const named = await page.locator('.bar').evaluateAll((els) => els.filter((el) => el.textContent !== '').map((el) => [el.textContent, el.getAttribute('data-task'), el.scrollWidth <= el.clientWidth]));
    expect(named.length).toBeGreaterThan(0);
    for (const [text, task, fits] of named) {
      expect(text).toBe(task);
      expect(fits).toBe(true);
    }
    // Three hosts: three lanes' worth of timeline, and the recap table on screen without scrolling.
    const recap = await page.locator('#recap').boundingBox();
    expect(recap && recap.y + 40 < 700).toBe(true);
    // (at least 180 px, for the result pane beside it; the window's height, 560 px here, before)
    expect(await page.locator('main').evaluate((el) => el.getBoundingClientRect().height)).toBe(Math.max(180, 3 * 22 + 40));
    await page.close();
  });
});
