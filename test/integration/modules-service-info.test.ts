/**
 * win_service's option aliases (ansible.windows 1.14: `failure_reset_period`, `pre_shutdown_timeout`, a failure
 * action's `delay`) and what win_service_info returns beyond win_service's options (`triggers`, `launch_protection`,
 * `preferred_node`, `process_id`, `service_flags`), each run as the modules' own PowerShell against the simulator's
 * SCM: triggers as SERVICE_CONFIG_TRIGGER_INFO holds them, the process a running service has in the host's process
 * table. The expected shapes are 1.14's win_service_info.ps1 (quoted where they are not obvious).
 */
import { describe, expect, it } from 'vitest';
import { findService } from '../../src/sim/host/services.ts';
import type { HostState, Service } from '../../src/sim/host/state.ts';
import { useModuleHost } from '../helpers/module-host.ts';

const FIREWALL_PORT_OPEN_GUID = 'b7569e07-8421-4ee0-ad10-86915afdad09';
const CUSTOM_GUID = '0fd4ca2e-2a2c-4c69-8f89-4d2b0cc6b5a7';

/** A service the host has before any task runs: triggers, launch protection and a NUMA node only the SCM sets. */
function prepare(state: HostState): void {
  const base: Service = {
    name: 'TrigSvc', display_name: 'Triggered service', state: 'stopped', start_mode: 'manual', account: 'LocalSystem',
    path: 'C:\\svc\\trig.exe', description: '', dependencies: [], can_pause_and_continue: false, type: 'own_process',
  };
  state.numa_nodes = 2;
  state.services.push(
    {
      ...base,
      triggers: [
        {
          type: 'firewall_port_event', action: 'start', subtype: FIREWALL_PORT_OPEN_GUID,
          data_items: [{ type: 'string', data: ['445', 'TCP', 'System'] }, { type: 'string', data: 'one' }],
        },
        {
          type: 'custom', action: 'stop', subtype: CUSTOM_GUID.toUpperCase(),
          data_items: [{ type: 'binary', data: 'AQL/' }, { type: 'level', data: 4 }, { type: 'keyword_any', data: 2048 }],
        },
      ],
    },
    { ...base, name: 'GuardSvc', display_name: 'Guarded service', launch_protection: 'antimalware_light', preferred_node: 1 },
  );
}

describe('win_service aliases and win_service_info fields on the SCM model', () => {
  const mh = useModuleHost(112, { prepareHost: prepare });
  const { task, rehearse, host } = mh;
  const info = async (name: string) => ((await task('win_service_info', { name })).services as Array<Record<string, unknown>>)[0]!;

  it("win_service takes 1.14's aliases: failure_reset_period, pre_shutdown_timeout and a failure action's delay (check → apply → reapply)", async () => {
    await task('win_service', { name: 'AliasSvc', path: 'C:\\svc\\alias.exe' });
    const [check] = await rehearse('win_service', {
      name: 'AliasSvc', failure_actions: [{ type: 'restart', delay: '5000' }, { type: 'none', delay: 0 }], failure_reset_period: '86400', pre_shutdown_timeout: 180000,
    });
    // The diff names the options, as 1.14's does: the alias is only another name for the option.
    expect(check.diff).toMatchObject({ after: { failure_actions: [{ type: 'restart', delay_ms: 5000 }, { type: 'none', delay_ms: 0 }], failure_reset_period_sec: 86400, pre_shutdown_timeout_ms: 180000 } });
    expect(findService(host().state, 'AliasSvc')).toMatchObject({
      failure_actions: { reset_period_sec: 86400, actions: [{ type: 'restart', delay_ms: 5000 }, { type: 'none', delay_ms: 0 }] },
      preshutdown_timeout_ms: 180000,
    });
    // The options themselves give the same state: nothing to change.
    expect(await task('win_service', { name: 'AliasSvc', failure_actions: [{ type: 'restart', delay_ms: 5000 }, { type: 'none' }], failure_reset_period_sec: 86400, pre_shutdown_timeout_ms: 180000 })).toMatchObject({ changed: false });
  });

  it('an option and its alias together are refused before the module runs', async () => {
    await expect(task('win_service', { name: 'AliasSvc', pre_shutdown_timeout_ms: 1000, pre_shutdown_timeout: 2000 })).rejects.toThrow(
      'parameters are mutually exclusive: pre_shutdown_timeout_ms|pre_shutdown_timeout (pre_shutdown_timeout is an alias of pre_shutdown_timeout_ms;',
    );
    await expect(task('win_service', { name: 'AliasSvc', failure_actions: [{ type: 'restart', delay_ms: 1, delay: 2 }] })).rejects.toThrow('delay_ms|delay');
  });

  it("triggers as SERVICE_CONFIG_TRIGGER_INFO holds them, in 1.14's shape: W32Time's domain join pair, and data items by type", async () => {
    expect((await info('W32Time')).triggers).toEqual([
      { action: 'start_service', type: 'domain_join', sub_type: 'domain_join', sub_type_guid: '1ce20aba-9851-4421-9430-1ddeb766e809', data_items: [] },
      { action: 'stop_service', type: 'domain_join', sub_type: 'domain_leave', sub_type_guid: 'ddaf516e-58c2-4866-9574-c3b615d42ea1', data_items: [] },
    ]);
    expect((await info('TrigSvc')).triggers).toEqual([
      {
        action: 'start_service', type: 'firewall_port_event', sub_type: 'firewall_port_open', sub_type_guid: FIREWALL_PORT_OPEN_GUID,
        // A REG_MULTI_SZ item is a list, a REG_SZ one its text (SCManager.cs TriggerItem).
        data_items: [{ type: 'string', data: ['445', 'TCP', 'System'] }, { type: 'string', data: 'one' }],
      },
      {
        // 1.14: `default { 'custom' }` for a GUID it does not name; `sub_type_guid = $trigger.SubType.ToString()` (lower case).
        action: 'stop_service', type: 'custom', sub_type: 'custom', sub_type_guid: CUSTOM_GUID,
        // 1.14: "We only need to convert byte and byte[] to a Base64 string, the rest can be serialised as is."
        data_items: [{ type: 'binary', data: 'AQL/' }, { type: 'level', data: 'BA==' }, { type: 'keyword_any', data: 2048 }],
      },
    ]);
    expect((await info('Spooler')).triggers).toEqual([]);
  });

  it('launch_protection, preferred_node and service_flags as the SCM holds them', async () => {
    expect(await info('GuardSvc')).toMatchObject({ launch_protection: 'antimalware_light', preferred_node: 1, service_flags: [] });
    // This host has two NUMA nodes, and no node is set for TrigSvc; the default host (no NUMA) reads null too.
    expect(await info('TrigSvc')).toMatchObject({ launch_protection: 'none', preferred_node: null, service_flags: [] });
  });

  it("process_id: 0 while stopped, the service's own process while it runs, a new one after a restart", async () => {
    expect((await info('TrigSvc')).process_id).toBe(0);
    await task('win_service', { name: 'TrigSvc', state: 'started' });
    const first = (await info('TrigSvc')).process_id as number;
    expect(first).toBeGreaterThan(0);
    expect(first % 4).toBe(0);
    // Read again: the same process.
    expect((await info('TrigSvc')).process_id).toBe(first);
    // Another running service runs in another process (svchost services too: split, as on Server 2019).
    const others = [(await info('Spooler')).process_id, (await info('Dnscache')).process_id, (await info('WinRM')).process_id];
    expect(new Set([first, ...others]).size).toBe(4);
    await task('win_service', { name: 'TrigSvc', state: 'restarted' });
    const second = (await info('TrigSvc')).process_id as number;
    expect(second).toBeGreaterThan(0);
    expect(second).not.toBe(first);
    await task('win_service', { name: 'TrigSvc', state: 'stopped' });
    expect((await info('TrigSvc')).process_id).toBe(0);
  });
});
