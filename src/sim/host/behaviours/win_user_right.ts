/**
 * ansible.windows.win_user_right against the simulated LSA policy: holders compared by SID, `added`/`removed`
 * by LookupAccountSid name, diff as `{ <right>: [names] }` before and after. Check mode touches nothing.
 */
import { type Account, lookupAccount, NO_MAPPING } from '../accounts.ts';
import { canonicalRight, grantRight, revokeRight, rightHolders } from '../lsa.ts';
import type { Actor } from '../services.ts';
import { type Behaviour, ModuleFailure } from './types.ts';

interface Args {
  name: string;
  users: string[];
  action?: 'add' | 'remove' | 'set';
}

export const winUserRight: Behaviour = (state, rawArgs, ctx) => {
  const a = rawArgs as unknown as Args;
  const action = a.action ?? 'set';
  const wanted: Account[] = [];
  for (const u of a.users) {
    const acc = lookupAccount(state, u);
    if (!acc) throw new ModuleFailure(`Failed to translate the account '${u}' to a SID: ${NO_MAPPING}`);
    if (!wanted.some((w) => w.sid === acc.sid)) wanted.push(acc);
  }
  const right = canonicalRight(a.name);
  if (!right) throw new ModuleFailure(`the specified right ${a.name} is not a valid right: A specified privilege does not exist.`);

  const before = rightHolders(state, right);
  const existing = before.map((h) => lookupAccount(state, h)).filter((x): x is Account => x !== undefined);
  const has = (acc: Account) => existing.some((e) => e.sid === acc.sid);
  const toAdd = action === 'remove' ? [] : wanted.filter((w) => !has(w));
  const toRemove = action === 'remove' ? wanted.filter(has) : action === 'set' ? existing.filter((e) => !wanted.some((w) => w.sid === e.sid)) : [];

  const actor: Actor = { account: ctx.account, log: ctx.log };
  if (!ctx.check) {
    for (const acc of toAdd) grantRight(state, right, acc, actor);
    for (const acc of toRemove) revokeRight(state, right, acc, actor);
  }
  const after = [...before.filter((n) => !toRemove.some((r) => r.name === n)), ...toAdd.map((x) => x.name)];
  return {
    changed: toAdd.length + toRemove.length > 0,
    added: toAdd.map((x) => x.name),
    removed: toRemove.map((x) => x.name),
    ...(ctx.diff ? { diff: { before: { [right]: before }, after: { [right]: after } } } : {}),
  };
};
