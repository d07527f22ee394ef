/**
 * A simulated site: N Windows hosts, each a SimHost behind its own WinRM listener on its own loopback address
 * (127.x.y.1, 127.x.y.2, …) on the real port. It writes an Ansible inventory for its hosts, per-host state as JSON
 * and a rehearsal log (JSONL) under the state dir.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { SimHost } from './host/host.ts';
import { pwshWorker } from './runner/pwsh-worker.ts';
import { RehearsalLog } from './host/rehearsal-log.ts';
import { attachReboot } from './host/reboot.ts';
import { type HostState, defaultHostState } from './host/state.ts';
import { startSiteSsh, sshInventory } from './ssh/site-ssh.ts';
import type { SshListener } from './ssh/server.ts';
import { startWinrmListener } from './winrm/server.ts';
import type { FaultInjector, WinrmListener } from './winrm/server.ts';
import type { TlsIdentity } from './winrm/types.ts';
import type { SimDomainOptions } from './domain/types.ts';
import { joinDomain } from './domain/join.ts';
import { domainAuth } from './domain/winrm-auth.ts';

/** How one host's WinRM service is configured (winrm/config): what it accepts and its quotas. */
export interface HostListenerOptions {
  /** Serve HTTPS with this certificate (the inventory then says https). */
  https?: TlsIdentity;
  /** Service/Auth/Basic (default off). */
  basic?: boolean;
  /** Service/AllowUnencrypted (default false). */
  allowUnencrypted?: boolean;
  /** MaxEnvelopeSizekb: 500 (default) or 150 as on WinRM 2.0. */
  maxEnvelopeKb?: number;
  /** Winrs/MaxShellsPerUser (default 2147483647). */
  maxShellsPerUser?: number;
  /** Service/MaxConcurrentOperationsPerUser (default 1500): Commands a user's shells may have started (sim/winrm/quotas.ts). */
  maxConcurrentOperationsPerUser?: number;
  /** Service/Auth/CbtHardeningLevel on HTTPS: none, relaxed (default), strict. */
  cbtHardeningLevel?: 'none' | 'relaxed' | 'strict';
}

export interface SiteOptions {
  hosts: number;
  /** First three octets of the loopback block, e.g. `127.0.10`; host i listens on `<base>.<i>`. */
  baseAddress?: string;
  port?: number;
  /** Port of hosts that serve HTTPS (default 5986). */
  httpsPort?: number;
  /**
   * Where state JSON, the rehearsal log and the inventory are written; nothing is written without it. Every host
   * starts from fresh state, so a site starts this dir afresh too: the rehearsal log begins empty and an earlier
   * site's `hosts/*.json` are removed, so the log and the saved state always describe the same site.
   */
  stateDir?: string;
  latencyMs?: number;
  /** The simulated Administrator password; random when not given. */
  adminPassword?: string;
  /** Host name prefix: `win` gives win01, win02, … */
  namePrefix?: string;
  /** WinRM service settings for every host… */
  listener?: HostListenerOptions;
  /** …and for single hosts by name (win01), over `listener`. */
  perHost?: Record<string, HostListenerOptions>;
  /** Also serve SSH on every host (Windows OpenSSH Server), on port 22 or the given port (0 = any free port). */
  ssh?: boolean | { port?: number };
  /**
   * Join every host to this simulated domain (src/sim/domain/): domain accounts and groups, and Kerberos with the
   * keytab each host is given from a real KDC.
   */
  domain?: SimDomainOptions;
  /** Shape each host's state before it starts (software installed on it, e.g. the Qlik site in site-qlik.ts). */
  prepareHost?: (state: HostState, index: number, address: string) => void;
  /** The CA certificate of HTTPS hosts, for the inventory (ansible_winrm_ca_trust_path on each HTTPS host). */
  caTrustPath?: string;
  /** Use this rehearsal log instead of a new one (a site model that logs too shares it). */
  log?: RehearsalLog;
}

export interface SimSiteHost {
  name: string;
  address: string;
  host: SimHost;
  listener: WinrmListener;
  faults: FaultInjector;
  /** The host's SSH listener when the site serves SSH. */
  ssh?: SshListener;
}

export interface SimSite {
  hosts: SimSiteHost[];
  adminUser: string;
  adminPassword: string;
  log: RehearsalLog;
  /** Ansible YAML inventory text for the site (group `windows`); over SSH when asked and the site serves it. */
  inventory(opts?: { connection?: 'winrm' | 'ssh'; knownHostsFile?: string }): string;
  /** known_hosts lines that trust the site's SSH listeners ('' without SSH); save() writes them to stateDir/known_hosts. */
  knownHosts(): string;
  /** HTTP requests received by all listeners so far. */
  requests(): number;
  /** Write per-host state JSON and the inventory under stateDir. */
  save(): Promise<void>;
  close(): Promise<void>;
}

/** How long a simulated host is away during a reboot. */
const REBOOT_DOWN_MS = 1_000;

export const LAB_PASSWORD = 'Winbook-Lab-2026!';

export async function startSimSite(opts: SiteOptions): Promise<SimSite> {
  const base = opts.baseAddress ?? '127.0.10';
  const port = opts.port ?? 5985;
  const adminUser = 'Administrator';
  const adminPassword = opts.adminPassword ?? randomBytes(12).toString('base64url');
  const prefix = opts.namePrefix ?? 'win';
  // The hosts run the agent's real PowerShell: find (or install) pwsh before any listener opens, and start the
  // worker while the listeners come up, so a missing PowerShell is one clear error, not a failed first task.
  await pwshWorker().prepare();
  if (opts.stateDir) {
    await mkdir(opts.stateDir, { recursive: true, mode: 0o700 });
    await rm(join(opts.stateDir, 'hosts'), { recursive: true, force: true });
  }
  const log = opts.log ?? new RehearsalLog({ path: opts.stateDir ? join(opts.stateDir, 'rehearsal.jsonl') : undefined, fresh: true });
  const hosts: SimSiteHost[] = [];
  try {
    for (let i = 1; i <= opts.hosts; i++) {
      const name = `${prefix}${String(i).padStart(2, '0')}`;
      const address = hostAddress(base, i);
      let state: HostState | undefined;
      if (opts.prepareHost || opts.domain) state = defaultHostState(name, { adminPassword });
      if (state && opts.domain) joinDomain(state, opts.domain);
      if (state && opts.prepareHost) opts.prepareHost(state, i, address);
      const host = new SimHost({ name, log, adminPassword, state });
      host.state.address = address;
      const faults: FaultInjector = {};
      const { https, ...service } = { ...opts.listener, ...opts.perHost?.[name] };
      const listener = await startWinrmListener({
        ...service,
        tls: https,
        address,
        port: https ? (opts.httpsPort ?? 5986) : port,
        computerName: name.toUpperCase(),
        users: host.users(),
        launcher: host,
        latencyMs: opts.latencyMs,
        faults,
        domain: opts.domain && domainAuth(name, () => host.state, opts.domain),
      });
      // win_reboot: the machine goes away (refusing, shells gone) and comes back (sim/host/reboot.ts).
      attachReboot(host.state, { down: () => ((faults.refuse = true), listener.closeShells(), listener.dropConnections()), up: () => (faults.refuse = false), downMs: REBOOT_DOWN_MS });
      hosts.push({ name, address, host, listener, faults });
    }
  } catch (e) {
    await Promise.all(hosts.map((h) => h.listener.close()));
    throw e;
  }

  const ssh = opts.ssh ? await startSiteSsh(hosts, opts.ssh === true ? 22 : (opts.ssh.port ?? 22)).catch(async (e: unknown) => {
    await Promise.all(hosts.map((h) => h.listener.close()));
    throw e;
  }) : undefined;
  for (const h of hosts) h.ssh = ssh?.listeners.get(h.name);
  const knownHostsFile = opts.stateDir ? join(opts.stateDir, 'known_hosts') : undefined;

  const site: SimSite = {
    hosts,
    adminUser,
    adminPassword,
    log,
    inventory: (o = {}) =>
      o.connection === 'ssh' && ssh
        ? sshInventory(ssh, hosts.map((h) => h.name), { user: adminUser, password: adminPassword, knownHostsFile: o.knownHostsFile ?? knownHostsFile })
        : siteInventory(hosts, logonVars(port, adminUser, adminPassword, opts.domain), opts.domain?.dns, opts.caTrustPath),
    knownHosts: () => ssh?.knownHosts() ?? '',
    requests: () => hosts.reduce((n, h) => n + h.listener.requests, 0),
    save: async () => {
      if (!opts.stateDir) return;
      const dir = opts.stateDir;
      await mkdir(join(dir, 'hosts'), { recursive: true, mode: 0o700 });
      await Promise.all(hosts.map((h) => writeFile(join(dir, 'hosts', `${h.name}.json`), JSON.stringify(h.host.snapshot(), null, 2), { mode: 0o600 })));
      await writeFile(join(dir, 'inventory.yml'), site.inventory(), { mode: 0o600 });
      if (ssh) await writeFile(join(dir, 'known_hosts'), ssh.knownHosts(), { mode: 0o600 });
      if (ssh) await writeFile(join(dir, 'inventory-ssh.yml'), site.inventory({ connection: 'ssh' }), { mode: 0o600 });
    },
    close: async () => {
      await Promise.all(hosts.map((h) => h.listener.close()));
      await ssh?.close();
      await site.save();
    },
  };
  await site.save();
  return site;
}

/**
 * An HTTPS host says so; the group vars describe the HTTP default. On a domain site the SPN names the host's DNS
 * name (HTTP/win01.<dns>), which loopback addresses cannot resolve to, so the inventory says it.
 */
export function hostVars(h: SimSiteHost, dns: string | undefined, caTrustPath?: string): Record<string, unknown> {
  const spn = dns ? { ansible_winrm_kerberos_hostname_override: `${h.name.toLowerCase()}.${dns.toLowerCase()}` } : {};
  if (!h.listener.url.startsWith('https:')) return { ansible_host: h.address, ...spn };
  const ca = caTrustPath ? { ansible_winrm_ca_trust_path: caTrustPath } : {};
  return { ansible_host: h.address, ansible_port: h.listener.port, ansible_winrm_scheme: 'https', ...ca, ...spn };
}

/**
 * How the inventory logs on: the local Administrator over NTLM, or on a domain site with an inventory account, that
 * domain account over Kerberos (its UPN, as Ansible's kinit needs it too).
 */
export function logonVars(port: number, user: string, password: string, domain: SimDomainOptions | undefined): Record<string, unknown> {
  const account = domain?.inventoryAccount === undefined ? undefined : domain.accounts.find((a) => a.name.toLowerCase() === domain.inventoryAccount?.toLowerCase());
  if (domain?.inventoryAccount !== undefined && !account) throw new Error(`the inventory account ${domain.inventoryAccount} is not one of the domain's accounts`);
  const logon = account && domain
    ? { ansible_winrm_transport: 'kerberos', ansible_user: `${account.name}@${domain.dns.toUpperCase()}`, ansible_password: account.password }
    : { ansible_winrm_transport: 'ntlm', ansible_user: user, ansible_password: password };
  return { ansible_connection: 'winrm', ansible_port: port, ansible_winrm_transport: logon.ansible_winrm_transport, ansible_winrm_scheme: 'http', ansible_user: logon.ansible_user, ansible_password: logon.ansible_password };
}

function siteInventory(hosts: SimSiteHost[], vars: Record<string, unknown>, dns?: string, caTrustPath?: string): string {
  const inv = {
    all: {
      children: {
        windows: {
          hosts: Object.fromEntries(hosts.map((h) => [h.name, hostVars(h, dns, caTrustPath)])),
          vars,
        },
      },
    },
  };
  return `# Written by \`winbook sim up\`: the simulated site's hosts (lab credentials, loopback only).\n${stringify(inv)}`;
}

/**
 * Host i (1-based) of a site whose block starts at `a.b.c`: a.b.c.1 … a.b.c.254, then a.b.(c+1).1 and so on, so a
 * site of 1000 hosts spans four /24s of loopback.
 */
export function hostAddress(base: string, i: number): string {
  const [a, b, c] = base.split('.').map(Number) as [number, number, number];
  const third = c + Math.floor((i - 1) / 254);
  if (third > 255) throw new Error(`simulated host ${i} does not fit in the loopback block starting at ${base}`);
  return `${a}.${b}.${third}.${((i - 1) % 254) + 1}`;
}
