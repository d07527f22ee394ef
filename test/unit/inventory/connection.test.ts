import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { connectionSettings, hostVars, loadInventory } from '../../../src/inventory/index.ts';
import { fixturePaths } from './fixture-cases.ts';

const creds = { ansible_user: 'Administrator', ansible_password: 'pw' };

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('connectionSettings', () => {
  it('defaults to WinRM over http on 5985 with NTLM, validation on, auto encryption, 20/30 s timeouts', () => {
    expect(connectionSettings('win01', creds)).toEqual({
      host: 'win01', address: 'win01', port: 5985, user: 'Administrator', password: 'pw', connection: 'winrm',
      winrmTransport: 'ntlm', scheme: 'http', serverCertValidation: 'validate', messageEncryption: 'auto',
      operationTimeoutSec: 20, readTimeoutSec: 30, shellType: 'powershell', sendCbt: true,
    });
  });

  it('derives the scheme from the port and the port from the scheme, as Ansible', () => {
    expect(connectionSettings('w', { ...creds, ansible_port: 5986 })).toMatchObject({ port: 5986, scheme: 'https' });
    expect(connectionSettings('w', { ...creds, ansible_port: '5985' })).toMatchObject({ port: 5985, scheme: 'http' });
    expect(connectionSettings('w', { ...creds, ansible_port: 8443 })).toMatchObject({ scheme: 'https' });
    expect(connectionSettings('w', { ...creds, ansible_winrm_scheme: 'https' })).toMatchObject({ port: 5986, scheme: 'https' });
    expect(connectionSettings('w', { ...creds, ansible_port: 5986, ansible_winrm_scheme: 'http' })).toMatchObject({ port: 5986, scheme: 'http' });
  });

  it('reads the address, the aliases and string values from INI inventories', () => {
    const s = connectionSettings('w', {
      ansible_host: '10.0.0.1', ansible_winrm_user: 'svc', ansible_user: 'ignored', ansible_winrm_password: 'p2',
      ansible_winrm_server_cert_validation: 'ignore', ansible_winrm_ca_trust_path: '/etc/ca.pem',
      ansible_winrm_message_encryption: 'always', ansible_winrm_operation_timeout_sec: '60', ansible_winrm_read_timeout_sec: 70,
      ansible_winrm_transport: ['basic'], ansible_shell_type: 'cmd',
    });
    expect(s).toMatchObject({
      address: '10.0.0.1', user: 'svc', password: 'p2', serverCertValidation: 'ignore', caTrustPath: '/etc/ca.pem',
      messageEncryption: 'always', operationTimeoutSec: 60, readTimeoutSec: 70, winrmTransport: 'basic', shellType: 'cmd',
    });
    expect(connectionSettings('w', { ...creds, ansible_winrm_transport: 'ntlm,kerberos' }).winrmTransport).toBe('ntlm');
    expect(connectionSettings('w', { ...creds, ansible_connection: 'ssh' })).toMatchObject({ connection: 'ssh', port: 22 });
  });

  it('refuses unsupported connections and transports with a hint', () => {
    const c = errorOf(() => connectionSettings('w', { ...creds, ansible_connection: 'psrp' }));
    expect(c.code).toBe('CONNECTION_UNSUPPORTED');
    expect(c.hint).toContain('winrm');
    const k = errorOf(() => connectionSettings('w', { ...creds, ansible_winrm_transport: 'credssp' }));
    expect(k.code).toBe('CONNECTION_UNSUPPORTED');
    expect(k.hint).toContain('not supported yet, use ntlm or kerberos');
    expect(errorOf(() => connectionSettings('w', { ...creds, ansible_winrm_transport: ['kerberoz'] })).hint).toContain('did you mean kerberos?');
  });

  it('requires the read timeout to exceed the operation timeout', () => {
    const e = errorOf(() => connectionSettings('w', { ...creds, ansible_winrm_operation_timeout_sec: 30 }));
    expect(e.code).toBe('CONNECTION_INVALID');
    expect(e.hint).toContain('ansible_winrm_read_timeout_sec');
  });

  it('rejects bad values naming the variable', () => {
    expect(errorOf(() => connectionSettings('w', { ...creds, ansible_port: 'abc' })).message).toContain('ansible_port');
    expect(errorOf(() => connectionSettings('w', { ...creds, ansible_winrm_server_cert_validation: 'ignored' })).hint).toContain('did you mean ignore?');
    expect(errorOf(() => connectionSettings('w', { ...creds, ansible_winrm_scheme: 'ftp' })).code).toBe('CONNECTION_INVALID');
  });

  it('names the host and the variables when credentials are missing', () => {
    const e = errorOf(() => connectionSettings('win07', { ansible_user: 'a' }));
    expect(e.code).toBe('CONNECTION_NO_CREDENTIALS');
    expect(e.message).toContain('win07');
    expect(e.hint).toContain('ansible_password');
    expect(e.host).toBe('win07');
  });

  it('builds settings from a loaded inventory', async () => {
    const inv = await loadInventory(fixturePaths('qlik-site'));
    expect(connectionSettings('qs-central.corp.example.com', hostVars(inv, 'qs-central.corp.example.com'))).toMatchObject({
      address: '10.20.0.10', port: 5986, scheme: 'https', serverCertValidation: 'ignore', user: 'Administrator',
    });
  });
});
