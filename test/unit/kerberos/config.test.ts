/** krb5.conf (MIT profile syntax) and principal names as an inventory gives them. */
import { describe, expect, it } from 'vitest';
import { kdcsFor, parseKrb5Conf, realmOfHost } from '../../../src/transport/winrm/kerberos/krb5-conf.ts';
import { parseClientPrincipal, parseServicePrincipal } from '../../../src/transport/winrm/kerberos/principal.ts';
import { ccachePath } from '../../../src/transport/winrm/kerberos/ccache.ts';

const CONF = `
# a comment
[libdefaults]
    default_realm = CORP.EXAMPLE.COM
    dns_lookup_kdc = false
[realms]
    CORP.EXAMPLE.COM = {
        kdc = dc01.corp.example.com
        kdc = dc02.corp.example.com:88
        admin_server = dc01.corp.example.com
        auth_to_local = {
            nested = ignored
        }
    }
    LAB.TEST = {
        kdc = [fd00::1]:8888
    }
[domain_realm]
    .corp.example.com = CORP.EXAMPLE.COM
    corp.example.com = CORP.EXAMPLE.COM
    special.lab.test = LAB.TEST
`;

describe('krb5.conf', () => {
  const conf = parseKrb5Conf(CONF, '/etc/krb5.conf');

  it('reads default_realm, each realm\'s KDCs in order, and domain_realm', () => {
    expect(conf.defaultRealm).toBe('CORP.EXAMPLE.COM');
    expect(kdcsFor(conf, 'CORP.EXAMPLE.COM')).toEqual(['dc01.corp.example.com', 'dc02.corp.example.com:88']);
    expect(kdcsFor(conf, 'LAB.TEST')).toEqual(['[fd00::1]:8888']);
    expect(realmOfHost(conf, 'web01.corp.example.com')).toBe('CORP.EXAMPLE.COM');
    expect(realmOfHost(conf, 'SPECIAL.lab.test')).toBe('LAB.TEST');
    expect(realmOfHost(conf, 'other.lab.test')).toBeUndefined();
  });

  it('names the realm and the file when a realm has no KDC (no DNS SRV look-up)', () => {
    expect(() => kdcsFor(conf, 'NOWHERE.TEST')).toThrow(expect.objectContaining({ code: 'KRB_CONFIG', hint: expect.stringContaining('/etc/krb5.conf') }));
  });
});

describe('principal names', () => {
  it('uppercases the realm of user@realm and takes default_realm for a bare user', () => {
    expect(parseClientPrincipal('alice@corp.example.com')).toEqual({ name: { type: 1, parts: ['alice'] }, realm: 'CORP.EXAMPLE.COM' });
    expect(parseClientPrincipal('svc/batch@LAB.TEST').name.parts).toEqual(['svc', 'batch']);
    expect(parseClientPrincipal('bob', 'LAB.TEST').realm).toBe('LAB.TEST');
  });

  it('refuses DOMAIN\\user and a user without any realm, saying what to write', () => {
    expect(() => parseClientPrincipal('CORP\\alice')).toThrow(expect.objectContaining({ code: 'KRB_CONFIG', hint: expect.stringContaining('alice@CORP') }));
    expect(() => parseClientPrincipal('alice')).toThrow(/no realm/);
  });

  it('reads SPNs with and without a realm', () => {
    expect(parseServicePrincipal('HTTP/web01.corp.example.com')).toEqual({ name: { type: 2, parts: ['HTTP', 'web01.corp.example.com'] }, realm: undefined });
    expect(parseServicePrincipal('WSMAN/web01@CORP.EXAMPLE.COM').realm).toBe('CORP.EXAMPLE.COM');
  });

  it('takes FILE: caches and refuses KEYRING:/KCM: with a hint', () => {
    expect(ccachePath('FILE:/tmp/krb5cc_0')).toBe('/tmp/krb5cc_0');
    expect(ccachePath('/tmp/cc')).toBe('/tmp/cc');
    expect(() => ccachePath('KEYRING:persistent:0')).toThrow(expect.objectContaining({ code: 'KRB_CCACHE' }));
  });
});
