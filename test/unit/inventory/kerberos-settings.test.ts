import { describe, it, expect } from 'vitest';
import { connectionSettings } from '../../../src/inventory/index.ts';
import { WinbookError } from '../../../src/errors.ts';

const creds = { ansible_user: 'alice@WINBOOK.TEST', ansible_password: 'Passw0rd!' };

function errorOf(f: () => unknown): WinbookError {
  try {
    f();
  } catch (e) {
    if (e instanceof WinbookError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('ansible_winrm_transport: kerberos and the ansible_winrm_kerberos_* variables', () => {
  it('reads kerberos with Ansible and pywinrm defaults: managed kinit from the password, SPN HTTP/<host>, no delegation, CBT on', () => {
    const s = connectionSettings('w', { ...creds, ansible_winrm_transport: 'kerberos' });
    expect(s).toMatchObject({ winrmTransport: 'kerberos', sendCbt: true, kerberos: { mode: 'managed', service: 'HTTP', delegate: false } });
    expect(s.ntlmFallback).toBeUndefined();
  });

  it('uses the ticket cache (manual mode) when no password is given, as Ansible does; no ansible_user needed', () => {
    const s = connectionSettings('w', { ansible_winrm_transport: ['kerberos'] });
    expect(s).toMatchObject({ winrmTransport: 'kerberos', user: '', password: '', kerberos: { mode: 'manual' } });
    expect(errorOf(() => connectionSettings('w', { ansible_winrm_transport: 'kerberos', ansible_winrm_kinit_mode: 'managed' })).code).toBe('CONNECTION_NO_CREDENTIALS');
  });

  it('falls back to NTLM only when the list says ntlm after kerberos', () => {
    expect(connectionSettings('w', { ...creds, ansible_winrm_transport: 'kerberos,ntlm' })).toMatchObject({ winrmTransport: 'kerberos', ntlmFallback: true });
    const e = errorOf(() => connectionSettings('w', { ...creds, ansible_winrm_transport: ['kerberos', 'ssl'] }));
    expect(e.code).toBe('CONNECTION_UNSUPPORTED');
    expect(e.message).toContain('falls back from kerberos to ssl');
  });

  it('refuses negotiate, which pywinrm (and so Ansible) has not, pointing at [kerberos, ntlm]', () => {
    const e = errorOf(() => connectionSettings('w', { ...creds, ansible_winrm_transport: 'negotiate' }));
    expect(e.code).toBe('CONNECTION_UNSUPPORTED');
    expect(e.hint).toContain('[kerberos, ntlm]');
  });

  it('honours the SPN host override and service, send_cbt, delegation and kinit -f', () => {
    const s = connectionSettings('w', {
      ...creds, ansible_winrm_transport: 'kerberos', ansible_winrm_kerberos_delegation: 'yes', ansible_winrm_kinit_args: '-f',
      ansible_winrm_kerberos_hostname_override: 'central01.winbook.test', ansible_winrm_service: 'WSMAN', ansible_winrm_send_cbt: false,
    });
    expect(s).toMatchObject({ sendCbt: false, kerberos: { service: 'WSMAN', hostnameOverride: 'central01.winbook.test', delegate: true } });
  });

  it('refuses what an in-process Kerberos cannot honour, naming the variable', () => {
    for (const [name, value] of [['ansible_winrm_kinit_cmd', '/opt/bin/kinit'], ['ansible_winrm_kinit_args', '-f -l 1h'], ['ansible_winrm_keytab', '/etc/krb5.keytab']] as const) {
      const e = errorOf(() => connectionSettings('w', { ...creds, ansible_winrm_transport: 'kerberos', [name]: value }));
      expect(e.code).toBe('CONNECTION_UNSUPPORTED');
      expect(e.message).toContain(name);
    }
    expect(errorOf(() => connectionSettings('w', { ...creds, ansible_winrm_transport: 'kerberos', ansible_winrm_kinit_mode: 'auto' })).code).toBe('CONNECTION_INVALID');
  });
});
