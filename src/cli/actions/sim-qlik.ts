/** `winbook sim up --site qlik`: a simulated Qlik Sense site until Ctrl-C (see src/sim/site-qlik.ts). */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { QLIK_DEFAULT_BASE, startQlikSite } from '../../sim/site-qlik.ts';

export interface QlikUpFlags {
  stateDir: string;
  baseAddress: string;
  port: number;
  password: string;
  latencyMs: number;
  inventory?: string;
  rims?: number;
  newRims?: number;
  /** Serve SSH too, on this port (22 when the flag has no value). */
  sshPort?: number;
}

/** The generic site's default block, which a Qlik site replaces with its own. */
const GENERIC_DEFAULT_BASE = '127.0.10';

export async function upQlikSite(flags: QlikUpFlags): Promise<void> {
  const site = await startQlikSite({
    baseAddress: flags.baseAddress === GENERIC_DEFAULT_BASE ? QLIK_DEFAULT_BASE : flags.baseAddress,
    port: flags.port, stateDir: flags.stateDir, adminPassword: flags.password, latencyMs: flags.latencyMs, rims: flags.rims, newRims: flags.newRims,
    ssh: flags.sshPort === undefined ? undefined : { port: flags.sshPort },
  });
  if (flags.inventory) await writeFile(flags.inventory, site.inventory(), { mode: 0o600 });
  const role = (name: string) => Object.entries(site.groups).find(([, hosts]) => hosts.includes(name))?.[0] ?? '';
  for (const h of site.sim.hosts) process.stdout.write(`  ${h.name}  ${role(h.name).padEnd(8)} ${h.listener.url}${h.ssh ? `  ssh://${h.ssh.address}:${h.ssh.port}` : ''}\n`);
  const central = site.sim.hosts.find((h) => site.groups.central.includes(h.name));
  process.stdout.write(`  QRS API  https://${central?.address}:4242/qrs (client certificate: ${site.certs.clientCertPath})\n`);
  const sshNote = flags.sshPort === undefined ? '' : ` (over SSH: ${join(flags.stateDir, 'inventory-ssh.yml')})`;
  process.stdout.write(`winbook sim: Qlik site ready; inventory ${flags.inventory ?? join(flags.stateDir, 'inventory.yml')}${sshNote}; rehearsal log: winbook sim log; Ctrl-C to stop\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await site.close();
  process.stdout.write('winbook sim: stopped\n');
}
