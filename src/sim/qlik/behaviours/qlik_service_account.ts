/**
 * qlik_service_account against the simulated node: one verified operation (issue 6 item 3). Prepare the account
 * (right, groups, ACL), test its credentials before touching any service, then for the services whose logon
 * differs: stop them in reverse order, set the account, start in the documented order. A start that fails is
 * explained (1069: wrong password vs missing right, from the same logon test; 1067: the Qlik rule) and the
 * node's services are rolled back to their previous account.
 */
import { type Behaviour, ModuleFailure } from '../../host/behaviours/types.ts';
import { sameAccount } from '../../host/accounts.ts';
import { type Actor, setServiceAccount, startService, stopService } from '../../host/services.ts';
import type { HostState, Service } from '../../host/state.ts';
import { WindowsError } from '../../host/windows-error.ts';
import { PERFMON_GROUP, QRD, SENSE_DATA_DIR, SERVICE_USERS_GROUP } from '../catalogue.ts';
import { startProblem } from '../rules.ts';
import { accountOf, logonError, prepareAccount } from './account-prepare.ts';
import { actorOf, contextOf, qlikServices, winText } from './common.ts';

interface Args {
  username: string;
  password: string;
  services?: string[];
  groups?: string[];
  data_dir?: string;
  grant_logon_right: boolean;
  test_credentials: boolean;
  previous_password?: string;
  start: boolean;
}

interface Saved {
  name: string;
  account: string;
}

function explain(state: HostState, s: Service, e: unknown, a: Args): string {
  const base = `${s.name} did not start: ${winText(e)}`;
  if (e instanceof WindowsError && e.code === 1069) {
    const why = logonError(state, accountOf(state, a.username), a.password);
    if (why?.code === 1385) return `${base} Cause: ${a.username} does not hold "Log on as a service" (SeServiceLogonRight) on ${state.hostname} (event 7041).`;
    if (why?.code === 1326) return `${base} Cause: the password given for ${a.username} is not the account's password (event 7038).`;
    return `${base} Cause: logon failure (${why?.message ?? 'unknown'}).`;
  }
  const ctx = contextOf(state);
  const rule = startProblem(ctx.site, ctx.node, state, s);
  return rule ? `${base} Cause: ${rule}` : base;
}

function rollback(state: HostState, saved: Saved[], a: Args, actor: Actor): string[] {
  const order: string[] = [];
  for (const x of [...saved].reverse()) stopService(state, x.name, actor, { force: true });
  for (const x of saved) {
    // As on Windows, the old password cannot be read back (LSA secret): restore it only when the caller gave it.
    setServiceAccount(state, x.name, x.account, a.previous_password, actor);
    order.push(`rollback ${x.name} -> ${x.account}`);
  }
  for (const x of saved) {
    try {
      startService(state, x.name, actor);
    } catch {
      order.push(`rollback start of ${x.name} failed`);
    }
  }
  return order;
}

function needsChange(state: HostState, s: Service, a: Args): boolean {
  return !sameAccount(state, s.account, a.username) || s.password !== a.password;
}

export const qlikServiceAccountBehaviour: Behaviour = (state, raw, ctx) => {
  const a = raw as unknown as Args;
  contextOf(state);
  const actor = actorOf(ctx);
  const account = accountOf(state, a.username);
  const prepared = prepareAccount(state, account, { groups: a.groups ?? [SERVICE_USERS_GROUP, PERFMON_GROUP], dataDir: a.data_dir ?? SENSE_DATA_DIR, grantRight: a.grant_logon_right, check: ctx.check }, actor);
  if (a.test_credentials && !ctx.check) {
    const bad = logonError(state, account, a.password);
    if (bad) throw new ModuleFailure(`credential test for ${a.username} failed before any service was touched: ${bad.message} (${bad.code})`, { ...prepared, logon_error: bad.code });
  }
  const list = qlikServices(state, a.services).filter((s) => a.services !== undefined || s.name !== QRD);
  const change = list.filter((s) => needsChange(state, s, a));
  const prepChanged = prepared.right_granted || prepared.groups_added.length > 0 || prepared.acl_added;
  const toStart = a.start ? list.filter((s) => s.state !== 'running' && s.start_mode !== 'disabled') : [];
  const result = { ...prepared, services_changed: change.map((s) => s.name), username: a.username };
  if (ctx.check || (change.length === 0 && toStart.length === 0)) return { changed: prepChanged || change.length > 0 || toStart.length > 0, ...result, order: [] };
  const saved: Saved[] = change.map((s) => ({ name: s.name, account: s.account }));
  const order: string[] = [];
  for (const s of [...change].reverse()) {
    if (s.state === 'stopped') continue;
    stopService(state, s.name, actor, { force: true });
    order.push(`stop ${s.name}`);
  }
  for (const s of change) {
    setServiceAccount(state, s.name, a.username, a.password, actor);
    order.push(`set ${s.name}`);
  }
  if (a.start) {
    for (const s of list) {
      if (s.state === 'running' || s.start_mode === 'disabled') continue;
      try {
        startService(state, s.name, actor);
        order.push(`start ${s.name}`);
      } catch (e) {
        const msg = explain(state, s, e, a);
        const back = rollback(state, saved, a, actor);
        throw new ModuleFailure(`${msg} Rolled back the account of ${saved.length} service(s) on ${state.hostname}.`, { ...result, order: [...order, ...back], rolled_back: saved.map((x) => x.name), error_code: e instanceof WindowsError ? e.code : undefined });
      }
    }
  }
  return { changed: true, ...result, order };
};
