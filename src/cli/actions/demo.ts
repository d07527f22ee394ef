/** `winbook demo`'s work (src/cli/commands/demo.ts defines its options). */
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
import { OptionsError } from '../../errors.ts';
import type { Inventory } from '../../inventory/types.ts';
import type { DemoFlags } from '../commands/demo.ts';

const DEFAULT_PLAYBOOK = fileURLToPath(new URL('../../../playbooks/demo.yml', import.meta.url));
const QLIK_PLAYBOOK = fileURLToPath(new URL('../../../playbooks/qlik-sense/change-service-account.yml', import.meta.url));

export async function runDemo(flags: DemoFlags, setExit: (code: number) => void): Promise<void> {
  if (flags.site !== 'qlik' && flags.site !== 'basic') {
    throw new OptionsError('BAD_OPTION', `--site ${flags.site}: expected qlik or basic`, { hint: 'npm run demo uses --site qlik' });
  }
  const dir = await mkdtemp(join(tmpdir(), 'winbook-demo-'));
  const qlik = flags.site === 'qlik' ? await startQlikSite({ baseAddress: flags.baseAddress, stateDir: dir }) : undefined;
  const playbook = flags.playbook ?? (qlik ? QLIK_PLAYBOOK : DEFAULT_PLAYBOOK);
  const site = qlik?.sim ?? (await startSimSite({ hosts: flags.hosts, baseAddress: flags.baseAddress, stateDir: dir }));
  process.stdout.write(`Simulated site: ${site.hosts.map((h) => `${h.name} (${h.listener.url})`).join(', ')}\n`);
  const inventory = join(dir, 'inventory.yml');
  await writeFile(inventory, qlik?.inventory() ?? site.inventory(), { mode: 0o600 });
  const bus = new EventBus();
  const reporters = await attachReporters(bus, { verbose: 0 });
  await mkdir('.winbook/reports', { recursive: true, mode: 0o700 });
  const htmlFile = resolve('.winbook/reports', `demo-${new Date().toISOString().replace(/[:.]/g, '-')}.html`);
  let groups: Record<string, string[]> = {};
  const html = attachHtmlReporter(bus, htmlFile, { groups: () => groups, markers: () => rehearsalMarkers(site.log.entries()) });
  try {
    const onPrepared = (_pb: unknown, inv: Inventory) => void (groups = Object.fromEntries([...inv.hosts.values()].map((h) => [h.name, h.groups])));
    const summary = await run({ playbook, inventory: [inventory], bus, forks: 5, onPrepared });
    await reporters.done();
    await html.done();
    const requests = site.requests();
    const entries = site.log.entries();
    const perHost = site.hosts.map((h) => `${h.name} ${entries.filter((e) => e.host.toLowerCase() === h.name.toLowerCase()).length}`).join(', ');
    process.stdout.write(`\nRehearsal log: ${entries.length} state changes (${perHost}); the first 12:\n`);
    for (const e of entries.slice(0, 12)) process.stdout.write(`  ${e.host.padEnd(7)} ${e.what.padEnd(22)} ${e.target}  (by ${e.account})\n`);
    process.stdout.write(`\nHTTP requests received by the simulated hosts: ${requests}\n`);
    process.stdout.write(`Timeline report: ${htmlFile}\n`);
    setExit(summary.exitCode);
  } finally {
    await (qlik ?? site).close();
    await rm(dir, { recursive: true, force: true });
  }
}
