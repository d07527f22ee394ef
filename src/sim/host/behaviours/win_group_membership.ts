/**
 * ansible.windows.win_group_membership against the simulated SAM: members compared by SID, reported by
 * LookupAccountSid name (`WIN01\svc`, `NT AUTHORITY\NETWORK SERVICE`). Unlike ansible.windows before #532,
 * `added`/`removed` are accurate in check mode too.
 */
import { type Account, lookupAccount, NO_MAPPING } from '../accounts.ts';
import { addMember, findGroupName, groupMembers, removeMember } from '../sam.ts';
import type { Actor } from '../services.ts';
import { type Behaviour, ModuleFailure } from './types.ts';

interface Args {
  name: string;
  members: string[];
  state?: 'present' | 'absent' | 'pure';
}

export const winGroupMembership: Behaviour = (state, rawArgs, ctx) => {
  const a = rawArgs as unknown as Args;
  const mode = a.state ?? 'present';
  const group = findGroupName(state, a.name);
  if (group === undefined) throw new ModuleFailure(`Could not find local group ${a.name}`, { name: a.name, added: [], removed: [] });
  const wanted: Account[] = [];
  for (const m of a.members) {
    const acc = lookupAccount(state, m);
    if (!acc) throw new ModuleFailure(`Failed to translate the account '${m}' to a SID: ${NO_MAPPING}`, { name: a.name, added: [], removed: [] });
    if (!wanted.some((w) => w.sid === acc.sid)) wanted.push(acc);
  }
  const before = groupMembers(state, group);
  const current = before.map((n) => lookupAccount(state, n) ?? { kind: 'user' as const, name: n, sid: n });
  const isIn = (acc: Account) => current.some((c) => c.sid === acc.sid);
  const toAdd = mode === 'absent' ? [] : wanted.filter((w) => !isIn(w));
  const toRemove = mode === 'absent' ? wanted.filter(isIn) : mode === 'pure' ? current.filter((c) => !wanted.some((w) => w.sid === c.sid)) : [];

  const actor: Actor = { account: ctx.account, log: ctx.log };
  if (!ctx.check) {
    for (const acc of toAdd) addMember(state, group, acc, actor);
    for (const acc of toRemove) removeMember(state, group, acc, actor);
  }
  const removedNames = toRemove.map((x) => x.name);
  const members = [...before.filter((n) => !removedNames.includes(n)), ...toAdd.map((x) => x.name)];
  return {
    changed: toAdd.length + toRemove.length > 0,
    name: a.name,
    added: toAdd.map((x) => x.name),
    removed: removedNames,
    members,
    ...(ctx.diff ? { diff: { before: { name: a.name, members: before }, after: { name: a.name, members } } } : {}),
  };
};
