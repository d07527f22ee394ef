/**
 * ansible.windows.win_shell on the simulated host: `executable: cmd` runs the line in the cmd emulation; the
 * default (PowerShell) runs the documented subset and refuses anything else with a CLIXML error.
 */
import { checkChdir, commandResult, guard, runCmdLine } from './win-command-run.ts';
import { runPowerShellSubset } from '../programs/powershell-exe.ts';
import { actorOf } from './fs-common.ts';
import { type Behaviour, ModuleFailure } from './types.ts';

export const winShell: Behaviour = (state, args, ctx) => {
  const cmd = String(args._raw_params ?? args.cmd ?? '');
  if (cmd.trim() === '') throw new ModuleFailure('no command given');
  const skip = guard(state, args, ctx, cmd);
  if (skip) return skip;
  checkChdir(state, args, ctx);
  if (ctx.check) return { changed: true, cmd, rc: 0, msg: 'Command would have run if not in check mode' };
  const started = new Date();
  const exe = String(args.executable ?? 'powershell').toLowerCase().replace(/\.exe$/, '').split('\\').pop();
  const r = exe === 'cmd' ? runCmdLine(state, cmd, ctx) : runPowerShellSubset(state, cmd, actorOf(ctx), ctx.environment);
  return commandResult(cmd, r, started);
};
