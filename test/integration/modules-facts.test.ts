/**
 * The setup module (issue 14): ansible.windows.setup's fact names and formats, gathered by the module's own
 * PowerShell through the façade against the simulated host's model (identity, domain, OS, adapters, environment,
 * the connecting account), and gather_subset resolved as ansible.windows resolves it.
 */
import { describe, expect, it } from 'vitest';
import { useModuleHost } from '../helpers/module-host.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { joinDomain } from '../../src/sim/domain/join.ts';

describe('setup over WinRM against the simulator', () => {
  const mh = useModuleHost(233);
  const { task } = mh;

  it('returns the identity, OS, network, environment, user and time facts in ansible.windows\' names and formats; read-only', async () => {
    const untouched = mh.fingerprint();
    const r = await task('setup', {}, { check: true });
    expect(mh.fingerprint()).toBe(untouched);
    expect(r.changed).toBe(false);
    const f = r.ansible_facts as Record<string, unknown>;
    const address = `${loopbackBlock(233)}.1`;
    expect(f).toMatchObject({
      gather_subset: ['all'],
      module_setup: true,
      ansible_hostname: 'WIN01',
      ansible_netbios_name: 'WIN01',
      ansible_fqdn: 'WIN01',
      ansible_nodename: 'WIN01',
      ansible_domain: '',
      ansible_windows_domain: 'WORKGROUP',
      ansible_windows_domain_member: false,
      ansible_windows_domain_role: 'Stand-alone server',
      ansible_os_family: 'Windows',
      ansible_distribution: 'Microsoft Windows Server 2019 Standard',
      ansible_os_name: 'Microsoft Windows Server 2019 Standard',
      ansible_distribution_version: '10.0.17763.0',
      ansible_distribution_major_version: '10',
      ansible_kernel: '10.0.17763.0',
      ansible_os_product_type: 'server',
      ansible_os_installation_type: 'Server',
      ansible_system: 'Win32NT',
      ansible_architecture: '64-bit',
      ansible_architecture2: 'x86_64',
      ansible_owner_name: 'Windows User',
      ansible_system_description: '',
      ansible_reboot_pending: false,
      ansible_powershell_version: 5,
      ansible_ip_addresses: [address],
      ansible_user_id: 'Administrator',
      ansible_user_dir: 'C:\\Users\\Administrator',
      ansible_user_gecos: '',
      ansible_user_sid: expect.stringMatching(/^S-1-5-21-\d+-\d+-\d+-500$/),
    });
    expect(f.ansible_interfaces).toEqual([
      {
        connection_name: 'Ethernet0', default_gateway: null, dns_domain: null, interface_index: 4, interface_name: 'Microsoft Hyper-V Network Adapter',
        ipv4: [{ address, prefix: '24' }], ipv6: [], macaddress: expect.stringMatching(/^00:15:5D(:[0-9A-F]{2}){3}$/), mtu: 1500, speed: 10000,
      },
    ]);
    const env = f.ansible_env as Record<string, string>;
    expect(env).toMatchObject({
      SystemRoot: 'C:\\Windows', windir: 'C:\\Windows', ProgramData: 'C:\\ProgramData', USERNAME: 'Administrator', COMPUTERNAME: 'WIN01',
      USERDOMAIN: 'WIN01', USERPROFILE: 'C:\\Users\\Administrator', ComSpec: 'C:\\Windows\\system32\\cmd.exe', OS: 'Windows_NT',
      PROCESSOR_ARCHITECTURE: 'AMD64',
    });
    // ansible.windows trims a trailing backslash from every value (Path ends with OpenSSH\).
    expect(Object.values(env).filter((v) => v.endsWith('\\'))).toEqual([]);
    const dt = f.ansible_date_time as Record<string, string | number>;
    expect(Object.keys(dt).sort()).toEqual([
      'date', 'day', 'epoch', 'epoch_int', 'epoch_local', 'hour', 'iso8601', 'iso8601_basic', 'iso8601_basic_short', 'iso8601_micro', 'minute', 'month',
      'second', 'time', 'tz', 'tz_offset', 'weekday', 'weekday_number', 'weeknumber', 'year',
    ]);
    expect(Math.abs(Number(dt.epoch) - Date.now() / 1000)).toBeLessThan(120);
    // Windows PowerShell 5.1's Get-Date -UFormat %s: seconds with a fraction (15 significant digits); epoch_int rounds.
    expect(dt.epoch).toMatch(/^\d{10}(\.\d{1,5})?$/);
    expect(dt.epoch_local).toMatch(/^\d{10}(\.\d{1,5})?$/);
    expect(dt.epoch_int).toBe(Math.round(Number(dt.epoch)));
    expect(dt.iso8601).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(f.ansible_uptime_seconds).toEqual(expect.any(Number));
    expect(f.ansible_lastboot).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(r.warnings).toBeUndefined();
  });

  it('gathers only the subsets asked for: !all keeps min, a group adds its subsets, an unknown name warns', async () => {
    const min = (await task('setup', { gather_subset: ['!all'] })).ansible_facts as Record<string, unknown>;
    expect(min).toHaveProperty('ansible_hostname');
    expect(min).toHaveProperty('ansible_env');
    expect(min).not.toHaveProperty('ansible_interfaces');
    expect(min).not.toHaveProperty('ansible_windows_domain');
    expect(min).not.toHaveProperty('ansible_uptime_seconds');
    const net = await task('setup', { gather_subset: ['!all', '!min', 'network'] });
    expect(Object.keys(net.ansible_facts as object).sort()).toEqual([
      'ansible_interfaces', 'ansible_ip_addresses', 'ansible_windows_domain', 'ansible_windows_domain_member', 'ansible_windows_domain_role', 'gather_subset', 'module_setup',
    ]);
    const odd = await task('setup', { gather_subset: ['!all', '!min', 'nonsense'] });
    expect(odd.warnings).toEqual(['invalid value nonsense specified in gather_subset']);
    expect(Object.keys(odd.ansible_facts as object).sort()).toEqual(['gather_subset', 'module_setup']);
  });

  it('refuses a subset the model cannot answer, and reads what the model holds (pending reboot, server comment)', async () => {
    await expect(task('setup', { gather_subset: ['hardware'] })).rejects.toThrow(/winbook cannot gather this subset/);
    await expect(task('setup', { gather_subset: ['!hardware'] })).resolves.toMatchObject({ changed: false });
    await task('win_regedit', { path: 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters', name: 'srvcomment', data: 'Qlik central node' });
    await task('win_regedit', { path: 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager', name: 'PendingFileRenameOperations', type: 'multistring', data: ['\\??\\C:\\x'] });
    const f = (await task('setup', { gather_subset: ['!all'] })).ansible_facts as Record<string, unknown>;
    expect(f).toMatchObject({ ansible_system_description: 'Qlik central node', ansible_reboot_pending: true });
  });
});

describe('setup on a domain member', () => {
  const { task } = useModuleHost(234, { prepareHost: (state) => joinDomain(state, { netbios: 'WINBOOK', dns: 'winbook.test', accounts: [] }) });

  it('reports the domain, the FQDN and the member server role, and the adapter\'s DNS suffix', async () => {
    const f = (await task('setup', { gather_subset: ['!all', 'network', 'platform'] })).ansible_facts as Record<string, unknown>;
    expect(f).toMatchObject({
      ansible_hostname: 'WIN01', ansible_fqdn: 'WIN01.winbook.test', ansible_domain: 'winbook.test', ansible_windows_domain: 'winbook.test',
      ansible_windows_domain_member: true, ansible_windows_domain_role: 'Member server',
    });
    expect((f.ansible_interfaces as { dns_domain: string }[])[0]?.dns_domain).toBe('winbook.test');
  });
});

describe('setup with a stalled WMI provider (gather_timeout)', () => {
  // The adapter query answers after 10 s (src/sim/host/state.ts wmi_stall_ms); the other groups get 3 s, room enough
  // on a loaded machine.
  const { task } = useModuleHost(117, { prepareHost: (state) => { state.wmi_stall_ms = 10_000; } });

  it('stops each fact group still running after gather_timeout seconds, warns as ansible.windows 1.14 does, and gathers the others', async () => {
    const r = await task('setup', { gather_timeout: 3 });
    expect(r.warnings).toEqual([
      'Failed to collection all_ipv4_addresses, all_ipv6_addresses due to timeout',
      'Failed to collection interfaces due to timeout',
    ]);
    const f = r.ansible_facts as Record<string, unknown>;
    expect(f).not.toHaveProperty('ansible_ip_addresses');
    expect(f).not.toHaveProperty('ansible_interfaces');
    expect(f).toMatchObject({ ansible_hostname: 'WIN01', ansible_windows_domain: 'WORKGROUP', ansible_powershell_version: 5 });
    expect(f).toHaveProperty('ansible_date_time');
  }, 60_000);

  it('waits for a slow group within the timeout', async () => {
    const r = await task('setup', { gather_subset: ['!all', '!min', 'interfaces'], gather_timeout: 20 });
    expect(r.warnings).toBeUndefined();
    expect((r.ansible_facts as { ansible_interfaces: unknown[] }).ansible_interfaces).toHaveLength(1);
  }, 60_000);
});
