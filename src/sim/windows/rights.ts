/** The user-rights verbs (contract/rights.ts) on the host model's LSA policy (lsa.ts, sid-entries.ts). */
import { canonicalRight, noSuchPrivilege } from '../host/lsa.ts';
import { grantRightBySid, revokeRightBySid, rightHolderEntries } from '../host/sid-entries.ts';
import { type SimVerbTable, reqStr } from './types.ts';

function right(args: Record<string, unknown>): string {
  const r = canonicalRight(reqStr(args, 'Right'));
  if (r === undefined) throw noSuchPrivilege();
  return r;
}

export const rightsVerbs: SimVerbTable = {
  'Get-WbRightHolder': (ctx, args) => rightHolderEntries(ctx.state, right(args)).map((e) => ({ Sid: e.sid, Name: e.name })),
  'Grant-WbRight': (ctx, args) => grantRightBySid(ctx.state, right(args), reqStr(args, 'Sid'), { account: ctx.account, log: ctx.log }),
  'Revoke-WbRight': (ctx, args) => revokeRightBySid(ctx.state, right(args), reqStr(args, 'Sid'), { account: ctx.account, log: ctx.log }),
};
