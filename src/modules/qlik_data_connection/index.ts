/**
 * qlik_data_connection (controller-side): set the user name and password of QRS data connections chosen by exact
 * name or name prefixes — by default the monitoring apps' `monitor_apps_REST_*` and `monitoring_apps_*` (the name
 * Qlik's help page uses). Each is read raw, changed, and PUT back whole with its unchanged modifiedDate (D5); a
 * 409 Conflict re-reads and retries. The QRS never returns passwords, so `update_password: always` (the default)
 * always writes them; `on_username_change` writes only connections whose user name differs.
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema.ts';
import type { ModuleDef, ModuleResult } from '../types.ts';
import { type QrsConnection, filterPath, qrs, qrsCall, qrsConnectionOptions, quote, failedOnError } from '../qlik_qrs/client.ts';

export const qlikDataConnectionSchema = lazySchema(() =>
  z
    .object({
      ...qrsConnectionOptions(),
      name: z.string().min(1).optional().describe('One connection by exact name.'),
      name_prefixes: z.array(z.string().min(1)).default(['monitor_apps_REST_', 'monitoring_apps_']).describe('Connections whose name starts with one of these.'),
      username: z.string().min(1).optional().describe('New user name (unchanged when omitted).'),
      password: z.string().min(1).describe('New password.'),
      update_password: z.enum(['always', 'on_username_change']).default('always').describe('always: write the password on every run (the QRS never returns it); on_username_change: only where the user name differs.'),
      retries: z.number().int().min(0).default(3).describe('Re-reads after a 409 Conflict.'),
    })
    .strict(),
);

type Args = z.infer<ReturnType<typeof qlikDataConnectionSchema>>;
type Entity = Record<string, unknown> & { id: string; name: string; username?: string; modifiedDate: string };

function selector(a: Args): string {
  if (a.name) return `name eq ${quote(a.name)}`;
  return a.name_prefixes.map((p) => `name sw ${quote(p)}`).join(' or ');
}

/** GET raw, set fields, PUT whole; on 409 read again. Returns the attempts used. */
async function update(c: QrsConnection, id: string, a: Args): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const e = (await qrs(c, 'GET', `/qrs/dataconnection/${id}`)) as Entity;
    const body = { ...e, password: a.password, ...(a.username ? { username: a.username } : {}) };
    const r = await qrsCall(c, 'PUT', `/qrs/dataconnection/${id}`, body);
    if (r.status === 200) return attempt;
    if (r.status !== 409 || attempt > a.retries) throw new Error(`QRS PUT /qrs/dataconnection/${id} (${e.name}) answered ${r.status}: ${JSON.stringify(r.body)}`);
  }
}

async function run(a: Args, check: boolean): Promise<ModuleResult> {
  const c = a as QrsConnection;
  const list = (await qrs(c, 'GET', filterPath('/qrs/dataconnection/full', selector(a)))) as Entity[];
  if (a.name && list.length === 0) return { failed: true, changed: false, msg: `no data connection named ${a.name}` };
  const todo = list.filter((e) => a.update_password === 'always' || (a.username !== undefined && e.username?.toLowerCase() !== a.username.toLowerCase()));
  const updated: Array<{ name: string; attempts: number }> = [];
  if (!check) for (const e of todo) updated.push({ name: e.name, attempts: await update(c, e.id, a) });
  return { changed: todo.length > 0, matched: list.map((e) => e.name), updated: check ? todo.map((e) => ({ name: e.name, attempts: 0 })) : updated };
}

export const qlikDataConnection: ModuleDef<ReturnType<typeof qlikDataConnectionSchema>> = {
  name: 'qlik_data_connection',
  aliases: ['winbook.qlik.qlik_data_connection'],
  description: 'Set user name and password of QRS data connections (the monitoring apps by default), handling 409 conflicts.',
  get schema() {
    return qlikDataConnectionSchema();
  },
  secretArgs: ['password'],
  supportsCheck: true,
  supportsDiff: false,
  kind: 'controller',
  run: (args, ctx) => failedOnError(() => run(args, ctx.check)),
  examples: `- name: Update the monitoring data connections
  qlik_data_connection:
    qrs_host: "{{ qlik_central_host }}"
    client_cert: "{{ qlik_client_cert }}"
    client_key: "{{ qlik_client_key }}"
    root_cert: "{{ qlik_root_cert }}"
    password: "{{ qlik_service_password }}"
`,
};
