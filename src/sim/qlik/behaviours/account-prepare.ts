/**
 * The preparation half of the service-account change (procedure b steps 1–5, plus the logon right): grant
 * SeServiceLogonRight, add the groups, give Full control on %ProgramData%\Qlik\Sense, and test the credentials
 * the way LogonUser(LOGON32_LOGON_SERVICE) would — which tells a wrong password (1326) from a missing right (1385)
 * before any service is touched.
 */
import { type Account, holdsRight, lookupAccount, NO_MAPPING, qualify } from '../../host/accounts.ts';
import { ModuleFailure } from '../../host/behaviours/types.ts';
import { fsOf, getNode, setAcl } from '../../host/fs.ts';
import { hasAccess } from '../../host/fs-acl.ts';
import { FULL_CONTROL } from '../../host/fs-rights.ts';
import { grantRight } from '../../host/lsa.ts';
import { addMember, findGroupName, isMember } from '../../host/sam.ts';
import type { Actor } from '../../host/services.ts';
import type { HostState } from '../../host/state.ts';

export const LOGON_ERRORS = {
  1326: 'The user name or password is incorrect.',
  1385: 'Logon failure: the user has not been granted the requested logon type at this computer.',
  1331: "This user can't sign in because this account is currently disabled.",
} as const;

export function accountOf(state: HostState, username: string): Account {
  const a = lookupAccount(state, username);
  if (!a || a.kind !== 'user') throw new ModuleFailure(`${username}: ${NO_MAPPING}`);
  return a;
}

/** What LogonUser(LOGON32_LOGON_SERVICE) answers for the account and password: undefined when it logs on. */
export function logonError(state: HostState, account: Account, password: string): { code: keyof typeof LOGON_ERRORS; message: string } | undefined {
  const u = account.user;
  if (!u || u.password !== password) return { code: 1326, message: LOGON_ERRORS[1326] };
  if (!u.enabled) return { code: 1331, message: LOGON_ERRORS[1331] };
  if (!holdsRight(state, qualify(state, account.name), 'SeServiceLogonRight')) return { code: 1385, message: LOGON_ERRORS[1385] };
  return undefined;
}

export interface Prepared {
  right_granted: boolean;
  groups_added: string[];
  acl_added: boolean;
}

export function prepareAccount(state: HostState, account: Account, o: { groups: string[]; dataDir: string; grantRight: boolean; check: boolean }, actor: Actor): Prepared {
  const out: Prepared = { right_granted: false, groups_added: [], acl_added: false };
  if (o.grantRight && !holdsRight(state, qualify(state, account.name), 'SeServiceLogonRight')) {
    out.right_granted = o.check || grantRight(state, 'SeServiceLogonRight', account, actor);
  }
  for (const g of o.groups) {
    const name = findGroupName(state, g);
    if (!name) throw new ModuleFailure(`The group ${g} does not exist on ${state.hostname}: The specified local group does not exist.`);
    if (isMember(state, name, account)) continue;
    if (!o.check) addMember(state, name, account, actor);
    out.groups_added.push(name);
  }
  const dir = getNode(state, o.dataDir);
  if (!dir) throw new ModuleFailure(`Cannot find path '${o.dataDir}' because it does not exist.`);
  if (!hasAccess(fsOf(state), state, dir, account.name, FULL_CONTROL)) {
    out.acl_added = true;
    if (!o.check) {
      const acl = structuredClone(dir.acl);
      acl.aces.push({ identity: account.name, rights: FULL_CONTROL, type: 'allow', inherit: ['ContainerInherit', 'ObjectInherit'], propagation: 'None', inherited: false });
      setAcl(state, o.dataDir, acl, actor, 'acl.add', { identity: account.name, rights: 'FullControl', inherit: 'ContainerInherit, ObjectInherit' });
    }
  }
  return out;
}
