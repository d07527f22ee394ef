/**
 * win_service's SCM options beyond state and account (ansible.windows 1.14: failure actions, desktop_interact,
 * required_privileges, sid_info, error_control, service_type, load_order_group, pre_shutdown_timeout_ms), run as
 * the module's own PowerShell against the simulator's SCM model: check → apply → reapply per option group, the
 * SCM's refusals in Windows' words, 1.14's diff shape, and win_service_info reading the same fields back.
 */
import { describe, expect, it } from 'vitest';
import { findService } from '../../src/sim/host/services.ts';
import { useModuleHost } from '../helpers/module-host.ts';

describe('win_service SCM options on the façade', () => {
  const mh = useModuleHost(216);
  const { task, rehearse, host, fingerprint } = mh;
  const log = () => mh.site().log.entries();
  const create = (name: string) => task('win_service', { name, path: 'C:\\svc\\app.exe' });
  const info = async (name: string) => ((await task('win_service_info', { name })).services as Array<Record<string, unknown>>)[0]!;

  it('a new service has the SCM defaults, as win_service_info returns them', async () => {
    await create('OptDefaults');
    expect(await info('OptDefaults')).toMatchObject({
      failure_actions: [], failure_actions_on_non_crash_failure: false, failure_command: null, failure_reboot_msg: null, failure_reset_period_sec: 0,
      load_order_group: '', pre_shutdown_timeout_ms: 10000, required_privileges: [], sid_info: 'none', error_control: 'normal',
      service_type: 'win32_own_process', desktop_interact: false,
    });
  });

  it('failure actions, command, reboot message and reset period: check → apply → reapply, stored as SERVICE_FAILURE_ACTIONS', async () => {
    await create('OptFailure');
    const args = {
      name: 'OptFailure',
      failure_actions: [{ type: 'restart', delay_ms: 5000 }, { type: 'run_command', delay_ms: 10000 }, { type: 'reboot', delay_ms: '60000' }],
      failure_command: 'C:\\svc\\notify.cmd', failure_reboot_msg: 'OptFailure failed three times', failure_reset_period_sec: '86400',
      failure_actions_on_non_crash_failure: 'yes',
    };
    const [check, apply] = await rehearse('win_service', args);
    expect(check.diff).toMatchObject({
      before: { failure_actions: [], failure_reset_period_sec: 0, failure_command: null },
      after: { failure_actions: [{ type: 'restart', delay_ms: 5000 }, { type: 'run_command', delay_ms: 10000 }, { type: 'reboot', delay_ms: 60000 }], failure_reset_period_sec: 86400 },
    });
    expect(apply.diff).toMatchObject({ after: { failure_command: 'C:\\svc\\notify.cmd', failure_reboot_msg: 'OptFailure failed three times', failure_actions_on_non_crash_failure: true } });
    expect(findService(host().state, 'OptFailure')).toMatchObject({
      failure_actions: {
        reset_period_sec: 86400, reboot_msg: 'OptFailure failed three times', command: 'C:\\svc\\notify.cmd',
        actions: [{ type: 'restart', delay_ms: 5000 }, { type: 'run_command', delay_ms: 10000 }, { type: 'reboot', delay_ms: 60000 }],
      },
      failure_actions_on_non_crash: true,
    });
    expect(await info('OptFailure')).toMatchObject({ failure_actions: [{ type: 'restart', delay_ms: 5000 }, { type: 'run_command', delay_ms: 10000 }, { type: 'reboot', delay_ms: 60000 }], failure_reset_period_sec: 86400 });
    // Only the reset period: the existing actions go with it (the API ignores dwResetPeriod without them).
    expect(await task('win_service', { name: 'OptFailure', failure_reset_period_sec: 3600 })).toMatchObject({ changed: true });
    expect(findService(host().state, 'OptFailure')?.failure_actions).toMatchObject({ reset_period_sec: 3600, actions: [{ type: 'restart' }, { type: 'run_command' }, { type: 'reboot' }] });
    // '' removes the command and message; [] removes the actions.
    await rehearse('win_service', { name: 'OptFailure', failure_actions: [], failure_command: '', failure_reboot_msg: '' });
    expect(findService(host().state, 'OptFailure')?.failure_actions).toMatchObject({ actions: [], command: null, reboot_msg: null });
  });

  it('a reset period without actions, on a service that has none, fails as 1.14 does; check mode says changed and touches nothing', async () => {
    await create('OptReset');
    const untouched = fingerprint();
    expect(await task('win_service', { name: 'OptReset', failure_reset_period_sec: 60 }, { check: true })).toMatchObject({ changed: true });
    expect(fingerprint()).toBe(untouched);
    expect(await task('win_service', { name: 'OptReset', failure_reset_period_sec: 60 })).toEqual({
      failed: true, msg: 'Exception setting "FailureActions": "Cannot set FailureAction ResetPeriod without explicit Actions and no existing Actions"',
    });
  });

  it('sid_info, required_privileges (a set), error_control, load_order_group, pre_shutdown_timeout_ms: check → apply → reapply', async () => {
    await create('OptConfig');
    const n = log().length;
    const args = {
      name: 'OptConfig', sid_info: 'restricted', required_privileges: ['SeBackupPrivilege', 'SeRestorePrivilege'], error_control: 'critical',
      load_order_group: 'NetworkProvider', pre_shutdown_timeout_ms: 30000,
    };
    const [check, apply] = await rehearse('win_service', args);
    expect(check.diff).toMatchObject({ before: { sid_info: 'none', required_privileges: [], error_control: 'normal', load_order_group: '', pre_shutdown_timeout_ms: 10000 } });
    expect(apply.diff).toMatchObject({ after: { sid_info: 'restricted', required_privileges: ['SeBackupPrivilege', 'SeRestorePrivilege'], error_control: 'critical', load_order_group: 'NetworkProvider', pre_shutdown_timeout_ms: 30000 } });
    expect(log().slice(n).map((e) => e.what)).toEqual(['service.configure', 'service.set_sid_type', 'service.set_required_privileges', 'service.set_preshutdown_timeout']);
    // The same privileges in another order are the same set: unchanged.
    expect(await task('win_service', { name: 'OptConfig', required_privileges: ['SeRestorePrivilege', 'SeBackupPrivilege'] })).toMatchObject({ changed: false });
    expect(await info('OptConfig')).toMatchObject({ sid_info: 'restricted', required_privileges: ['SeBackupPrivilege', 'SeRestorePrivilege'], error_control: 'critical', load_order_group: 'NetworkProvider', pre_shutdown_timeout_ms: 30000 });
    const [, cleared] = await rehearse('win_service', { name: 'OptConfig', required_privileges: [] });
    expect(cleared.diff).toMatchObject({ after: { required_privileges: [] } });
  });

  it('a privilege Windows does not know is refused by the SCM (ERROR_INVALID_PARAMETER), nothing changed', async () => {
    await create('OptPriv');
    const untouched = fingerprint();
    expect(await task('win_service', { name: 'OptPriv', required_privileges: ['SeBackupPrivilege', 'SeMakeCoffeePrivilege'] })).toEqual({
      failed: true, msg: "Service 'OptPriv' cannot be configured: The parameter is incorrect.",
    });
    // A logon right is not a privilege either.
    expect(await task('win_service', { name: 'OptPriv', required_privileges: ['SeServiceLogonRight'] })).toMatchObject({ failed: true, msg: "Service 'OptPriv' cannot be configured: The parameter is incorrect." });
    expect(fingerprint()).toBe(untouched);
  });

  it('service_type and desktop_interact (LocalSystem only); an interactive service loses the flag when unset, as 1.14 does', async () => {
    await create('OptType');
    const [, apply] = await rehearse('win_service', { name: 'OptType', service_type: 'win32_share_process', desktop_interact: true });
    expect(apply).toMatchObject({ desktop_interact: true });
    expect(apply.diff).toMatchObject({ before: { service_type: 'win32_own_process', desktop_interact: false }, after: { service_type: 'win32_share_process', desktop_interact: true } });
    expect(findService(host().state, 'OptType')).toMatchObject({ type: 'share_process', interactive: true });
    expect(await info('OptType')).toMatchObject({ service_type: 'win32_share_process', desktop_interact: true });
    // desktop_interact defaults to false and is enforced.
    expect(await task('win_service', { name: 'OptType', start_mode: 'manual' })).toMatchObject({ changed: true, desktop_interact: false });
    expect(findService(host().state, 'OptType')?.interactive).toBe(false);
    await rehearse('win_service', { name: 'OptType', service_type: 'user_own_process' });
    expect(await info('OptType')).toMatchObject({ service_type: 'user_own_process' });
  });

  it('desktop_interact with another account is 1.14\'s failure; the SCM itself refuses the flag for a non-LocalSystem service (87)', async () => {
    await create('OptInteract');
    expect(await task('win_service', { name: 'OptInteract', username: 'NT AUTHORITY\\LocalService', desktop_interact: true })).toMatchObject({
      failed: true, msg: "Can only set 'desktop_interact' to true when 'username' equals 'SYSTEM'",
    });
    await task('win_service', { name: 'OptInteract', username: 'NT AUTHORITY\\NetworkService' });
    expect(await task('win_service', { name: 'OptInteract', desktop_interact: true })).toMatchObject({ failed: true, msg: "Can only set 'desktop_interact' to true when 'username' equals 'SYSTEM'" });
    // The SCM's own rule, through the façade verb the module uses.
    const r = await mh.agent().invoke(
      { name: 'probe', aliases: [], description: '', schema: undefined as never, secretArgs: [], supportsCheck: true, supportsDiff: false, kind: 'agent', script: "try { Set-WbServiceConfig -Name 'OptInteract' -DesktopInteract $true; @{ code = 0 } } catch { @{ code = $_.Exception.NativeErrorCode; msg = $_.Exception.Message } }" },
      {}, { check: false, diff: false },
    );
    expect(r).toMatchObject({ code: 87, msg: 'The parameter is incorrect.' });
    // Interactive as LocalSystem, then another account: the flag is cleared first, so the change succeeds.
    await task('win_service', { name: 'OptInteract', username: 'LocalSystem', desktop_interact: true });
    expect(findService(host().state, 'OptInteract')).toMatchObject({ interactive: true, account: 'LocalSystem' });
    expect(await task('win_service', { name: 'OptInteract', username: 'NT AUTHORITY\\LocalService' })).toMatchObject({ changed: true, desktop_interact: false });
    expect(findService(host().state, 'OptInteract')).toMatchObject({ interactive: false, account: 'NT AUTHORITY\\LocalService' });
  });

  it('creates a service with the options in one task; the diff is 1.14\'s (password REDACTED, state as asked)', async () => {
    const args = { name: 'OptNew', path: '%SystemRoot%\\svc\\new.exe', sid_info: 'unrestricted', failure_actions: [{ type: 'restart', delay_ms: 1000 }], error_control: 'severe', state: 'stopped' };
    const [check, apply] = await rehearse('win_service', args);
    expect(check.diff).toMatchObject({ before: '', after: { name: 'OptNew', sid_info: 'unrestricted', error_control: 'severe', state: 'stopped', failure_actions: [{ type: 'restart', delay_ms: 1000 }] } });
    // path's %VAR% expanded before it is set, as 1.14 does.
    expect(apply).toMatchObject({ path: 'C:\\Windows\\svc\\new.exe', state: 'stopped' });
    expect(apply.diff).toMatchObject({ after: { password: 'REDACTED', username: 'LocalSystem' } });
    expect(findService(host().state, 'OptNew')).toMatchObject({ sid_type: 'unrestricted', error_control: 'severe', failure_actions: { actions: [{ type: 'restart', delay_ms: 1000 }] } });
  });
});
