/**
 * Interop: the SSH transport against a real OpenSSH server (Debian's openssh-server) on loopback. Commands are
 * POSIX here — this is Linux sshd, not Windows — so the contract runs with the POSIX command table: it proves the
 * transport's SSH side (key logon, host key check, exec, streams, exit codes, stdin, signals, SFTP), while the
 * Windows semantics are proven against the simulator (test/contract/sim.test.ts).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, ConnectionError } from '../../src/errors.ts';
import { connectionSettings, sshSettings } from '../../src/inventory/connection.ts';
import type { ProcessOutput, Transport } from '../../src/transport/types.ts';
import { SshTransport } from '../../src/transport/ssh/index.ts';
import { loopbackAddress } from '../helpers/addresses.ts';
import { describeTransportContract } from '../contract/transport.contract.ts';
import type { CommandTable } from '../contract/transport.contract.ts';
import { SSHD, startSshd } from './sshd-fixture.ts';
import type { Sshd } from './sshd-fixture.ts';

const available = existsSync(SSHD);
if (!available) {
  if (process.env.CI) throw new Error(`${SSHD} is missing: CI must install openssh-server (.ci/run does)`);
  console.log(`skipping the sshd interop test: ${SSHD} is missing (apt-get install openssh-server)`);
}

async function readUntil(p: { read(): Promise<ProcessOutput> }, want: (s: string) => boolean): Promise<{ text: string; done: boolean; rc?: number }> {
  let text = '';
  for (;;) {
    const out = await p.read();
    text += out.stdout.toString('utf8');
    if (out.done) return { text, done: true, rc: out.rc };
    if (want(text)) return { text, done: false };
  }
}

const posixCommands: CommandTable = {
  echo: { line: 'echo hello', stdout: 'hello\n' },
  exit3: 'exit 3',
  failing: { line: 'echo oops >&2; exit 2', rc: 2, stderr: /^oops\n$/ },
  stdin: async (t: Transport) => {
    expect(await t.exec('cat', { stdin: 'one\ntwo\n' })).toEqual({ rc: 0, stdout: 'one\ntwo\n', stderr: '' });
    const p = await t.spawn('cat');
    await p.write('first\n');
    expect((await readUntil(p, (s) => s.includes('first\n'))).text).toBe('first\n');
    await p.write('second\n', true);
    expect(await readUntil(p, () => false)).toEqual({ text: 'second\n', done: true, rc: 0 });
  },
  // sshd forks a session and a shell first: allow for a loaded CI machine before the kill.
  slow: { line: 'echo started; sleep 30', stdout: /^started\n$/, timeoutMs: 3000 },
};

describe.skipIf(!available)('SSH transport against a real sshd', () => {
  let sshd: Sshd;

  beforeAll(async () => {
    sshd = await startSshd(loopbackAddress(201, 1));
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  function transport(o: { password?: string; unreachable?: boolean; knownHostsFile?: string; keyVars?: Record<string, unknown> } = {}): SshTransport {
    const vars: Record<string, unknown> = {
      ansible_connection: 'ssh',
      ansible_host: o.unreachable ? loopbackAddress(201, 250) : sshd.address,
      ansible_port: sshd.port,
      ansible_user: sshd.user,
      ansible_ssh_known_hosts_file: o.knownHostsFile ?? sshd.knownHostsFile,
      ansible_ssh_timeout: 5,
    };
    // Wrong credentials: a password, which this server does not accept at all, instead of the authorized key.
    if (o.password !== undefined) vars.ansible_password = o.password;
    else if (o.keyVars) Object.assign(vars, o.keyVars);
    else vars.ansible_ssh_private_key_file = sshd.clientKeyFile;
    return new SshTransport(connectionSettings('linux', vars), sshSettings('linux', vars, {}));
  }

  describeTransportContract('SSH (real sshd, POSIX commands)', () => ({
    transport,
    commands: posixCommands,
    upload: { path: join(sshd.dir, 'upload.bin'), readBack: (p) => readFile(p) },
  }));

  it('refuses a host whose key is not in known_hosts, naming the fingerprint and the line to add', async () => {
    const t = transport({ knownHostsFile: join(sshd.dir, 'no-such-known-hosts') });
    const err = (await t.open().then(() => undefined, (e: unknown) => e)) as ConnectionError;
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.code).toBe('SSH_HOST_KEY_UNKNOWN');
    expect(err.message).toMatch(/ssh-ed25519 SHA256:[A-Za-z0-9+/]{43}/);
    expect(err.hint).toContain(`[${sshd.address}]:${sshd.port} ssh-ed25519 AAAA`);
  });

  it('logs on with an encrypted key and its passphrase (ansible_private_key_passphrase)', async () => {
    const t = transport({ keyVars: { ansible_ssh_private_key_file: sshd.encryptedKeyFile, ansible_private_key_passphrase: sshd.passphrase } });
    await t.open();
    expect(await t.exec('echo key')).toEqual({ rc: 0, stdout: 'key\n', stderr: '' });
    await t.close();
  });

  it('says an encrypted key needs its passphrase, without trying the server', async () => {
    const t = transport({ keyVars: { ansible_ssh_private_key_file: sshd.encryptedKeyFile } });
    const err = (await t.open().then(() => undefined, (e: unknown) => e)) as AuthenticationError;
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.code).toBe('SSH_KEY_INVALID');
    expect(err.hint).toContain('ansible_private_key_passphrase');
  });
});
