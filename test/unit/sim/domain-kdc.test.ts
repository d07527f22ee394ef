/**
 * `winbook sim up --domain` refuses before any host starts where MIT's KDC is not installed, saying what to
 * install, and `--cbt` is refused without `--https` (bad options, exit 5). The KDC itself is exercised by
 * test/e2e/domain-kerberos.test.ts and the Kerberos interop tests.
 */
import { describe, expect, it } from 'vitest';
import { SimKdcError, checkKdcTools } from '../../../src/sim/domain/kdc.ts';
import { runCli } from '../../helpers/cli.ts';

describe('sim up --domain without MIT Kerberos', () => {
  it('names the missing programs and the packages to install', () => {
    let err: unknown;
    try {
      checkKdcTools(['/nonexistent']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SimKdcError);
    const e = err as SimKdcError;
    expect(e.code).toBe('KDC_MISSING');
    expect(e.message).toContain('krb5kdc, kdb5_util, kadmin.local are not installed');
    expect(e.hint).toContain('sudo apt-get install krb5-kdc krb5-admin-server');
    // Exit 1, as for the simulator's other set-up error (PWSH_MISSING).
    expect(e.exitCode).toBe(1);
  });

  it('refuses --cbt without --https and an unknown level (exit 5)', async () => {
    const noHttps = await runCli(['sim', 'up', '--cbt', 'strict', '--state-dir', '/nonexistent/never-written']);
    expect(noHttps.code).toBe(5);
    expect(noHttps.stderr).toContain('--cbt applies to HTTPS listeners only');
    const bad = await runCli(['sim', 'up', '--https', '--cbt', 'loose', '--state-dir', '/nonexistent/never-written']);
    expect(bad.code).toBe(5);
    expect(bad.stderr).toContain('--cbt loose: not a CbtHardeningLevel');
  });
});
