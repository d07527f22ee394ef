/**
 * The simulator's SSH listener as Windows OpenSSH Server: local-account logons in the forms Windows accepts,
 * the same host model as WinRM, the site's known_hosts, and the faults shared with the WinRM listener.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, ConnectionError } from '../../../../src/errors.ts';
import { connectionSettings, sshSettings } from '../../../../src/inventory/connection.ts';
import { generateHostKey, hostKeyFingerprint, knownHostsEntry } from '../../../../src/sim/ssh/host-key.ts';
import { windowsPath } from '../../../../src/sim/ssh/sftp.ts';
import { startSimSite } from '../../../../src/sim/site.ts';
import type { SimSite } from '../../../../src/sim/site.ts';
import { SshTransport } from '../../../../src/transport/ssh/index.ts';
import { loopbackBlock } from '../../../helpers/addresses.ts';

describe('simulated SSH listener', () => {
  let site: SimSite;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'winbook-sim-ssh-'));
    site = await startSimSite({ hosts: 1, baseAddress: loopbackBlock(203), ssh: { port: 0 }, stateDir: join(dir, 'state') });
  });
  afterAll(async () => {
    await site?.close();
  });

  function transport(user: string, password = site.adminPassword, knownHostsFile = join(dir, 'state', 'known_hosts')): SshTransport {
    const l = site.hosts[0]!.ssh!;
    const vars = { ansible_connection: 'ssh', ansible_host: l.address, ansible_port: l.port, ansible_user: user, ansible_password: password, ansible_ssh_known_hosts_file: knownHostsFile };
    return new SshTransport(connectionSettings('win01', vars), sshSettings('win01', vars, {}));
  }

  it('writes known_hosts and an SSH inventory to the state dir', async () => {
    const kh = await readFile(join(dir, 'state', 'known_hosts'), 'utf8');
    expect(kh).toMatch(new RegExp(`^\\[${site.hosts[0]!.address.replace(/\./g, '\\.')}\\]:\\d+ ssh-ed25519 AAAA`));
    const inv = await readFile(join(dir, 'state', 'inventory-ssh.yml'), 'utf8');
    expect(inv).toContain('ansible_connection: ssh');
    expect(inv).toContain('ansible_ssh_known_hosts_file:');
  });

  it.each(['Administrator', 'WIN01\\Administrator', '.\\administrator', 'Administrator@win01'])('logs %s on and runs commands as that account', async (user) => {
    const t = transport(user);
    await t.open();
    expect(await t.exec('whoami')).toEqual({ rc: 0, stdout: 'win01\\administrator\r\n', stderr: '' });
    await t.close();
  });

  it('refuses a user of another domain', async () => {
    const t = transport('CORP\\Administrator');
    await expect(t.open()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('refuses every logon while the wrongPassword fault is on, as after a password change', async () => {
    site.hosts[0]!.faults.wrongPassword = true;
    try {
      await expect(transport('Administrator').open()).rejects.toMatchObject({ code: 'SSH_AUTH_FAILED' });
    } finally {
      site.hosts[0]!.faults.wrongPassword = false;
    }
  });

  it('fails with SSH_HOST_KEY_CHANGED when known_hosts holds another key for the host', async () => {
    const l = site.hosts[0]!.ssh!;
    const other = join(dir, 'other_known_hosts');
    await writeFile(other, knownHostsEntry(generateHostKey(), l.address, l.port) + '\n');
    const err = (await transport('Administrator', site.adminPassword, other).open().then(() => undefined, (e: unknown) => e)) as ConnectionError;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.code).toBe('SSH_HOST_KEY_CHANGED');
    expect(err.message).toContain(hostKeyFingerprint(site.hosts[0]!.ssh!.hostKey));
    expect(err.message).toContain(`${other}:1`);
  });

  it('maps Windows OpenSSH SFTP paths to Windows paths', () => {
    expect(windowsPath('/C:/ProgramData/winbook/a.txt')).toBe('C:\\ProgramData\\winbook\\a.txt');
  });
});
