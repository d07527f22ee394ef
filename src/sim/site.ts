/**
 * A simulated site: N Windows hosts, each a SimHost behind its own WinRM listener on its own loopback address
 * (127.x.y.1, 127.x.y.2, …) on the real port. It writes an Ansible inventory for its hosts, per-host state as JSON
 * and a rehearsal log (JSONL) under the state dir.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { SimHost } from './host/host.ts';
import { RehearsalLog } from './host/rehearsal-log.ts';
import { startWinrmListener } from './winrm/server.ts';
import type { FaultInjector, WinrmListener } from './winrm/server.ts';

export interface SiteOptions {
  hosts: number;
  /** First three octets of the loopback block, e.g. `127.0.10`; host i listens on `<base>.<i>`. */
  baseAddress?: string;
  port?: number;
  /** Where state JSON, the rehearsal log and the inventory are written; nothing is written without it. */
  stateDir?: string;
  latencyMs?: number;
  /** The simulated Administrator password; random when not given. */
  adminPassword?: string;
  /** Host name prefix: `win` gives win01, win02, … */
  namePrefix?: string;
}

export interface SimSiteHost {
  name: string;
  address: string;
  host: SimHost;
  listener: WinrmListener;
  faults: FaultInjector;
}

export interface SimSite {
  hosts: SimSiteHost[];
  adminUser: string;
  adminPassword: string;
  log: RehearsalLog;
  /** Ansible YAML inventory text for the site (group `windows`). */
  inventory(): string;
  /** HTTP requests received by all listeners so far. */
  requests(): number;
  /** Write per-host state JSON and the inventory under stateDir. */
  save(): Promise<void>;
  close(): Promise<void>;
}

export const LAB_PASSWORD = 'Winbook-Lab-2026!';

export async function startSimSite(opts: SiteOptions): Promise<SimSite> {
  const base = opts.baseAddress ?? '127.0.10';
  const port = opts.port ?? 5985;
  const adminUser = 'Administrator';
  const adminPassword = opts.adminPassword ?? randomBytes(12).toString('base64url');
  const prefix = opts.namePrefix ?? 'win';
  if (opts.stateDir) await mkdir(opts.stateDir, { recursive: true, mode: 0o700 });
  const log = new RehearsalLog({ path: opts.stateDir ? join(opts.stateDir, 'rehearsal.jsonl') : undefined });
  const hosts: SimSiteHost[] = [];
  try {
    for (let i = 1; i <= opts.hosts; i++) {
      const name = `${prefix}${String(i).padStart(2, '0')}`;
      const address = `${base}.${i}`;
      const host = new SimHost({ name, log, adminPassword });
      const faults: FaultInjector = {};
      const listener = await startWinrmListener({
        address,
        port,
        computerName: name.toUpperCase(),
        users: host.users(),
        launcher: host,
        latencyMs: opts.latencyMs,
        faults,
      });
      hosts.push({ name, address, host, listener, faults });
    }
  } catch (e) {
    await Promise.all(hosts.map((h) => h.listener.close()));
    throw e;
  }

  const site: SimSite = {
    hosts,
    adminUser,
    adminPassword,
    log,
    inventory: () => siteInventory(hosts, port, adminUser, adminPassword),
    requests: () => hosts.reduce((n, h) => n + h.listener.requests, 0),
    save: async () => {
      if (!opts.stateDir) return;
      const dir = opts.stateDir;
      await mkdir(join(dir, 'hosts'), { recursive: true, mode: 0o700 });
      await Promise.all(hosts.map((h) => writeFile(join(dir, 'hosts', `${h.name}.json`), JSON.stringify(h.host.snapshot(), null, 2), { mode: 0o600 })));
      await writeFile(join(dir, 'inventory.yml'), site.inventory(), { mode: 0o600 });
    },
    close: async () => {
      await Promise.all(hosts.map((h) => h.listener.close()));
      await site.save();
    },
  };
  await site.save();
  return site;
}

function siteInventory(hosts: SimSiteHost[], port: number, user: string, password: string): string {
  const inv = {
    all: {
      children: {
        windows: {
          hosts: Object.fromEntries(hosts.map((h) => [h.name, { ansible_host: h.address }])),
          vars: {
            ansible_connection: 'winrm',
            ansible_port: port,
            ansible_winrm_transport: 'ntlm',
            ansible_winrm_scheme: 'http',
            ansible_user: user,
            ansible_password: password,
          },
        },
      },
    },
  };
  return `# Written by \`winbook sim up\`: the simulated site's hosts (lab credentials, loopback only).\n${stringify(inv)}`;
}
