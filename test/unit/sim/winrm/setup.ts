/** Starts a listener with a fake launcher and two accounts: an administrator and a plain user. */
import { startWinrmListener } from '../../../../src/sim/winrm/server.ts';
import type { WinrmListener, WinrmListenerOptions } from '../../../../src/sim/winrm/server.ts';
import { loopbackAddress } from '../../../helpers/addresses.ts';
import { EchoLauncher } from './fake-launcher.ts';

export const ADMIN = { username: 'Administrator', password: 'Passw0rd!' };
export const PLAIN_USER = { username: 'bob', password: 'b0b-pass' };
export const COMPUTER = 'SIM01';

export interface Sim {
  listener: WinrmListener;
  launcher: EchoLauncher;
}

/** `host` picks 127.100.3.<host>; port 0 so nothing collides. */
export async function startSim(host: number, extra: Partial<WinrmListenerOptions> = {}): Promise<Sim> {
  const launcher = new EchoLauncher();
  const listener = await startWinrmListener({
    address: loopbackAddress(3, host),
    port: 0,
    computerName: COMPUTER,
    users: new Map([
      ['administrator', { password: ADMIN.password, admin: true }],
      ['bob', { password: PLAIN_USER.password, admin: false }],
    ]),
    launcher,
    ...extra,
  });
  return { listener, launcher };
}
