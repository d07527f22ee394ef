/**
 * `winbook demo` (npm run demo): a simulated 3-host site in this process, the shipped demo playbook run against
 * it over real WinRM on loopback (NTLM, sealed messages), live progress, the recap, and the rehearsal log.
 */
import type { Command } from 'commander';
import { mkdir, mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventBus } from '../../engine/events.ts';
import { run } from '../../index.ts';
import { startSimSite } from '../../sim/site.ts';
import { startQlikSite } from '../../sim/site-qlik.ts';
import { attachReporters } from '../reporters.ts';
import { attachHtmlReporter } from '../../report/html/html-reporter.ts';
import { rehearsalMarkers } from '../../report/html/markers.ts';
import { parseIntOption } from '../options.ts';

const DEFAULT_PLAYBOOK = fileURLToPath(new URL('../../../playbooks/demo.yml', import.meta.url));
const QLIK_PLAYBOOK = fileURLToPath(new URL('../../../playbooks/qlik-sense/change-service-account.yml', import.meta.url));

export function registerDemo(program: Command, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('run the demo playbook against a simulated 3-host site started in this process')
    .option('--hosts <n>', 'simulated hosts', parseIntOption('--hosts', 1), 3)
    .option('--playbook <file>', 'playbook to run', DEFAULT_PLAYBOOK)
    .option('--base-address <a.b.c>', 'loopback block for the simulated hosts', '127.0.20')
    .option('--site <kind>', 'qlik: a simulated Qlik Sense site, running playbooks/qlik-sense/change-service-account.yml')
    .action(async (flags: { hosts: number; playbook: string; baseAddress: string; site?: string }) => {
      const dir = await mkdtemp(join(tmpdir(), 'winbook-demo-'));
      const qlik = flags.site === 'qlik' ? await startQlikSite({ baseAddress: flags.baseAddress, stateDir: dir }) : undefined;
      if (qlik && flags.playbook === DEFAULT_PLAYBOOK) flags.playbook = QLIK_PLAYBOOK;
      const site = qlik?.sim ?? (await startSimSite({ hosts: flags.hosts, baseAddress: flags.baseAddress, stateDir: dir }));
      process.stdout.write(`Simulated site: ${site.hosts.map((h) => `${h.name} (${h.listener.url})`).join(', ')}\n`);
      const inventory = join(dir, 'inventory.yml');
      await writeFile(inventory, qlik?.inventory() ?? site.inventory(), { mode: 0o600 });
      const bus = new EventBus();
      const reporters = attachReporters(bus, { verbose: 0 });
      await mkdir('.winbook/reports', { recursive: true, mode: 0o700 });
      const htmlFile = resolve('.winbook/reports', `demo-${new Date().toISOString().replace(/[:.]/g, '-')}.html`);
      const groups = Object.fromEntries(site.hosts.map((h) => [h.name, ['windows']]));
      const html = attachHtmlReporter(bus, htmlFile, { groups, markers: () => rehearsalMarkers(site.log.entries()) });
      try {
        const summary = await run({ playbook: flags.playbook, inventory: [inventory], bus, forks: 5 });
        await reporters.done();
        await html.done();
        const requests = site.requests();
        process.stdout.write(`\nRehearsal log (${site.log.entries().length} state changes, first 10):\n`);
        for (const e of site.log.entries().slice(0, 10)) process.stdout.write(`  ${e.host.padEnd(6)} ${e.what.padEnd(18)} ${e.target}  (by ${e.account})\n`);
        process.stdout.write(`\nHTTP requests received by the simulated hosts: ${requests}\n`);
        process.stdout.write(`Timeline report: ${htmlFile}\n`);
        setExit(summary.exitCode);
      } finally {
        await (qlik ?? site).close();
        await rm(dir, { recursive: true, force: true });
      }
    });
}
