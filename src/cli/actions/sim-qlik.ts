/** `winbook sim up --site qlik`: a simulated Qlik Sense site (see src/sim/site-qlik.ts) and what it prints. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { QLIK_DEFAULT_BASE, type QlikSite, type QlikSiteOptions, startQlikSite } from '../../sim/site-qlik.ts';

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

/** The block the Qlik site's nodes listen in (its own default unless --base-address was given). */
export function qlikBase(baseAddress: string): string {
  return baseAddress === GENERIC_DEFAULT_BASE ? QLIK_DEFAULT_BASE : baseAddress;
}

/** Node count as startQlikSite counts them: the central node, the rims, the new rims. */
export function qlikHostCount(flags: Pick<QlikUpFlags, 'rims' | 'newRims'>): number {
  return 1 + (flags.rims ?? 2) + (flags.newRims ?? 1);
}

/** Starts the site and prints its nodes; the caller waits for Ctrl-C and closes it. */
export async function upQlikSite(flags: QlikUpFlags, extra: Pick<QlikSiteOptions, 'listener' | 'caTrustPath' | 'domain' | 'serviceAccount'> = {}): Promise<QlikSite> {
  const site = await startQlikSite({
    baseAddress: qlikBase(flags.baseAddress),
    port: flags.port, stateDir: flags.stateDir, adminPassword: flags.password, latencyMs: flags.latencyMs, rims: flags.rims, newRims: flags.newRims,
    ssh: flags.sshPort === undefined ? undefined : { port: flags.sshPort },
    ...extra,
  });
  if (flags.inventory) await writeFile(flags.inventory, site.inventory(), { mode: 0o600 });
  const role = (name: string) => Object.entries(site.groups).find(([, hosts]) => hosts.includes(name))?.[0] ?? '';
  for (const h of site.sim.hosts) process.stdout.write(`  ${h.name}  ${role(h.name).padEnd(8)} ${h.listener.url}${h.ssh ? `  ssh://${h.ssh.address}:${h.ssh.port}` : ''}\n`);
  const central = site.sim.hosts.find((h) => site.groups.central.includes(h.name));
  process.stdout.write(`  QRS API  https://${central?.address}:4242/qrs (client certificate: ${site.certs.clientCertPath})\n`);
  const sshNote = flags.sshPort === undefined ? '' : ` (over SSH: ${join(flags.stateDir, 'inventory-ssh.yml')})`;
  process.stdout.write(`winbook sim: Qlik site ready; inventory ${flags.inventory ?? join(flags.stateDir, 'inventory.yml')}${sshNote}; rehearsal log: winbook sim log; Ctrl-C to stop\n`);
  return site;
}
