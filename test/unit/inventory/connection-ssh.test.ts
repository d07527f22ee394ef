import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { connectionSettings, sshSettings } from '../../../src/inventory/connection.ts';

const ssh = { ansible_connection: 'ssh', ansible_user: 'admin' };

describe('SSH connection settings', () => {
  it('defaults to port 22, cmd as the shell, ~/.ssh/known_hosts, host key checking on and a 10 s connect timeout', () => {
    expect(connectionSettings('w', { ...ssh, ansible_password: 'p' })).toMatchObject({ connection: 'ssh', port: 22, shellType: 'cmd' });
    expect(sshSettings('w', ssh, {})).toEqual({ knownHostsFile: join(homedir(), '.ssh/known_hosts'), hostKeyChecking: true, connectTimeoutSec: 10, keepaliveIntervalSec: 15 });
  });

  it('accepts a private key instead of a password', () => {
    const vars = { ...ssh, ansible_ssh_private_key_file: '~/keys/id', ansible_private_key_passphrase: 'secret' };
    expect(connectionSettings('w', vars).password).toBe('');
    expect(sshSettings('w', vars, {})).toMatchObject({ privateKeyFile: join(homedir(), 'keys/id'), privateKeyPassphrase: 'secret' });
  });

  it('still wants a password or a key', () => {
    expect(() => connectionSettings('w', ssh)).toThrow(InputError);
  });

  it('turns host key checking off only when asked, by variable or by ANSIBLE_HOST_KEY_CHECKING', () => {
    expect(sshSettings('w', { ...ssh, ansible_host_key_checking: false }, {}).hostKeyChecking).toBe(false);
    expect(sshSettings('w', ssh, { ANSIBLE_HOST_KEY_CHECKING: 'False' }).hostKeyChecking).toBe(false);
    // The host variable wins over the environment, as in Ansible.
    expect(sshSettings('w', { ...ssh, ansible_ssh_host_key_checking: 'yes' }, { ANSIBLE_HOST_KEY_CHECKING: 'False' }).hostKeyChecking).toBe(true);
  });

  it('rejects a host_key_checking value that is not a boolean', () => {
    expect(() => sshSettings('w', { ...ssh, ansible_host_key_checking: 'sometimes' }, {})).toThrow(/not a boolean/);
  });

  it('reads the known_hosts file and connect timeout from Ansible variables', () => {
    expect(sshSettings('w', { ...ssh, ansible_ssh_known_hosts_file: '/etc/winbook/kh', ansible_ssh_timeout: '30' }, {})).toMatchObject({ knownHostsFile: '/etc/winbook/kh', connectTimeoutSec: 30 });
  });
});
