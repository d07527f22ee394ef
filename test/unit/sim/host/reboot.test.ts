import { describe, expect, it } from 'vitest';
import { boot, bootTime, scheduleReboot } from '../../../../src/sim/host/reboot.ts';
import { RehearsalLog } from '../../../../src/sim/host/rehearsal-log.ts';
import { findService } from '../../../../src/sim/host/services.ts';
import { defaultHostState } from '../../../../src/sim/host/state.ts';

describe('a simulated host reboot', () => {
  it('starts automatic services with their manual dependencies, leaves other manual ones stopped, and moves the boot time', () => {
    const s = defaultHostState('win01');
    for (const svc of s.services) svc.state = 'stopped';
    const log = new RehearsalLog();
    const before = bootTime(s);
    boot(s, { account: 'Administrator', log });
    expect(findService(s, 'HTTP')?.state).toBe('running');
    expect(findService(s, 'WinRM')?.state).toBe('running');
    expect(findService(s, 'W32Time')?.state).toBe('stopped');
    expect(bootTime(s)).not.toBe(before);
    expect(log.entries().at(-1)).toMatchObject({ what: 'host.reboot', detail: { boot: 1 } });
  });

  it('logs a service that cannot start at boot instead of failing the boot', () => {
    const s = defaultHostState('win01');
    const spooler = findService(s, 'Spooler')!;
    Object.assign(spooler, { state: 'stopped', account: '.\\nobody' });
    const log = new RehearsalLog();
    boot(s, { account: 'Administrator', log });
    expect(spooler.state).toBe('stopped');
    expect(log.entries().at(-1)?.detail?.failed).toEqual([{ name: 'Spooler', error: expect.stringContaining('logon failure') }]);
  });

  it('cannot be scheduled on a host that no listener serves', () => {
    expect(scheduleReboot(defaultHostState('win01'), 0, { account: 'Administrator', log: new RehearsalLog() })).toBe(false);
  });
});
