/**
 * Issue 3 items 1–2: HTTPS (5986) with NTLM and Basic against simulated hosts serving a certificate made here,
 * certificate validation on by default, `ignore` warning once per host, TLS spoken to the wrong port, and the
 * encryption policy (auto|always|never, Basic over HTTP refused unless explicitly allowed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, ConnectionError } from '../../src/errors.ts';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import type { WinrmTransport } from '../../src/transport/winrm/index.ts';
import { loopbackAddress, loopbackBlock } from '../helpers/addresses.ts';
import { execOnce, makeCert, openFailure, runTask, siteTransport, tempDir } from './winrm-helpers.ts';
import type { TestCert } from './winrm-helpers.ts';

const BLOCK = 71;

describe('WinRM over HTTPS and the encryption policy', () => {
  let site: SimSite;
  let cert: TestCert;
  let dir: string;
  // win01: HTTPS, NTLM only (Windows' default). win02: HTTPS with Basic on. win03: HTTP, Basic on, AllowUnencrypted.
  // win04: HTTP, Windows' defaults.
  const https1 = loopbackAddress(BLOCK, 1);
  const https2 = loopbackAddress(BLOCK, 2);

  beforeAll(async () => {
    dir = await tempDir();
    cert = await makeCert(dir, [https1, https2]);
    site = await startSimSite({
      hosts: 4,
      baseAddress: loopbackBlock(BLOCK),
      perHost: {
        win01: { https: cert },
        win02: { https: cert, basic: true },
        win03: { basic: true, allowUnencrypted: true },
      },
    });
  });
  afterAll(async () => {
    await site?.close();
  });

  // The scheme and CA are what each test says: these tests are about them.
  const transport = (i: number, vars: Record<string, unknown>, warnings: string[] = []) =>
    siteTransport(site, i, { ansible_winrm_scheme: undefined, ansible_user: site.adminUser, ansible_password: site.adminPassword, ...vars }, { warnings });
  const hostname = (t: WinrmTransport) => execOnce(t, 'hostname');
  const failure = openFailure;

  it('listens on 5986 and says https in the site inventory', () => {
    expect(site.hosts[0]!.listener.url).toBe(`https://${https1}:5986/wsman`);
    expect(site.inventory()).toContain('ansible_winrm_scheme: https');
  });

  it('runs commands with NTLM over HTTPS, validating the certificate against ansible_winrm_ca_trust_path', async () => {
    expect(await hostname(transport(1, { ansible_winrm_scheme: 'https', ansible_winrm_ca_trust_path: cert.caPath }))).toBe('WIN01');
  });

  it('seals NTLM messages inside TLS as well when message encryption is always', async () => {
    expect(await hostname(transport(1, { ansible_winrm_scheme: 'https', ansible_winrm_ca_trust_path: cert.caPath, ansible_winrm_message_encryption: 'always' }))).toBe('WIN01');
  });

  it('runs commands with Basic over HTTPS on a host with Basic enabled', async () => {
    expect(await hostname(transport(2, { ansible_winrm_scheme: 'https', ansible_winrm_transport: 'basic', ansible_winrm_ca_trust_path: cert.caPath }))).toBe('WIN02');
  });

  it('reports Basic refused by a host with Basic off as an authentication failure explaining Service/Auth/Basic', async () => {
    const e = await failure(transport(1, { ansible_winrm_scheme: 'https', ansible_winrm_transport: 'basic', ansible_winrm_ca_trust_path: cert.caPath }));
    expect(e).toBeInstanceOf(AuthenticationError);
    expect(e.hint).toContain('Service/Auth/Basic=true');
  });

  it('refuses a certificate nobody vouches for, naming the fix', async () => {
    const e = await failure(transport(1, { ansible_winrm_scheme: 'https' }));
    expect(e).toBeInstanceOf(ConnectionError);
    expect(e.code).toBe('WINRM_CERT_UNTRUSTED');
    expect(e.message).toContain('win01');
    expect(e.message).toContain('while creating the shell');
    expect(e.hint).toContain('ansible_winrm_ca_trust_path');
  });

  it('refuses a certificate that does not name the address connected to', async () => {
    // Same listener reached through another loopback alias is not possible; a certificate for win02 only is.
    const other = await makeCert(await tempDir(), [https2]);
    const e = await failure(transport(1, { ansible_winrm_scheme: 'https', ansible_winrm_ca_trust_path: other.caPath }));
    expect(e.code).toBe('WINRM_CERT_UNTRUSTED');
  });

  it('reports HTTPS to the HTTP port and HTTP to the HTTPS port as a TLS mismatch', async () => {
    const toHttp = await failure(transport(4, { ansible_port: 5985, ansible_winrm_scheme: 'https' }));
    expect(toHttp).toMatchObject({ code: 'WINRM_TLS_MISMATCH', host: 'win04' });
    expect(toHttp.hint).toContain('ansible_winrm_scheme: http');
    const toHttps = await failure(transport(1, { ansible_port: 5986, ansible_winrm_scheme: 'http' }));
    expect(toHttps).toMatchObject({ code: 'WINRM_TLS_MISMATCH', host: 'win01' });
    expect(toHttps.hint).toContain('ansible_winrm_scheme: https');
  });

  it('refuses Basic over plain HTTP unless explicitly allowed, explaining AllowUnencrypted', async () => {
    const e = await failure(transport(3, { ansible_winrm_transport: 'basic' }));
    expect(e.code).toBe('WINRM_BASIC_OVER_HTTP');
    expect(e.hint).toContain('AllowUnencrypted=true');
    expect(site.hosts[2]!.listener.requests).toBe(0);
    const warnings: string[] = [];
    expect(await hostname(transport(3, { ansible_winrm_transport: 'basic', ansible_winrm_message_encryption: 'never' }, warnings))).toBe('WIN03');
    expect(warnings).toEqual([expect.stringContaining('unencrypted')]);
  });

  it('explains the refusal of unencrypted messages by a host with AllowUnencrypted=false', async () => {
    const e = await failure(transport(4, { ansible_winrm_message_encryption: 'never' }));
    expect(e).toBeInstanceOf(ConnectionError);
    expect(e.code).toBe('WINRM_UNENCRYPTED_REFUSED');
    expect(e.hint).toContain('AllowUnencrypted=false');
  });

  it('cannot promise encryption with Basic', async () => {
    const e = await failure(transport(2, { ansible_winrm_scheme: 'https', ansible_winrm_transport: 'basic', ansible_winrm_message_encryption: 'always' }));
    expect(e.code).toBe('WINRM_ENCRYPTION_UNAVAILABLE');
  });

  it('through the engine: untrusted and mismatched hosts are unreachable, ignore works and warns once per host', async () => {
    const h = (i: number, vars: Record<string, unknown>) => ({ ansible_host: site.hosts[i - 1]!.address, ansible_user: site.adminUser, ansible_password: site.adminPassword, ...vars });
    const { byHost, warnings, summary } = await runTask(await tempDir(), {
      untrusted: h(1, { ansible_port: 5986, ansible_winrm_scheme: 'https' }),
      ignored: h(1, { ansible_port: 5986, ansible_winrm_scheme: 'https', ansible_winrm_server_cert_validation: 'ignore' }),
      mismatch: h(4, { ansible_port: 5985, ansible_winrm_scheme: 'https' }),
      basic_http: h(3, { ansible_winrm_transport: 'basic' }),
    }, { name: 'hostname', raw: 'hostname' });
    expect(byHost.untrusted).toMatchObject({ status: 'unreachable', msg: expect.stringContaining('is not trusted') });
    expect(byHost.mismatch).toMatchObject({ status: 'unreachable', msg: expect.stringContaining('does not speak TLS') });
    expect(byHost.basic_http).toMatchObject({ status: 'unreachable', msg: expect.stringContaining('AllowUnencrypted') });
    expect(byHost.ignored?.status).toBe('changed'); // raw always reports changed, as in Ansible
    expect(warnings.filter((w) => w.host === 'ignored')).toEqual([{ host: 'ignored', message: expect.stringContaining('ansible_winrm_server_cert_validation: ignore') }]);
    expect(summary.exitCode).toBe(4);
  });
});
