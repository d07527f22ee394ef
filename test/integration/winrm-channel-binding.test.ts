/**
 * Issue 17: channel binding on HTTPS (RFC 5929 tls-server-end-point in NTLM's MsvAvChannelBindings) against hosts at
 * CbtHardeningLevel Strict, Relaxed and None, checked with winbook's client and with pywinrm (requests-ntlm computes
 * the binding independently); and NTLM inside SPNEGO, as pypsrp and Windows clients send it, over HTTP with message
 * encryption.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../src/errors.ts';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { WinrmHttpChannel } from '../../src/transport/winrm/http/connection.ts';
import { loopbackAddress, loopbackBlock } from '../helpers/addresses.ts';
import { execOnce, makeCert, siteTransport, tempDir } from './winrm-helpers.ts';
import type { TestCert } from './winrm-helpers.ts';
import { PYTHON, hasPywinrm, writeOpensslLegacyConf } from '../helpers/pywinrm.ts';

const BLOCK = 76;
const run = promisify(execFile);
const pywinrmScript = new URL('../interop/pywinrm_client.py', import.meta.url).pathname;

describe('channel binding (CbtHardeningLevel) and SPNEGO-wrapped NTLM', () => {
  let site: SimSite;
  let cert: TestCert;
  let dir: string;
  let opensslConf: string;
  // win01 Strict, win02 Relaxed (Windows' default), win03 None: all HTTPS. win04: HTTP, Windows' defaults.
  const addresses = [1, 2, 3].map((i) => loopbackAddress(BLOCK, i));

  beforeAll(async () => {
    dir = await tempDir();
    cert = await makeCert(dir, addresses);
    opensslConf = await writeOpensslLegacyConf(dir);
    site = await startSimSite({
      hosts: 4,
      baseAddress: loopbackBlock(BLOCK),
      perHost: {
        win01: { https: cert, cbtHardeningLevel: 'strict' },
        win02: { https: cert, cbtHardeningLevel: 'relaxed' },
        win03: { https: cert, cbtHardeningLevel: 'none' },
      },
    });
  });
  afterAll(async () => {
    await site?.close();
  });

  const winbookHostname = (i: number) => execOnce(siteTransport(site, i, { ansible_user: site.adminUser, ansible_password: site.adminPassword }, { cert }), 'hostname');

  async function pywinrm(i: number, sendCbt: boolean): Promise<Record<string, unknown>> {
    const h = site.hosts[i - 1]!;
    const { stdout } = await run(PYTHON, [pywinrmScript, h.listener.url, site.adminUser, site.adminPassword, 'auto', 'hostname'], {
      env: { ...process.env, OPENSSL_CONF: opensslConf, PYWINRM_CA: cert.caPath, PYWINRM_SEND_CBT: sendCbt ? '1' : '0' },
      timeout: 30_000,
    });
    return JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, unknown>;
  }

  it('winbook binds NTLM to the certificate: a Strict host accepts it', async () => {
    expect(await winbookHostname(1)).toBe('WIN01');
    expect(await winbookHostname(2)).toBe('WIN02');
  });

  describe.skipIf(!hasPywinrm)('pywinrm (requests-ntlm computes the binding itself)', () => {
    it('with its channel binding is accepted at Strict, Relaxed and None', async () => {
      for (const i of [1, 2, 3]) expect(await pywinrm(i, true)).toEqual({ rc: 0, stdout: `WIN0${i}\r\n`, stderr: '' });
    });

    it('without channel binding is refused at Strict with 401, as Windows refuses it, and accepted at Relaxed', async () => {
      expect(await pywinrm(1, false)).toMatchObject({ type: 'InvalidCredentialsError' });
      expect(await pywinrm(2, false)).toMatchObject({ rc: 0 });
      expect(await pywinrm(3, false)).toMatchObject({ rc: 0 });
    });
  });

  function channel(i: number, auth: 'spnego-ntlm' | 'ntlm', password = site.adminPassword): WinrmHttpChannel {
    const h = site.hosts[i - 1]!;
    return new WinrmHttpChannel({
      host: h.name, address: h.address, port: h.listener.port, scheme: 'http', auth,
      username: site.adminUser, password, encryption: true, readTimeoutMs: 10_000,
    });
  }

  const IDENTIFY = '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd"><s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>';

  it('accepts NTLM inside SPNEGO (pypsrp, Windows clients) and seals the session, mechListMICs exchanged', async () => {
    const c = channel(4, 'spnego-ntlm');
    try {
      for (let n = 0; n < 3; n++) {
        const reply = await c.post(IDENTIFY, { operation: 'identifying', idempotent: true });
        expect(reply.sealed).toBe(true);
        expect(reply.body).toContain('IdentifyResponse');
      }
      // One logon on one connection: NegTokenInit and NegTokenResp(AUTHENTICATE + mechListMIC), then three sealed requests.
      expect(c.requests).toBe(5);
    } finally {
      await c.close();
    }
  });

  it('refuses SPNEGO-wrapped NTLM with a wrong password with WINRM_AUTH_FAILED', async () => {
    const c = channel(4, 'spnego-ntlm', 'wrong');
    const e = await c.post(IDENTIFY, { operation: 'identifying' }).then(() => undefined, (x: unknown) => x);
    await c.close();
    expect(e).toBeInstanceOf(AuthenticationError);
    expect((e as AuthenticationError).code).toBe('WINRM_AUTH_FAILED');
  });
});
