/**
 * Shared by the test/integration/winrm-*.test.ts files: a throw-away certificate for HTTPS listeners, a transport to
 * one simulated host from inventory variables (HTTPS hosts trusted through the certificate), one command on a fresh
 * connection, the error an open() fails with, and a way to run a one-task playbook through the engine
 * (src/index.ts run()) and collect its per-host results.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { EventBus } from '../../src/engine/events.ts';
import type { HostStatus, RunEvent } from '../../src/engine/events.ts';
import { WinbookError } from '../../src/errors.ts';
import { run } from '../../src/index.ts';
import type { RunSummary } from '../../src/index.ts';
import { connectionSettings } from '../../src/inventory/index.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { WinrmTransport } from '../../src/transport/winrm/index.ts';

export interface TestCert {
  cert: string;
  key: string;
  /** The PEM file itself: a self-signed certificate is its own CA (ansible_winrm_ca_trust_path). */
  caPath: string;
}

/** A self-signed certificate naming `ips` in its subjectAltName, made with `openssl req`. */
export async function makeCert(dir: string, ips: string[]): Promise<TestCert> {
  const keyPath = join(dir, 'sim.key');
  const caPath = join(dir, 'sim.pem');
  const san = ips.map((ip) => `IP:${ip}`).join(',');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', caPath, '-days', '2', '-subj', '/CN=winbook-sim', '-addext', `subjectAltName=${san}`], { stdio: 'ignore' });
  return { cert: await readFile(caPath, 'utf8'), key: await readFile(keyPath, 'utf8'), caPath };
}

/**
 * A transport to `site`'s host i (1-based) from `vars` over the host's address and port; an HTTPS host gets
 * `ansible_winrm_scheme: https` and, with `cert`, its CA. `vars` may unset a variable with `undefined`.
 */
export function siteTransport(site: SimSite, i: number, vars: Record<string, unknown>, opts: { cert?: TestCert; warnings?: string[] } = {}): WinrmTransport {
  const h = site.hosts[i - 1];
  if (!h) throw new Error(`the site has no host ${i}`);
  const https = h.listener.url.startsWith('https') ? { ansible_winrm_scheme: 'https', ...(opts.cert ? { ansible_winrm_ca_trust_path: opts.cert.caPath } : {}) } : {};
  const warnings = opts.warnings;
  return new WinrmTransport(connectionSettings(h.name, { ansible_host: h.address, ansible_port: h.listener.port, ...https, ...vars }), warnings ? { onWarning: (m) => warnings.push(m) } : {});
}

/** Opens `t`, runs one command, closes: its trimmed stdout. */
export async function execOnce(t: WinrmTransport, command: string): Promise<string> {
  try {
    await t.open();
    return (await t.exec(command)).stdout.trim();
  } finally {
    await t.close();
  }
}

/** The WinbookError `t.open()` fails with (the test fails if it opens). */
export async function openFailure(t: WinrmTransport): Promise<WinbookError> {
  const e = await t.open().then(() => undefined, (x: unknown) => x);
  await t.close();
  if (!(e instanceof WinbookError)) throw new Error(`expected open() to fail with a WinbookError, got ${String(e)}`);
  return e;
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'winbook-winrm-'));
}

export interface HostOutcome {
  status: HostStatus;
  msg: string;
}

export interface EngineRun {
  summary: RunSummary;
  byHost: Record<string, HostOutcome>;
  warnings: Array<{ host?: string; message: string }>;
  events: RunEvent[];
}

/** Writes the inventory (`hosts` → host vars, all in group `windows`) and a one-task playbook, then runs it. */
export async function runTask(dir: string, hosts: Record<string, Record<string, unknown>>, task: Record<string, unknown>, vars: Record<string, unknown> = {}): Promise<EngineRun> {
  const inventory = join(dir, 'inventory.yml');
  const playbook = join(dir, 'play.yml');
  await writeFile(inventory, stringify({ all: { children: { windows: { hosts, vars: { ansible_connection: 'winrm', ansible_winrm_reconnection_retries: 0, ...vars } } } } }));
  await writeFile(playbook, stringify([{ hosts: 'windows', gather_facts: false, tasks: [task] }]));
  const bus = new EventBus();
  const events: RunEvent[] = [];
  bus.on((e) => events.push(e));
  const summary = await run({ playbook, inventory: [inventory], bus, forks: 20 });
  const byHost: Record<string, HostOutcome> = {};
  for (const e of events) if (e.type === 'host.result') byHost[e.host] = { status: e.status, msg: String(e.result.msg ?? '') };
  const warnings = events.flatMap((e) => (e.type === 'warning' ? [{ host: e.host, message: e.message }] : []));
  return { summary, byHost, warnings, events };
}
