/**
 * The Qlik rules the SCM cannot know (qlik-sense.md §6), as a start guard on each node's host: a Qlik service
 * whose process cannot come up makes StartService fail the way Windows reports a service process that exits
 * during start, Win32 1067 (S7's assumption, so 1069 stays the logon failures of S5/S6). Each refusal is also a
 * `qlik.start_refused` rehearsal event naming the rule, which Windows would only show in Qlik's own logs.
 */
import { isAdmin, qualify, groupsOf, resolvePrincipal } from '../host/accounts.ts';
import { addStartGuard, addStopObserver } from '../host/hooks.ts';
import { findService, type Actor } from '../host/services.ts';
import type { HostState, Service } from '../host/state.ts';
import { WindowsError } from '../host/windows-error.ts';
import { fsOf, getNode } from '../host/fs.ts';
import { hasAccess } from '../host/fs-acl.ts';
import { FULL_CONTROL } from '../host/fs-rights.ts';
import { BOOTSTRAP_EXES, QRD, QRS, QSD, SENSE_DATA_DIR, SERVICE_USERS_GROUP, qlikServiceDef } from './catalogue.ts';
import type { QlikNode } from './node.ts';
import type { QlikSiteModel } from './site-model.ts';

export const PROCESS_TERMINATED = 1067;

export function processTerminated(): WindowsError {
  return new WindowsError(PROCESS_TERMINATED, 'The process terminated unexpectedly.');
}

/** Why a non-admin account cannot run Qlik services on this node (S7, S9), or undefined. */
export function accountProblem(state: HostState, account: string): string | undefined {
  const p = resolvePrincipal(state, account);
  if (!p || p.kind === 'builtin') return undefined;
  if (isAdmin(state, p.name)) return undefined;
  const q = qualify(state, p.name).toLowerCase();
  if (!groupsOf(state, p.name).some((g) => g.toLowerCase() === SERVICE_USERS_GROUP.toLowerCase())) {
    return `S7: ${p.name} is not an administrator and not a member of "${SERVICE_USERS_GROUP}"`;
  }
  const dir = getNode(state, SENSE_DATA_DIR);
  if (!dir || !hasAccess(fsOf(state), state, dir, q, FULL_CONTROL)) return `S7: ${p.name} has no Full control on ${SENSE_DATA_DIR}`;
  return undefined;
}

/** The rule a start of `s` on this node breaks, or undefined when the service may reach Running. */
export function startProblem(site: QlikSiteModel, node: QlikNode, state: HostState, s: Service): string | undefined {
  if (!qlikServiceDef(s.name) || s.name === QRD) return undefined;
  const acct = accountProblem(state, s.account);
  if (acct) return acct;
  const p = resolvePrincipal(state, s.account);
  const nonAdmin = p?.kind === 'user' && !isAdmin(state, p.name);
  const needsBootstrap = Object.values(BOOTSTRAP_EXES).includes(s.name);
  if (nonAdmin && needsBootstrap && node.bootstrapped[s.name] !== true) {
    return `S10: ${s.name} runs as the non-administrator ${s.account} but its bootstrap has not been run on this node`;
  }
  if (s.name === QRS) {
    if (findService(state, QSD)?.state !== 'running') return 'S2: the Qlik Sense Service Dispatcher is not running on this node';
    if (!site.dbRunning()) return 'S1: the Repository Database on the central node is not running';
    if (node.duplicateRoot) return 'S21: duplicate Qlik root certificate in the machine store';
  }
  return undefined;
}

export function installRules(site: QlikSiteModel, node: QlikNode, state: HostState): void {
  addStartGuard(state, (st, s, actor: Actor) => {
    const why = startProblem(site, node, st, s);
    if (!why) return;
    site.event(st.hostname, actor.account, 'qlik.start_refused', s.name, { rule: why.slice(0, why.indexOf(':')), reason: why, error: PROCESS_TERMINATED });
    throw processTerminated();
  });
  addStopObserver(state, (st, s, actor) => {
    // S18: QRS keeps running without its database, degraded.
    if (s.name === QRD) {
      for (const n of site.nodes()) {
        if (findService(n.state, QRS)?.state === 'running') site.event(n.state.hostname, actor.account, 'qlik.qrs_degraded', QRS, { reason: `S18: ${st.hostname} stopped the Repository Database` });
      }
    }
  });
}
