/**
 * Shared by the test/integration/winrm-*.test.ts files: a throw-away certificate for HTTPS listeners, and a way
 * to run a one-task playbook through the engine (src/index.ts run()) and collect its per-host results.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { EventBus } from '../../src/engine/events.ts';
import type { HostStatus, RunEvent } from '../../src/engine/events.ts';
import { run } from '../../src/index.ts';
import type { RunSummary } from '../../src/index.ts';

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
