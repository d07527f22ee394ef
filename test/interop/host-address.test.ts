/**
 * parseAddress against Ansible's own parse_address (ansible.parsing.utils.addresses, allow_ranges=True, as the
 * inventory plugins call it): the same host and port, or undefined where Ansible raises. The list covers the
 * ASCII fast path and the Unicode pattern (src/inventory/host-address.ts keeps both), ranges, ports, IPv4, IPv6,
 * and the characters where case folding could make the two differ (U+0345, the Kelvin sign, dotless i). Not listed:
 * text that only starts like an IPv6 address ('1:2:3:4:5:6:7:8:9'), which Ansible accepts because its ipv6
 * pattern anchors only its first and last alternatives; parseAddress refuses it (known, left as it was).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isIpAddress, parseAddress } from '../../src/inventory/host-address.ts';

const ADDRESSES = [
  'web01', 'web01.example.com', 'WEB01.Example.COM', 'web01.example.com:5986', 'db[01:10].corp', 'db[1:9:2]:2222',
  'db[a:f]', 'db[A:F]', 'x', 'x-', '-x', 'x_', 'a..b', 'a.b.', '.a', 'web*', 'host name', 'h:notaport', 'h:',
  '10.0.0.1', '10.0.0.1:5986', '10.0.0.[1:20]', '256.1.1.1', '1.2.3', '192.168.001.010', '01.02.03.004',
  'fe80::1', '[fe80::1]:22', '::1', '::', '2001:db8::[1:f]', '::ffff:10.1.2.3', '1:2:3:4:5:6:7:8',
  'FE80::A', 'fe80::1:22', '[web01]:22', '[10.0.0.1]:5986',
  'sérveur', 'сервер.пример', 'サーバー01', 'host\u0345', 'ho\u0345st', '\u0345', 'web\u212a', 'ıi', 'web[ſ:z]', 'web[K:z]', 'web[ı:z]', 'web[İ:z]', 'WEB[A:z]',
  'web²', 'web٣', 'web\u00a0x', 'tab\there', 'name_with_underscore', '_x', 'x.1', '1x', '123',
];

function ansibleParse(addresses: string[]): Array<[string, number | null] | null> {
  const py = [
    'import json,sys',
    'from ansible.parsing.utils.addresses import parse_address',
    'out=[]',
    'for a in json.load(sys.stdin):',
    '    try: out.append(list(parse_address(a, allow_ranges=True)))',
    '    except Exception: out.append(None)',
    'print(json.dumps(out))',
  ].join('\n');
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py], { input: JSON.stringify(addresses), encoding: 'utf8' })) as Array<[string, number | null] | null>;
}

describe('parseAddress matches Ansible parse_address', () => {
  it('gives the same host and port, or none where Ansible raises, for every address in the list', () => {
    const want = ansibleParse(ADDRESSES);
    const got = ADDRESSES.map((a) => {
      const r = parseAddress(a);
      return r ? [r.host, r.port ?? null] : null;
    });
    expect(Object.fromEntries(ADDRESSES.map((a, i) => [a, got[i]]))).toEqual(Object.fromEntries(ADDRESSES.map((a, i) => [a, want[i]])));
  });

  it('tells IP addresses from names', () => {
    expect(['10.0.0.1', 'fe80::1', '::ffff:10.1.2.3'].map(isIpAddress)).toEqual([true, true, true]);
    expect(['web01', 'web01.example.com', '1.2.3', 'host\u0345'].map(isIpAddress)).toEqual([false, false, false, false]);
  });
});
