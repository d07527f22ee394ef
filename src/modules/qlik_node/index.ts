/**
 * qlik_node (controller-side): a rim node on the central QRS (qlik-sense.md §4). `query` reports whether the
 * node is registered and its services run; `registered` creates the node configuration (container) and fetches
 * the one-time password that unlocks the rim's certificates (returned as `unlock_password`: use no_log, and hand
 * it to qlik_bootstrap on the rim), or a fresh password when the node exists but does not run (re-registration,
 * as Qlik-DSC does); `running` waits until every service-status row of the node is Running or Disabled.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef, ModuleResult } from '../types.ts';
import { type QrsConnection, filterPath, qrs, qrsConnectionOptions, quote, failedOnError } from '../qlik_qrs/client.ts';

export const qlikNodeSchema = lazySchema(() =>
  z
    .object({
      ...qrsConnectionOptions(),
      node_host: z.string().min(1).describe("The rim's host name as the site knows it (hostName of its node configuration)."),
      state: z.enum(['query', 'registered', 'running']).default('registered').describe('query: report only; registered: create the node and fetch its unlock password; running: wait for its services.'),
      node_purpose: z.number().int().min(0).max(2).default(0).describe('0 Production, 1 Development, 2 Both.'),
      engine_enabled: z.boolean().default(true).describe('Enable the engine role in the node configuration.'),
      proxy_enabled: z.boolean().default(true).describe('Enable the proxy role in the node configuration.'),
      scheduler_enabled: z.boolean().default(true).describe('Enable the scheduler role in the node configuration.'),
      printing_enabled: z.boolean().default(true).describe('Enable the printing role in the node configuration.'),
      timeout: z.number().int().positive().default(600).describe('state=running: seconds to wait.'),
      delay: z.number().positive().default(15).describe('state=running: seconds between polls.'),
    })
    .strict(),
);

type Args = z.infer<ReturnType<typeof qlikNodeSchema>>;
interface Row {
  serviceType: number;
  serviceState: number;
}

async function nodeConfig(c: QrsConnection, host: string): Promise<{ id: string } | undefined> {
  const list = (await qrs(c, 'GET', filterPath('/qrs/servernodeconfiguration/full', `hostName eq ${quote(host)}`))) as Array<{ id: string }>;
  return list[0];
}

async function statusRows(c: QrsConnection, host: string): Promise<Row[]> {
  return (await qrs(c, 'GET', filterPath('/qrs/servicestatus/full', `serverNodeConfiguration.hostName eq ${quote(host)}`))) as Row[];
}

const allRunning = (rows: Row[]) => rows.length > 0 && rows.every((r) => r.serviceState === 2 || r.serviceState === 4);

async function register(c: QrsConnection, a: Args, check: boolean): Promise<ModuleResult> {
  const existing = await nodeConfig(c, a.node_host);
  if (existing && allRunning(await statusRows(c, a.node_host))) return { changed: false, registered: true, id: existing.id };
  if (check) return { changed: true, registered: existing !== undefined };
  let id = existing?.id;
  if (!id) {
    const configuration = { name: a.node_host, hostName: a.node_host, nodePurpose: a.node_purpose, engineEnabled: a.engine_enabled, proxyEnabled: a.proxy_enabled, schedulerEnabled: a.scheduler_enabled, printingEnabled: a.printing_enabled, failoverCandidate: false, customProperties: [], tags: [] };
    id = ((await qrs(c, 'POST', '/qrs/servernodeconfiguration/container', { configuration }, [200, 201])) as { configuration: { id: string } }).configuration.id;
  }
  const password = (await qrs(c, 'GET', `/qrs/servernoderegistration/start/${id}`)) as string;
  return { changed: true, registered: true, id, created: existing === undefined, unlock_password: password };
}

async function waitRunning(c: QrsConnection, a: Args): Promise<ModuleResult> {
  const deadline = Date.now() + a.timeout * 1000;
  for (;;) {
    const rows = await statusRows(c, a.node_host);
    if (allRunning(rows)) return { changed: false, services: rows };
    if (Date.now() >= deadline) return { failed: true, changed: false, services: rows, msg: `timed out after ${a.timeout} s: ${a.node_host}'s services do not all report Running` };
    await sleep(a.delay * 1000);
  }
}

async function run(a: Args, check: boolean): Promise<ModuleResult> {
  const c = a as QrsConnection;
  if (a.state === 'registered') return register(c, a, check);
  if (a.state === 'running') return waitRunning(c, a);
  const cfg = await nodeConfig(c, a.node_host);
  const rows = cfg ? await statusRows(c, a.node_host) : [];
  return { changed: false, registered: cfg !== undefined, running: allRunning(rows), id: cfg?.id, services: rows };
}

export const qlikNode: ModuleDef<ReturnType<typeof qlikNodeSchema>> = {
  name: 'qlik_node',
  aliases: ['winbook.qlik.qlik_node'],
  description: 'Register a rim node on the central QRS (container, registration password) and wait until it runs.',
  get schema() {
    return qlikNodeSchema();
  },
  secretArgs: [],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'controller',
  run: (args, ctx) => failedOnError(() => run(args, ctx.check)),
  examples: `- name: Register the rim on the central node
  qlik_node:
    qrs_host: "{{ qlik_central_host }}"
    client_cert: "{{ qlik_client_cert }}"
    client_key: "{{ qlik_client_key }}"
    root_cert: "{{ qlik_root_cert }}"
    node_host: "{{ inventory_hostname }}"
  register: node
  no_log: true
`,
};
