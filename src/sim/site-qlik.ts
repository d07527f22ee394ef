/**
 * A simulated Qlik Sense site (issue 6): a central node and rims in the site, plus rims freshly installed under a
 * non-admin account and not yet registered (the target of add-rim-node.yml). Each node is a simulated Windows
 * host with the Qlik services, groups and data folder; the central node serves the QRS API on HTTPS 4242 and
 * every node its 4444 service state. Certificates are made at start and exported to `<stateDir>/qlik/`.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { RehearsalLog } from './host/rehearsal-log.ts';
import type { HostState } from './host/state.ts';
import { attachQlik } from './qlik/attach.ts';
import { type SiteCerts, makeSiteCerts } from './qlik/certs.ts';
import { installQlik } from './qlik/install.ts';
import { addConnection, addNodeConfiguration } from './qlik/qrs-store.ts';
import { startQrsServer, startStateServer } from './qlik/qrs-server.ts';
import { QlikSiteModel } from './qlik/site-model.ts';
import { LAB_PASSWORD, type SimSite, type SimSiteHost, type SiteOptions, hostVars, logonVars, startSimSite } from './site.ts';
import type { SimDomainOptions } from './domain/types.ts';

export const QLIK_DEFAULT_BASE = '127.0.30';
/** The account the site runs under today (an administrator) and the non-admin account procedure b moves to. */
export const QLIK_ADMIN_ACCOUNT = '.\\qlikadmin';
export const QLIK_ADMIN_PASSWORD = 'Qlik-Admin-2026!';
export const QLIK_SERVICE_ACCOUNT = '.\\qliksvc';
export const QLIK_SERVICE_PASSWORD = 'Qlik-Svc-2026!';

export const MONITOR_CONNECTIONS = ['app', 'appobject', 'event', 'license_access', 'license_login', 'license_user', 'task', 'user'].map((s) => `monitor_apps_REST_${s}`);

export interface QlikSiteOptions {
  baseAddress?: string;
  port?: number;
  stateDir?: string;
  adminPassword?: string;
  /** Rims already in the site (default 2). */
  rims?: number;
  /** Freshly installed, unregistered rims under the non-admin account (default 1). */
  newRims?: number;
  latencyMs?: number;
  /** Serve SSH on every node too (Windows OpenSSH; the default port 22, or `port`, 0 for any free one). */
  ssh?: boolean | { port?: number };
  /** Join the nodes to a simulated domain (site.ts SiteOptions.domain): domain service accounts, Kerberos. */
  domain?: SimDomainOptions;
  /** WinRM service settings for every node and per node (HTTPS, CbtHardeningLevel), as site.ts takes them. */
  listener?: SiteOptions['listener'];
  perHost?: SiteOptions['perHost'];
  /** The CA certificate of HTTPS nodes, for the inventory (site.ts SiteOptions.caTrustPath). */
  caTrustPath?: string;
  /**
   * The account the inventory's qlik_service_account names (e.g. a domain account `WINBOOK\\qliksvc`); default the
   * local `.\\qliksvc` every in-site node has.
   */
  serviceAccount?: { name: string; password: string };
}

export interface QlikSite {
  sim: SimSite;
  model: QlikSiteModel;
  certs: SiteCerts;
  log: RehearsalLog;
  /** Host names per inventory group. */
  groups: { central: string[]; rim: string[]; new_rim: string[] };
  /**
   * Ansible YAML inventory with groups central, rim, new_rim and the Qlik vars; over SSH when asked and the site
   * serves it (host keys checked against `knownHostsFile`, default `<stateDir>/known_hosts`).
   */
  inventory(opts?: { connection?: 'winrm' | 'ssh'; knownHostsFile?: string }): string;
  close(): Promise<void>;
}

type Role = 'central' | 'rim' | 'new_rim';

function roleOf(i: number, rims: number): Role {
  return i === 1 ? 'central' : i <= 1 + rims ? 'rim' : 'new_rim';
}

/** Installs Qlik on one host as its role says: the in-site nodes under the admin account, a new rim under the non-admin one. */
function prepareQlikHost(model: QlikSiteModel, state: HostState, role: Role, address: string): void {
  const fresh = role === 'new_rim';
  const node = installQlik(state, {
    central: role === 'central', address, inSite: !fresh,
    account: fresh ? QLIK_SERVICE_ACCOUNT : QLIK_ADMIN_ACCOUNT, password: fresh ? QLIK_SERVICE_PASSWORD : QLIK_ADMIN_PASSWORD, accountIsAdmin: !fresh,
  });
  // Every in-site node also has the non-admin account, as a workgroup lab would: the target of procedure b.
  if (!fresh) state.users.push({ name: 'qliksvc', password: QLIK_SERVICE_PASSWORD, enabled: true, password_never_expires: true });
  attachQlik(model, node, state);
}

export async function startQlikSite(opts: QlikSiteOptions = {}): Promise<QlikSite> {
  const rims = opts.rims ?? 2;
  const newRims = opts.newRims ?? 1;
  const total = 1 + rims + newRims;
  const scratch = opts.stateDir ? undefined : mkdtempSync(join(tmpdir(), 'winbook-qlik-'));
  const certDir = join(opts.stateDir ?? (scratch as string), 'qlik');
  // Fresh hosts, fresh log (site.ts SiteOptions.stateDir): a restarted site does not inherit the old one's entries.
  if (opts.stateDir) mkdirSync(opts.stateDir, { recursive: true, mode: 0o700 });
  const log = new RehearsalLog({ path: opts.stateDir ? join(opts.stateDir, 'rehearsal.jsonl') : undefined, fresh: true });
  const model = new QlikSiteModel(log);
  const roles = new Map<string, Role>();
  const addresses = new Map<string, string>();
  const sim = await startSimSite({
    hosts: total, baseAddress: opts.baseAddress ?? QLIK_DEFAULT_BASE, port: opts.port, stateDir: opts.stateDir, latencyMs: opts.latencyMs,
    adminPassword: opts.adminPassword ?? LAB_PASSWORD, namePrefix: 'qlik', log, ssh: opts.ssh, domain: opts.domain, listener: opts.listener, perHost: opts.perHost, caTrustPath: opts.caTrustPath,
    prepareHost: (state, i, address) => {
      const role = roleOf(i, rims);
      roles.set(state.hostname.toLowerCase(), role);
      addresses.set(state.hostname.toLowerCase(), address);
      prepareQlikHost(model, state, role, address);
    },
  });
  const servers: Server[] = [];
  let certs: SiteCerts;
  try {
    const central = model.central();
    const centralAddress = addresses.get(central.state.hostname.toLowerCase()) as string;
    certs = makeSiteCerts(certDir, { hostname: central.state.hostname, address: centralAddress });
    servers.push(await startQrsServer(model, certs, centralAddress));
    for (const n of model.nodes()) servers.push(await startStateServer(model, n.state.hostname, n.node.address));
    for (const name of MONITOR_CONNECTIONS) {
      addConnection(model.qrs, { name, connectionstring: `CUSTOM CONNECT TO "provider=QvRestConnector.exe;url=https://localhost/qrs/${name.slice(18)};"`, username: `${central.state.hostname}\\qlikadmin`, password: QLIK_ADMIN_PASSWORD });
    }
    addConnection(model.qrs, { name: 'ServerLogFolder', connectionstring: 'C:\\ProgramData\\Qlik\\Sense\\Log\\', username: '', password: '', type: 'folder' });
    for (const n of model.nodes()) if (n.node.registered) addNodeConfiguration(model.qrs, { hostName: n.state.hostname.toLowerCase(), isCentral: n.node.central });
  } catch (e) {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await sim.close();
    throw e;
  }
  const groups = { central: [] as string[], rim: [] as string[], new_rim: [] as string[] };
  for (const h of sim.hosts) groups[roles.get(h.name.toLowerCase()) as Role].push(h.name);
  const site: QlikSite = {
    sim, model, certs, log, groups,
    inventory: (o = {}) => {
      const inv = qlikInventory(sim, groups, certs, addresses.get(groups.central[0] as string) as string, opts);
      return o.connection === 'ssh' && opts.ssh ? overSsh(inv, sim, o.knownHostsFile ?? (opts.stateDir ? join(opts.stateDir, 'known_hosts') : undefined)) : inv;
    },
    close: async () => {
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
      await sim.close();
      if (opts.stateDir) await writeFile(join(opts.stateDir, 'inventory.yml'), site.inventory(), { mode: 0o600 });
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
  if (opts.stateDir) await writeFile(join(opts.stateDir, 'inventory.yml'), site.inventory(), { mode: 0o600 });
  if (opts.stateDir && opts.ssh) await writeFile(join(opts.stateDir, 'inventory-ssh.yml'), site.inventory({ connection: 'ssh' }), { mode: 0o600 });
  return site;
}

/**
 * The WinRM inventory turned to SSH (Windows OpenSSH: cmd.exe default shell, password logon): each host's SSH
 * address and port, host keys checked against the known_hosts file. The Qlik vars are unchanged.
 */
function overSsh(winrmInventory: string, sim: SimSite, knownHostsFile: string | undefined): string {
  const inv = parse(winrmInventory) as { all: { vars: Record<string, unknown>; children: Record<string, { hosts: Record<string, Record<string, unknown>> }> } };
  const vars = inv.all.vars;
  for (const k of ['ansible_port', 'ansible_winrm_transport', 'ansible_winrm_scheme']) delete vars[k];
  Object.assign(vars, { ansible_connection: 'ssh', ansible_shell_type: 'cmd' }, knownHostsFile ? { ansible_ssh_known_hosts_file: knownHostsFile } : {});
  const listeners = new Map(sim.hosts.map((h) => [h.name, h.ssh]));
  for (const g of Object.values(inv.all.children)) {
    for (const [name, hv] of Object.entries(g.hosts)) {
      const l = listeners.get(name);
      if (l) Object.assign(hv, { ansible_host: l.address, ansible_port: l.port });
    }
  }
  return `# Written by \`winbook sim up --site qlik\`: the simulated Qlik site over SSH (lab credentials, loopback only).\n${stringify(inv)}`;
}

function qlikInventory(sim: SimSite, groups: QlikSite['groups'], certs: SiteCerts, centralAddress: string, opts: QlikSiteOptions): string {
  const byName = new Map(sim.hosts.map((h) => [h.name, h]));
  const dns = opts.domain?.dns;
  const group = (names: string[]) => ({ hosts: Object.fromEntries(names.map((n) => [n, hostVars(byName.get(n) as SimSiteHost, dns, opts.caTrustPath)])) });
  const service = opts.serviceAccount ?? { name: QLIK_SERVICE_ACCOUNT, password: QLIK_SERVICE_PASSWORD };
  const inv = {
    all: {
      vars: {
        ...logonVars(opts.port ?? 5985, sim.adminUser, sim.adminPassword, opts.domain),
        qlik_central_host: centralAddress,
        qlik_client_cert: certs.clientCertPath, qlik_client_key: certs.clientKeyPath, qlik_root_cert: certs.rootPath,
        qlik_service_account: service.name, qlik_service_password: service.password,
      },
      children: { central: group(groups.central), rim: group(groups.rim), new_rim: group(groups.new_rim) },
    },
  };
  return `# Written by \`winbook sim up --site qlik\`: the simulated Qlik site (lab credentials, loopback only).\n${stringify(inv)}`;
}
