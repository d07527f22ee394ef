/**
 * Interop, issue 17: pywinrm with Kerberos and message encryption (Debian's python3-winrm, python3-requests-kerberos,
 * python3-kerberos) against a simulated domain member whose keytab comes from a real MIT KDC, with a ticket from
 * MIT's kinit. pywinrm sends the raw krb5 token under `Negotiate` (not SPNEGO), preemptively, requires the AP-REP
 * (mutual authentication) and seals with MIT's gss_wrap_iov: every part of the simulator's acceptor and sealing is
 * checked against MIT's, not winbook's.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { loopbackAddress, loopbackBlock } from '../helpers/addresses.ts';
import { startKdc, type Kdc } from '../helpers/kdc.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const script = new URL('./pywinrm_client.py', import.meta.url).pathname;
const BLOCK = 78;
const available = existsSync(PYTHON) && existsSync('/usr/lib/python3/dist-packages/requests_kerberos/__init__.py') && existsSync('/usr/sbin/krb5kdc');
if (!available && process.env.CI) throw new Error('pywinrm with requests-kerberos and krb5-kdc are required in CI');

describe.skipIf(!available)('pywinrm with Kerberos against a simulated domain member', () => {
  let kdc: Kdc;
  let site: SimSite;
  let ccache: string;

  beforeAll(async () => {
    kdc = await startKdc({
      address: loopbackAddress(BLOCK, 250),
      principals: [{ name: 'alice', password: 'Passw0rd!alice' }, { name: 'bob', password: 'Passw0rd!bob' }, { name: 'HTTP/win01.winbook.test', keytab: true }],
    });
    site = await startSimSite({
      hosts: 1,
      baseAddress: loopbackBlock(BLOCK),
      domain: {
        netbios: 'WINBOOK', dns: 'winbook.test',
        // bob is a domain user, but not in a group that the host's Administrators holds.
        accounts: [{ name: 'alice', password: 'Passw0rd!alice', groups: ['Domain Admins'] }, { name: 'bob', password: 'Passw0rd!bob' }],
        keytab: (h) => kdc.keytab(`HTTP/${h}.winbook.test`),
      },
    });
    ccache = await kdc.kinit('alice', 'Passw0rd!alice');
  });
  afterAll(async () => {
    await site?.close();
    await kdc?.stop();
  });

  async function pywinrm(cc: string, principal: string, encryption: 'always' | 'auto', ...command: string[]): Promise<Record<string, unknown>> {
    const { stdout } = await run(PYTHON, [script, site.hosts[0]!.listener.url, principal, '', encryption, ...command], {
      env: { ...process.env, ...kdc.env, KRB5CCNAME: `FILE:${cc}`, PYWINRM_TRANSPORT: 'kerberos', PYWINRM_HOSTNAME_OVERRIDE: 'win01.winbook.test' },
      timeout: 30_000,
    });
    return JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, unknown>;
  }

  it('runs whoami with Kerberos message encryption and is seen as the domain account', async () => {
    expect(await pywinrm(ccache, 'alice@WINBOOK.TEST', 'always', 'whoami')).toEqual({ rc: 0, stdout: 'winbook\\alice\r\n', stderr: '' });
    expect(site.hosts[0]!.listener.actions.command).toBeGreaterThan(0);
  });

  it("gets Windows' exit codes and stderr through sealed replies", async () => {
    expect(await pywinrm(ccache, 'alice@WINBOOK.TEST', 'auto', 'cmd', '/c', 'exit 7')).toMatchObject({ rc: 7 });
    expect(await pywinrm(ccache, 'alice@WINBOOK.TEST', 'auto', 'frobnicate')).toEqual({
      rc: 1, stdout: '', stderr: "'frobnicate' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n",
    });
  });

  it('refuses a domain user who is not an administrator of the host with 401', async () => {
    const bob = await kdc.kinit('bob', 'Passw0rd!bob');
    expect(await pywinrm(bob, 'bob@WINBOOK.TEST', 'always', 'whoami')).toMatchObject({ type: 'InvalidCredentialsError' });
  });
});
