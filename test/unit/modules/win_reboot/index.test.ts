import { describe, expect, it } from 'vitest';
import { winReboot, winRebootSchema } from '../../../../src/modules/win_reboot/index.ts';
import type { ModuleResult, RemoteHost } from '../../../../src/modules/types.ts';

/** A host whose boot time answers come from a script; every other call is recorded. */
function fakeHost(bootTimes: Array<string | Error>, shutdown: ModuleResult = { changed: true }, execRc = 0): RemoteHost & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    invoke: async (_def, args) => {
      const action = (args as { action: string }).action;
      calls.push(action);
      if (action === 'shutdown') return { ...shutdown, boot_time: 'b0' };
      const next = bootTimes.shift() ?? 'b0';
      if (next instanceof Error) throw next;
      return { changed: false, boot_time: next };
    },
    exec: async (cmd) => {
      calls.push(`exec ${cmd}`);
      return { rc: execRc, stdout: '', stderr: execRc ? 'not yet' : '' };
    },
    reconnect: async () => void calls.push('reconnect'),
  };
}

const ctx = (remote: RemoteHost, check = false) => ({ host: 'win01', check, diff: false, vars: {}, remote });
const args = (a: Record<string, unknown> = {}) => winRebootSchema().parse({ pre_reboot_delay: 0, connect_timeout: 1, ...a });

describe('win_reboot (controller side)', () => {
  it('waits through a refused connection for a new boot time, then runs the test command', async () => {
    const host = fakeHost(['b0', new Error('ECONNREFUSED'), 'b1']);
    const r = await winReboot.run!(args({ test_command: 'hostname' }), ctx(host));
    expect(r).toMatchObject({ changed: true, rebooted: true });
    expect(host.calls).toEqual(['boot_time', 'shutdown', 'reconnect', 'boot_time', 'reconnect', 'boot_time', 'exec hostname']);
  }, 10_000);

  it('times out with the reboot plugin\'s message when the boot time never changes', async () => {
    const host = fakeHost(Array<string>(50).fill('b0'));
    expect(await winReboot.run!(args({ reboot_timeout: 1 }), ctx(host))).toMatchObject({ failed: true, msg: 'Timed out waiting for last boot time check (timeout=1)' });
  }, 10_000);

  it('reports a refused shutdown as a failure without waiting', async () => {
    const host = fakeHost([], { failed: true, msg: 'Reboot command failed: Access is denied.(5)' });
    expect(await winReboot.run!(args(), ctx(host))).toMatchObject({ failed: true, changed: false, rebooted: false, msg: 'Reboot command failed: Access is denied.(5)' });
    expect(host.calls).toEqual(['boot_time', 'shutdown']);
  });

  it('in check mode reports the reboot without touching the host', async () => {
    const host = fakeHost([]);
    expect(await winReboot.run!(args(), ctx(host, true))).toEqual({ changed: true, rebooted: true, elapsed: 0 });
    expect(host.calls).toEqual([]);
  });
});
