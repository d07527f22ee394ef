/**
 * Interop: pywinrm (Debian python3-winrm) against the simulator over HTTP + NTLM and HTTPS + Basic. Debian's pywinrm computes MD4
 * through OpenSSL, which refuses it unless the legacy provider is on; that config is given to the Python process
 * only (testing-notes.md) — winbook's own MD4 is what the other tests exercise.
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimSite } from '../../src/sim/site.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { loopbackAddress, loopbackBlock } from '../helpers/addresses.ts';
import { makeCert } from '../integration/winrm-helpers.ts';
import { PYTHON, hasPywinrm, writeOpensslLegacyConf } from '../helpers/pywinrm.ts';

const run = promisify(execFile);
const script = new URL('./pywinrm_client.py', import.meta.url).pathname;
const quotaScript = new URL('./pywinrm_quota.py', import.meta.url).pathname;


// In CI pywinrm must be there (.ci/run installs python3-winrm); elsewhere the suite says why it skipped.
const available = hasPywinrm;
if (!available && process.env.CI) throw new Error('pywinrm (python3-winrm) is required in CI');

describe.skipIf(!available)('pywinrm against the simulator', () => {
  let site: SimSite;
  let conf: string;
  let endpoint: string;

  beforeAll(async () => {
    site = await startSimSite({ hosts: 1, baseAddress: loopbackBlock(40) });
    const dir = await mkdtemp(join(tmpdir(), 'winbook-pywinrm-'));
    conf = await writeOpensslLegacyConf(dir);
    endpoint = `http://${site.hosts[0]!.address}:5985/wsman`;
  });
  afterAll(async () => {
    await site?.close();
  });

  async function pywinrm(encryption: 'always' | 'never', ...command: string[]): Promise<Record<string, unknown>> {
    const { stdout } = await run(PYTHON, [script, endpoint, site.adminUser, site.adminPassword, encryption, ...command], {
      env: { ...process.env, OPENSSL_CONF: conf },
      timeout: 30_000,
    });
    return JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, unknown>;
  }

  it('runs hostname with encryption and gets the host name', async () => {
    const r = await pywinrm('always', 'hostname');
    expect(r).toEqual({ rc: 0, stdout: 'WIN01\r\n', stderr: '' });
  });

  it('gets exit code 3 from cmd /c exit 3', async () => {
    const r = await pywinrm('always', 'cmd', '/c', 'exit 3');
    expect(r.rc).toBe(3);
  });

  it('gets Windows\' message and exit code 1 for an unknown command', async () => {
    const r = await pywinrm('always', 'frobnicate');
    expect(r.rc).toBe(1);
    expect(r.stderr).toBe("'frobnicate' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n");
  });

  it('is refused without message encryption, as Windows refuses it', async () => {
    const r = await pywinrm('never', 'hostname');
    expect(r.type).toBe('InvalidCredentialsError');
    expect(String(r.error)).toContain('credentials were rejected');
  });

  it('is refused with a wrong password', async () => {
    const { stdout } = await run(PYTHON, [script, endpoint, site.adminUser, 'wrong-password', 'always', 'hostname'], { env: { ...process.env, OPENSSL_CONF: conf } });
    const r = JSON.parse(stdout.trim()) as Record<string, unknown>;
    expect(r.type).toBe('InvalidCredentialsError');
  });
});

describe.skipIf(!available)('pywinrm against the simulator over HTTPS with Basic', () => {
  let site: SimSite;
  let ca: string;
  const address = loopbackAddress(74, 1);

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'winbook-pywinrm-tls-'));
    const cert = await makeCert(dir, [address]);
    ca = cert.caPath;
    site = await startSimSite({ hosts: 1, baseAddress: loopbackBlock(74), listener: { https: cert, basic: true } });
  });
  afterAll(async () => {
    await site?.close();
  });

  async function pywinrmSsl(password: string, caPath: string, ...command: string[]): Promise<Record<string, unknown>> {
    const endpoint = `https://${address}:5986/wsman`;
    const { stdout } = await run(PYTHON, [script, endpoint, site.adminUser, password, 'auto', ...command], {
      env: { ...process.env, PYWINRM_TRANSPORT: 'ssl', PYWINRM_CA: caPath },
      timeout: 30_000,
    });
    return JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, unknown>;
  }

  it('runs hostname over HTTPS with Basic, validating the simulator\'s certificate', async () => {
    expect(await pywinrmSsl(site.adminPassword, ca, 'hostname')).toEqual({ rc: 0, stdout: 'WIN01\r\n', stderr: '' });
  });

  it('is refused with a wrong password over Basic', async () => {
    expect((await pywinrmSsl('wrong-password', ca, 'hostname')).type).toBe('InvalidCredentialsError');
  });
});

describe.skipIf(!available)('pywinrm against a host\'s operations quota', () => {

  it('gets the fault Windows gives pywinrm past MaxConcurrentOperationsPerUser, though it signals terminate after each', async () => {
    // A second host allows 3 operations: pywinrm's 4th Command in one shell is refused, as on Windows, where a
    // cmd shell's Signal terminate does not give the operation back ([MS-WSMV] note <118>).
    const dir = await mkdtemp(join(tmpdir(), 'winbook-pywinrm-'));
    const conf = await writeOpensslLegacyConf(dir);
    const quota = await startSimSite({ hosts: 1, baseAddress: loopbackBlock(81), listener: { maxConcurrentOperationsPerUser: 3 } });
    try {
      const reference = new URL('../fixtures/winrm-faults/max-operations.xml', import.meta.url).pathname;
      const at = `http://${quota.hosts[0]!.address}:5985/wsman`;
      const { stdout } = await run(PYTHON, [quotaScript, at, quota.adminUser, quota.adminPassword, '10', reference], {
        env: { ...process.env, OPENSSL_CONF: conf },
        timeout: 60_000,
      });
      const r = JSON.parse(stdout.trim().split('\n').pop() as string) as { ran: number; simulated: { type: string; message: string }; windows: { type: string; message: string } };
      expect(r.ran).toBe(3);
      // The same exception and text pywinrm raises for Windows' reply (only the quota's number is not in it: pywinrm
      // reports s:Reason, the code's own text, and the fault code and subcode).
      expect(r.simulated).toEqual(r.windows);
      expect(r.simulated.message).toContain('The maximum number of concurrent operations for this user has been exceeded.');
      expect(r.simulated.message).toContain("'fault_subcode': 'w:QuotaLimit'");
    } finally {
      await quota.close();
    }
  });
});
