/**
 * win_dns_client (issue 14) against the simulated host's adapters (src/sim/windows/adapters.ts), compared with
 * ansible.windows 1.14's documented options and the module's own failure texts: check → apply → reapply, order
 * matters, an empty list resets, wildcards, a missing adapter and a bad address.
 */
import { describe, expect, it } from 'vitest';
import { adaptersOf } from '../../src/sim/windows/adapters.ts';
import { findModule } from '../../src/modules/registry.ts';
import { useModuleHost } from '../helpers/module-host.ts';

describe('win_dns_client over WinRM against the simulator', () => {
  const mh = useModuleHost(235);
  const { task, host } = mh;
  const dns = () => adaptersOf(host().state)[0]?.dns_servers;

  it('sets the servers in order (check, apply, reapply), logs the change, and a new order is a change', async () => {
    await mh.rehearse('win_dns_client', { adapter_names: ['Ethernet0'], dns_servers: ['10.0.0.10', '10.0.0.11'] });
    expect(dns()).toEqual(['10.0.0.10', '10.0.0.11']);
    expect(mh.site().log.entries().filter((e) => e.what === 'net.dns_servers')).toEqual([
      expect.objectContaining({ host: 'WIN01', account: 'Administrator', target: 'Ethernet0', detail: { servers: ['10.0.0.10', '10.0.0.11'] } }),
    ]);
    expect(await task('win_dns_client', { adapter_names: ['Ether*'], ipv4_addresses: ['10.0.0.11', '10.0.0.10'] })).toEqual({ changed: true });
    expect(dns()).toEqual(['10.0.0.11', '10.0.0.10']);
  });

  it("resets with an empty list on every adapter ('*', the default), then changes nothing", async () => {
    expect(await task('win_dns_client', { dns_servers: [] })).toEqual({ changed: true });
    expect(dns()).toEqual([]);
    expect(await task('win_dns_client', { adapter_names: ['*'], addresses: [] })).toEqual({ changed: false });
  });

  it("fails with the module's texts for an adapter that matches nothing and an address that is not one, changing nothing", async () => {
    const before = mh.fingerprint();
    expect(await task('win_dns_client', { adapter_names: ['Wi-Fi'], dns_servers: ['10.0.0.1'] })).toMatchObject({
      failed: true, msg: "Unhandled exception while executing module: Get-NetAdapterInfo: Failed to find network adapter(s) that are IP enabled with the name 'Wi-Fi'",
    });
    expect(await task('win_dns_client', { adapter_names: ['Ethernet0'], dns_servers: ['10.0.0.1', 'dns.example', '300.1.1.1'] })).toMatchObject({
      failed: true, msg: 'Unhandled exception while executing module: Invalid IP address(es): (dns.example, 300.1.1.1)',
    });
    expect(mh.fingerprint()).toBe(before);
  });

  it('refuses at validation what it cannot do or what is ambiguous: an IPv6 server, no servers, an option and its alias', () => {
    const schema = findModule('win_dns_client')!.schema;
    expect(schema.safeParse({ adapter_names: ['Ethernet0'], dns_servers: ['2001:db8::2'] }).error?.issues[0]?.message).toMatch(/IPv4 DNS servers only/);
    expect(schema.safeParse({ adapter_names: ['Ethernet0'] }).error?.issues[0]?.message).toBe('missing required arguments: dns_servers');
    expect(schema.safeParse({ dns_servers: [], addresses: [] }).error?.issues[0]?.message).toMatch(/mutually exclusive: dns_servers\|addresses/);
  });
});
