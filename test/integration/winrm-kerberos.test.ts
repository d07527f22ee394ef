/**
 * Issue 17: winbook's client against simulated domain members with Kerberos tickets from a real MIT KDC
 * (test/helpers/kdc.ts): over HTTP with message encryption, over HTTPS with channel binding at Strict, from a
 * password or a kinit'ed cache, NTLM as the listed fallback, and the refusals a user meets in Kerberos' words
 * (wrong password, no SPN, clock skew).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import type { SimDomainOptions } from '../../src/sim/domain/types.ts';
import type { WinrmTransport } from '../../src/transport/winrm/index.ts';
import { loopbackAddress, loopbackBlock } from '../helpers/addresses.ts';
import { startKdc, type Kdc } from '../helpers/kdc.ts';
import { execOnce, makeCert, openFailure, runTask, siteTransport, tempDir } from './winrm-helpers.ts';
import type { TestCert } from './winrm-helpers.ts';

const BLOCK = 77;
const PASSWORD = 'Passw0rd!alice';

describe('Kerberos against a simulated domain (real MIT KDC)', () => {
  let kdc: Kdc;
  let site: SimSite;
  let cert: TestCert;
  let domain: SimDomainOptions;
  const saved = { KRB5_CONFIG: process.env.KRB5_CONFIG, KRB5CCNAME: process.env.KRB5CCNAME };

  beforeAll(async () => {
    kdc = await startKdc({
      address: loopbackAddress(BLOCK, 250),
      principals: [
        { name: 'alice', password: PASSWORD },
        { name: 'HTTP/win01.winbook.test', keytab: true },
        { name: 'HTTP/win02.winbook.test', keytab: true },
      ],
    });
    process.env.KRB5_CONFIG = kdc.krb5Conf;
    const dir = await tempDir();
    cert = await makeCert(dir, [loopbackAddress(BLOCK, 2)]);
    domain = {
      netbios: 'WINBOOK',
      dns: 'winbook.test',
      accounts: [{ name: 'alice', password: PASSWORD, groups: ['Domain Admins'] }, { name: 'qliksvc', password: 'Qlik-Svc-1' }],
      // win03 is a member without an HTTP SPN (no keytab): Kerberos cannot reach it, NTLM can.
      keytab: (h) => (h === 'win03' ? undefined : kdc.keytab(`HTTP/${h}.winbook.test`)),
    };
    site = await startSimSite({ hosts: 3, baseAddress: loopbackBlock(BLOCK), domain, perHost: { win02: { https: cert, cbtHardeningLevel: 'strict' } } });
  });
  afterAll(async () => {
    await site?.close();
    await kdc?.stop();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  const transport = (i: number, vars: Record<string, unknown> = {}) =>
    siteTransport(site, i, {
      ansible_user: 'alice@WINBOOK.TEST', ansible_password: PASSWORD,
      ansible_winrm_transport: 'kerberos', ansible_winrm_kerberos_hostname_override: `${site.hosts[i - 1]!.name}.winbook.test`,
      ...vars,
    }, { cert });
  const whoami = (t: WinrmTransport) => execOnce(t, 'whoami');
  const failure = openFailure;

  it('runs commands over HTTP with Kerberos message encryption, as the domain account', async () => {
    expect((await whoami(transport(1))).toLowerCase()).toBe('winbook\\alice');
    expect(site.hosts[0]!.listener.actions.command).toBeGreaterThan(0);
  });

  it('connects with ansible_winrm_kerberos_delegation: true (a forwardable TGT from the KDC; forwarding itself is proved against MIT in the Kerberos core tests)', async () => {
    expect((await whoami(transport(1, { ansible_winrm_kerberos_delegation: true }))).toLowerCase()).toBe('winbook\\alice');
  });

  it('runs commands over HTTPS with the Kerberos channel binding at CbtHardeningLevel Strict', async () => {
    expect((await whoami(transport(2))).toLowerCase()).toBe('winbook\\alice');
  });

  it('is refused at Strict when channel binding is turned off (ansible_winrm_send_cbt: false)', async () => {
    const e = await failure(transport(2, { ansible_winrm_send_cbt: false }));
    expect(e.code).toBe('WINRM_AUTH_FAILED');
    expect(e.message).toContain('refused the Kerberos logon without a reason');
  });

  it('still lets the local Administrator in with NTLM on a domain member', async () => {
    const t = transport(1, { ansible_winrm_transport: 'ntlm', ansible_user: site.adminUser, ansible_password: site.adminPassword });
    expect((await whoami(t)).toLowerCase()).toBe('win01\\administrator');
  });

  it("uses the ticket cache of the user's own kinit when no password is given (KRB5CCNAME)", async () => {
    const cc = await kdc.kinit('alice', PASSWORD);
    process.env.KRB5CCNAME = `FILE:${cc}`;
    try {
      expect((await whoami(transport(1, { ansible_password: undefined, ansible_user: undefined }))).toLowerCase()).toBe('winbook\\alice');
    } finally {
      delete process.env.KRB5CCNAME;
    }
  });

  it('says the password is wrong in Kerberos words, with the KDC code', async () => {
    const e = await failure(transport(1, { ansible_password: 'wrong' }));
    expect(e.code).toBe('WINRM_KERBEROS_FAILED');
    expect(e.message).toContain('KDC_ERR_PREAUTH_FAILED');
  });

  it('names the missing SPN when the host has none registered', async () => {
    const e = await failure(transport(3));
    expect(e.code).toBe('WINRM_KERBEROS_FAILED');
    expect(e.message).toContain('KDC_ERR_S_PRINCIPAL_UNKNOWN');
    expect(e.message).toContain('HTTP/win03.winbook.test');
  });

  it('falls back to NTLM (offered in SPNEGO) when the list says [kerberos, ntlm]', async () => {
    expect((await whoami(transport(3, { ansible_winrm_transport: ['kerberos', 'ntlm'], ansible_user: 'WINBOOK\\alice' }))).toLowerCase()).toBe('winbook\\alice');
  });

  it('asks the KDC once per run for the TGT and once per SPN for a service ticket, however many connections', async () => {
    // Each host opens two connections (Receive long-polls on one); before tickets were shared per run, each of the
    // four connections made its own AS exchange (two requests: pre-authentication) and TGS exchange.
    const requests = async () => {
      const log = await kdc.log();
      return {
        as: (log.match(/AS_REQ .*alice@WINBOOK\.TEST for krbtgt/g) ?? []).length,
        tgs: Object.fromEntries(['win01', 'win02'].map((h) => [h, (log.match(new RegExp(`TGS_REQ .*ISSUE.*alice@WINBOOK\\.TEST for HTTP/${h}\\.winbook\\.test`, 'g')) ?? []).length])),
      };
    };
    const dir = await tempDir();
    const hosts = Object.fromEntries(site.hosts.slice(0, 2).map((h) => [h.name, {
      ansible_host: h.address, ansible_port: h.listener.port, ansible_winrm_kerberos_hostname_override: `${h.name}.winbook.test`,
      ...(h.listener.url.startsWith('https') ? { ansible_winrm_scheme: 'https', ansible_winrm_ca_trust_path: cert.caPath } : {}),
    }]));
    const vars = { ansible_user: 'alice@WINBOOK.TEST', ansible_password: PASSWORD, ansible_winrm_transport: 'kerberos' };
    // Kerberos logons the hosts accepted: the listener looks up its keytab once per logon.
    let logons = 0;
    const keytab = domain.keytab;
    domain.keytab = (h) => (logons++, keytab?.(h));
    const before = await requests();
    let after: Awaited<ReturnType<typeof requests>>;
    try {
      // The agent's Send and its Receive long-poll go on the host's two connections: two logons per host.
      const r = await runTask(dir, hosts, { name: 'both connections', 'ansible.windows.win_ping': {} }, vars);
      expect(Object.values(r.byHost).map((o) => o.status)).toEqual(['ok', 'ok']);
      after = await requests();
    } finally {
      domain.keytab = keytab;
    }
    expect(after.as - before.as).toBe(2); // KDC_ERR_PREAUTH_REQUIRED, then the TGT: one exchange for the run
    expect({ win01: after.tgs.win01! - before.tgs.win01!, win02: after.tgs.win02! - before.tgs.win02! }).toEqual({ win01: 1, win02: 1 });
    expect(logons).toBe(4);

    // The cache lives for one run: the next run logs on again.
    await runTask(dir, hosts, { name: 'again', 'ansible.windows.win_ping': {} }, vars);
    expect((await requests()).as - after.as).toBe(2);
  });

  it("reports the host's KRB_AP_ERR_SKEW when the clocks differ by more than five minutes", async () => {
    domain.clockSkewMs = 10 * 60_000;
    try {
      const e = await failure(transport(1));
      expect(e.code).toBe('WINRM_KERBEROS_FAILED');
      expect(e.message).toContain('KRB_AP_ERR_SKEW');
      expect(e.hint).toContain('clocks');
    } finally {
      domain.clockSkewMs = 0;
    }
  });
});
