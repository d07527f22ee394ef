/**
 * The HTML report in a real browser: Debian's chromium driven headless by playwright-core opens the report of a
 * simulated run, finds one lane per host and one bar per task per host, clicks the failed bar and reads its
 * message, and saves a screenshot.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/engine/events.ts';
import { run } from '../../src/index.ts';
import { attachHtmlReporter } from '../../src/report/html/html-reporter.ts';
import { rehearsalMarkers } from '../../src/report/html/markers.ts';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { loopbackBlock } from '../helpers/addresses.ts';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error('chromium is required in CI for the HTML report test');

const PLAYBOOK = `- name: Rehearse a service change
  hosts: windows
  gather_facts: false
  tasks:
    - name: Ping
      win_ping:
    - name: Start the time service
      win_service:
        name: W32Time
        state: started
      notify: Restart spooler
    - name: Touch a service that only exists on two hosts
      win_service:
        name: "{{ 'Spooler' if inventory_hostname != 'win02' else 'NoSuchService' }}"
        state: started
  handlers:
    - name: Restart spooler
      win_service:
        name: Spooler
        state: restarted
`;

describe.skipIf(!available)('HTML report in headless chromium', () => {
  let site: SimSite;
  let browser: Browser;
  let report: string;

  beforeAll(async () => {
    site = await startSimSite({ hosts: 3, baseAddress: loopbackBlock(45) });
    const dir = await mkdtemp(join(tmpdir(), 'winbook-html-'));
    await writeFile(join(dir, 'inv.yml'), site.inventory());
    await writeFile(join(dir, 'play.yml'), PLAYBOOK);
    report = join(dir, 'report.html');
    const bus = new EventBus();
    const html = attachHtmlReporter(bus, report, { groups: { win01: ['windows'], win02: ['windows'], win03: ['windows'] }, markers: () => rehearsalMarkers(site.log.entries()) });
    const summary = await run({ playbook: join(dir, 'play.yml'), inventory: [join(dir, 'inv.yml')], bus });
    await html.done();
    expect(summary.exitCode).toBe(2);
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
    expect(html).not.toContain(site.adminPassword);
  });

  it('shows a lane per host, a bar per task per host, and the failed task\'s message on click', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 700 } });
    const requests: string[] = [];
    page.on('request', (r) => void (r.url().startsWith('file:') || requests.push(r.url())));
    await page.goto(pathToFileURL(report).href);
    expect(await page.locator('.lane').count()).toBe(3);
    // 3 tasks on 3 hosts, plus the handler on the two hosts that did not fail.
    expect(await page.locator('.bar').count()).toBe(11);
    expect(await page.locator('.bar.handler').count()).toBe(2);
    expect(await page.locator('.marker').count()).toBeGreaterThan(0);
    await page.locator('.lane[data-host="win02"] .bar[data-outcome="failed"]').click();
    expect(await page.locator('#detail-result').textContent()).toContain("Service 'NoSuchService' is not installed");
    expect(await page.locator('#detail-outcome').textContent()).toContain('failed');

    await page.locator('input[data-outcome="ok"]').uncheck();
    await page.locator('input[data-outcome="changed"]').uncheck();
    expect(await page.locator('.lane').count()).toBe(1);

    await mkdir('test-results', { recursive: true });
    await page.locator('input[data-outcome="ok"]').check();
    await page.locator('input[data-outcome="changed"]').check();
    await page.locator('.lane[data-host="win02"] .bar[data-outcome="failed"]').click();
    await page.screenshot({ path: 'test-results/html-report.png' });
    expect(requests).toEqual([]);
    await page.close();
  });
});
