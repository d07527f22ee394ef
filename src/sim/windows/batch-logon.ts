/**
 * Invoke-WbAsBatchLogon on the host model: what the Task Scheduler does for win_updates' ephemeral task. The task is
 * registered for the connecting user with an S4U (batch) logon, and for SYSTEM when that logon is refused (the user
 * lacks SeBatchLogonRight or holds SeDenyBatchLogonRight), as ansible.windows' Start-EphemeralTask falls back; its
 * process then runs the one verb asked for, as that account and with a batch logon, so the Windows Update Agent lets it
 * download and install. The rehearsal log shows the task's run and the account it ran as.
 */
import { holdsRight, isAdmin, qualify } from '../host/accounts.ts';
import type { HostState } from '../host/state.ts';
import { WindowsError } from '../host/windows-error.ts';
import { callVerb } from './index.ts';
import { type SimVerbTable, reqStr } from './types.ts';

/** The verbs WUA refuses to a network logon: the only ones worth a scheduled task. */
const BATCH_VERBS = new Set(['Save-WbWindowsUpdate', 'Install-WbWindowsUpdate']);
const SYSTEM = 'NT AUTHORITY\\SYSTEM';

/**
 * LogonUser(LOGON32_LOGON_BATCH) through S4U for this account: no password needed, only the right. The model's default
 * rights table does not list SeBatchLogonRight; while it is absent, Windows' default holders stand (Administrators,
 * Backup Operators, Performance Log Users: the administrators are the ones that connect here).
 */
export function batchLogonAllowed(state: HostState, account: string): boolean {
  const principal = qualify(state, account);
  if (holdsRight(state, principal, 'SeDenyBatchLogonRight')) return false;
  if (state.rights.SeBatchLogonRight === undefined) return isAdmin(state, principal);
  return holdsRight(state, principal, 'SeBatchLogonRight');
}

export const batchLogonVerbs: SimVerbTable = {
  'Invoke-WbAsBatchLogon': (ctx, args) => {
    const verb = reqStr(args, 'Verb');
    if (!BATCH_VERBS.has(verb)) throw new WindowsError(87, 'The parameter is incorrect.');
    const params = args.Parameters;
    const account = batchLogonAllowed(ctx.state, ctx.account) ? ctx.account : SYSTEM;
    ctx.log.append({ host: ctx.state.hostname, account: ctx.account, what: 'task.run', target: `\\winbook-${verb}`, detail: { run_as: account, logon: 'S4U' } });
    const result = callVerb({ state: ctx.state, log: ctx.log, account, logon: 'batch' }, verb, params && typeof params === 'object' ? (params as Record<string, unknown>) : {});
    return { Account: account, Result: result };
  },
};
