/** The SCM verbs' simulator handlers, called directly on a default host (contract/services.ts). */
import { describe, expect, it } from 'vitest';
import { defaultHostState } from '../../../../src/sim/host/state.ts';
import { RehearsalLog } from '../../../../src/sim/host/rehearsal-log.ts';
import { findService } from '../../../../src/sim/host/services.ts';
import { WindowsError } from '../../../../src/sim/host/windows-error.ts';
import { callVerb, type VerbContext } from '../../../../src/sim/windows/index.ts';

function host(): VerbContext {
  return { state: defaultHostState('WIN01'), log: new RehearsalLog(), account: 'WIN01\\Administrator' };
}

function code(f: () => unknown): number | string {
  try {
    f();
  } catch (e) {
    return e instanceof WindowsError ? e.code : String(e);
  }
  return 'no error';
}

describe('services verbs on the simulated SCM', () => {
  it('Get-WbService reads by key or display name, in Windows\' names; $null when absent', () => {
    const ctx = host();
    const s = callVerb(ctx, 'Get-WbService', { Name: 'Remote Procedure Call (RPC)' });
    expect(s).toMatchObject({
      Name: 'RpcSs', State: 'Running', StartMode: 'Auto', Account: 'NT AUTHORITY\\NetworkService', ServiceType: 'Win32ShareProcess', DesktopInteract: false,
    });
    expect((s as { DependentServices: string[] }).DependentServices).toContain('wuauserv');
    expect(callVerb(ctx, 'Get-WbService', { Name: 'HTTP' })).toMatchObject({ ServiceType: 'KernelDriver', Account: null });
    expect(callVerb(ctx, 'Get-WbService', { Name: 'NoSuchService' })).toBeNull();
  });

  it('Find-WbService matches -like on name or display name, Win32 services only, sorted', () => {
    const ctx = host();
    const names = (p?: string) => (callVerb(ctx, 'Find-WbService', p === undefined ? {} : { Pattern: p }) as Array<{ Name: string }>).map((s) => s.Name);
    expect(names('w*')).toEqual(['W32Time', 'WinRM', 'wuauserv']);
    expect(names('Windows T?me')).toEqual(['W32Time']);
    expect(names()).not.toContain('HTTP');
  });

  it('creates, configures (an empty dependency list clears them), and removes a service; logs as the acting account', () => {
    const ctx = host();
    const created = callVerb(ctx, 'New-WbService', { Name: 'Demo', Path: 'C:\\demo.exe', StartMode: 'Delayed', Dependencies: ['RpcSs'], Description: 'd' });
    expect(created).toMatchObject({ Name: 'Demo', DisplayName: 'Demo', State: 'Stopped', StartMode: 'Delayed', Account: 'LocalSystem', Dependencies: ['RpcSs'], Description: 'd' });
    expect(code(() => callVerb(ctx, 'New-WbService', { Name: 'demo', Path: 'x' }))).toBe(1073);
    expect(code(() => callVerb(ctx, 'New-WbService', { Name: 'Other', Path: 'x', DisplayName: 'Print Spooler' }))).toBe(1078);
    expect(callVerb(ctx, 'Set-WbServiceConfig', { Name: 'Demo', Dependencies: ['rpcss'] })).toBe(false);
    // M1: an explicit empty list clears every dependency; absent leaves them.
    expect(callVerb(ctx, 'Set-WbServiceConfig', { Name: 'Demo', StartMode: 'Delayed' })).toBe(false);
    expect(callVerb(ctx, 'Set-WbServiceConfig', { Name: 'Demo', Dependencies: [] })).toBe(true);
    expect(findService(ctx.state, 'Demo')?.dependencies).toEqual([]);
    expect(callVerb(ctx, 'Set-WbServiceConfig', { Name: 'Demo', StartMode: 'Manual', DisplayName: 'Demo Service' })).toBe(true);
    expect(code(() => callVerb(ctx, 'Set-WbServiceConfig', { Name: 'Demo', StartMode: 'Sometimes' }))).toBe(87);
    expect(code(() => callVerb(ctx, 'Set-WbServiceConfig', { Name: 'RpcSs', Dependencies: ['wuauserv'] }))).toBe(1059);
    callVerb(ctx, 'Remove-WbService', { Name: 'Demo' });
    expect(callVerb(ctx, 'Get-WbService', { Name: 'Demo' })).toBeNull();
    expect(code(() => callVerb(ctx, 'Remove-WbService', { Name: 'Demo' }))).toBe(1060);
    expect(ctx.log.entries().map((e) => [e.what, e.account])).toEqual([
      ['service.create', 'WIN01\\Administrator'],
      ['service.configure', 'WIN01\\Administrator'],
      ['service.configure', 'WIN01\\Administrator'],
      ['service.configure', 'WIN01\\Administrator'],
      ['service.set_start_mode', 'WIN01\\Administrator'],
      ['service.delete', 'WIN01\\Administrator'],
    ]);
  });

  it('Set-WbServiceAccount: an unknown account is 1057; a user without the logon right then fails to start with 1069; the password is never logged', () => {
    const ctx = host();
    expect(code(() => callVerb(ctx, 'Set-WbServiceAccount', { Name: 'W32Time', Account: 'CORP\\nobody', Password: 'x' }))).toBe(1057);
    ctx.state.users.push({ name: 'svc', password: 'P@ss-1', enabled: true });
    callVerb(ctx, 'Stop-WbService', { Name: 'W32Time' });
    callVerb(ctx, 'Set-WbServiceAccount', { Name: 'W32Time', Account: '.\\svc', Password: 'P@ss-1' });
    expect(callVerb(ctx, 'Get-WbService', { Name: 'W32Time' })).toMatchObject({ Account: '.\\svc' });
    const e = (() => {
      try {
        callVerb(ctx, 'Start-WbService', { Name: 'W32Time' });
      } catch (x) {
        return x as WindowsError;
      }
      return undefined;
    })();
    expect([e?.code, e?.message]).toEqual([1069, 'The service did not start due to a logon failure.']);
    expect(JSON.stringify(ctx.log.entries())).not.toContain('P@ss-1');
  });

  it('start/stop/pause/continue report a change only when they made one; dependents need Force (1051)', () => {
    const ctx = host();
    expect(callVerb(ctx, 'Start-WbService', { Name: 'Spooler' })).toBe(false);
    expect(code(() => callVerb(ctx, 'Stop-WbService', { Name: 'RpcSs' }))).toBe(1051);
    expect(callVerb(ctx, 'Start-WbService', { Name: 'Windows Update' })).toBe(true);
    expect(callVerb(ctx, 'Stop-WbService', { Name: 'wuauserv', Force: true, TimeoutSeconds: 5 })).toBe(true);
    expect(callVerb(ctx, 'Stop-WbService', { Name: 'wuauserv' })).toBe(false);
    expect(code(() => callVerb(ctx, 'Suspend-WbService', { Name: 'wuauserv' }))).toBe(1062);
    const pausable = findService(ctx.state, 'Spooler')!;
    pausable.can_pause_and_continue = true;
    expect(callVerb(ctx, 'Suspend-WbService', { Name: 'Spooler' })).toBe(true);
    expect(code(() => callVerb(ctx, 'Start-WbService', { Name: 'Spooler' }))).toBe(1056);
    expect(callVerb(ctx, 'Resume-WbService', { Name: 'Spooler' })).toBe(true);
    expect(callVerb(ctx, 'Get-WbService', { Name: 'Spooler' })).toMatchObject({ State: 'Running' });
    expect(code(() => callVerb(ctx, 'Start-WbService', { Name: 'Nope' }))).toBe(1060);
  });

  it('"services.ps1:20": a hung service ends the stop wait with 1053 instead of waiting for ever', () => {
    const ctx = host();
    findService(ctx.state, 'Spooler')!.hung = true;
    const e = (() => {
      try {
        callVerb(ctx, 'Stop-WbService', { Name: 'Spooler', TimeoutSeconds: 1 });
      } catch (x) {
        return x as WindowsError;
      }
      return undefined;
    })();
    expect([e?.code, e?.message]).toEqual([1053, 'The service did not respond to the start or control request in a timely fashion.']);
    expect(callVerb(ctx, 'Get-WbService', { Name: 'Spooler' })).toMatchObject({ State: 'StopPending' });
  });

  it('a protected service refuses changes with 5, as its DACL does', () => {
    const ctx = host();
    findService(ctx.state, 'W32Time')!.protected = true;
    expect(code(() => callVerb(ctx, 'Set-WbServiceConfig', { Name: 'W32Time', StartMode: 'Disabled' }))).toBe(5);
    expect(callVerb(ctx, 'Get-WbService', { Name: 'W32Time' })).toMatchObject({ StartMode: 'Manual' });
  });
});
