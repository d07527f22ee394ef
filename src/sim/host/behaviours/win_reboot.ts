/**
 * win_reboot's host side on the simulated host: the boot time, and shutdown.exe /r scheduling the reboot
 * (reboot.ts). Needs SeShutdownPrivilege, which only Administrators hold here; shutdown.exe's words otherwise.
 */
import { isAdmin, qualify } from '../accounts.ts';
import { bootTime, scheduleReboot } from '../reboot.ts';
import { type Behaviour, ModuleFailure } from './types.ts';

export const winRebootHelper: Behaviour = (state, args, ctx) => {
  const result = { changed: false, boot_time: bootTime(state) };
  if (args.action !== 'shutdown') return result;
  if (!isAdmin(state, qualify(state, ctx.account))) throw new ModuleFailure(`Reboot command failed: ${ctx.account}: Access is denied.(5)`, { rc: 5 });
  const delay = typeof args.pre_reboot_delay === 'number' ? args.pre_reboot_delay : 2;
  if (!scheduleReboot(state, delay, { account: ctx.account, log: ctx.log })) {
    throw new ModuleFailure('winbook simulator: this host is not behind a simulated listener, so it cannot reboot');
  }
  return { ...result, changed: true };
};
