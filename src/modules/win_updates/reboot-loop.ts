/**
 * win_updates' `reboot: true`, as ansible.windows 1.14's action plugin runs it (action/win_updates.py _run_sync):
 * after each round of the module, restart the host when Windows Update asks for it (or once after a failed round,
 * in case a pending restart caused it), then run the module again, until a round selects nothing and needs no restart.
 * The restart is win_reboot's (rebootHost, with its defaults and `reboot_timeout`). The rounds' results are merged as
 * the plugin merges them: every update selected in any round, its downloaded/installed flags from any round's
 * success, and its failure from the latest round that reported one (a later success clears it).
 */
import type { ControllerContext, FollowThrough, ModuleDef, ModuleResult } from '../types.ts';
import { rebootHost, winRebootSchema } from '../win_reboot/index.ts';

type Info = Record<string, unknown>;

interface Args {
  reboot: boolean;
  reboot_timeout: number;
  state: string;
}

const FAILURE_KEYS = ['failure_hresult_code', 'failure_msg'];

function mergeUpdates(into: Record<string, Info>, round: Record<string, Info>): void {
  for (const [id, info] of Object.entries(round)) {
    const before = into[id];
    const merged: Info = { ...(before ?? {}), ...info };
    if (before) {
      merged.downloaded = before.downloaded === true || info.downloaded === true;
      merged.installed = before.installed === true || info.installed === true;
      // A round that re-reported the update decides its failure: a later success clears an earlier failure.
      if (!('failure_hresult_code' in info) && (info.downloaded === true || info.installed === true)) for (const k of FAILURE_KEYS) delete merged[k];
    }
    into[id] = merged;
  }
}

function counts(updates: Record<string, Info>): Pick<ModuleResult, 'found_update_count' | 'failed_update_count' | 'installed_update_count'> {
  const all = Object.values(updates);
  return {
    found_update_count: all.length,
    failed_update_count: all.filter((u) => 'failure_hresult_code' in u).length,
    installed_update_count: all.filter((u) => !('failure_hresult_code' in u) && u.installed === true).length,
  };
}

export function rebootLoop(self: () => ModuleDef): FollowThrough<Args> {
  return {
    applies: (a) => a.reboot,
    asyncMsg: 'async is not supported for this task when reboot=yes',
    run: async (first, args, ctx) => runRounds(first, args, ctx, self()),
  };
}

async function runRounds(first: ModuleResult, args: Args, ctx: ControllerContext, def: ModuleDef): Promise<ModuleResult> {
  const result: ModuleResult = { changed: false, reboot_required: false, rebooted: false };
  const updates: Record<string, Info> = {};
  const filtered: Record<string, Info> = {};
  let round = first;
  let rebootedOnFailure = false;
  for (;;) {
    mergeUpdates(updates, (round.updates ?? {}) as Record<string, Info>);
    Object.assign(filtered, (round.filtered_updates ?? {}) as Record<string, Info>);
    let rebootRequired = round.reboot_required === true;
    result.reboot_required = rebootRequired;
    if (round.changed === true) result.changed = true;
    if (round.failed === true) {
      // A failure may come from a restart an earlier installation left pending: restart once before giving up.
      if (!rebootedOnFailure) {
        rebootRequired = true;
        rebootedOnFailure = true;
      } else {
        result.failed = true;
        result.msg = round.msg;
        break;
      }
    } else rebootedOnFailure = false;

    if (rebootRequired) {
      const rebooted = ctx.check ? { failed: false } : await rebootHost(winRebootSchema().parse({ reboot_timeout: args.reboot_timeout }), ctx);
      result.rebooted = true;
      if (rebooted.failed === true) {
        Object.assign(result, rebooted, { msg: `Failed to reboot host${rebooted.msg === undefined ? '' : `: ${String(rebooted.msg)}`}` });
        break;
      }
      result.changed = true;
      result.reboot_required = false;
    }
    const selected = Object.keys((round.updates ?? {}) as object).length;
    if (ctx.check || args.state !== 'installed' || (!rebootRequired && selected === 0)) break;
    if (!ctx.remote) return { ...result, failed: true, msg: 'win_updates needs a connection to the host to search again after a restart' };
    round = await ctx.remote.invoke(def, args, { check: ctx.check, diff: ctx.diff });
  }
  return { ...result, ...counts(updates), updates, filtered_updates: filtered };
}
