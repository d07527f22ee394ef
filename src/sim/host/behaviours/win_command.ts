/**
 * ansible.windows.win_command on the simulated host: runs the executable directly (no cmd.exe, so `echo` is not
 * found), for the programs the simulator has (hostname, whoami, sc, net, cmd, powershell with the documented
 * subset). Check mode reports what would run and runs nothing.
 */
import { checkChdir, commandResult, guard, quoteArg, runProgram } from './win-command-run.ts';
import { type Behaviour, ModuleFailure } from './types.ts';

export const winCommand: Behaviour = (state, args, ctx) => {
  const argv = args.argv as string[] | undefined;
  const cmd = argv ? argv.map(quoteArg).join(' ') : String(args.cmd ?? args._raw_params ?? '');
  if (cmd.trim() === '') throw new ModuleFailure('no command given');
  const skip = guard(state, args, ctx, cmd);
  if (skip) return skip;
  checkChdir(state, args, ctx);
  if (ctx.check) return { changed: true, cmd, rc: 0, msg: 'Command would have run if not in check mode' };
  const started = new Date();
  return commandResult(cmd, runProgram(state, cmd, ctx), started);
};
