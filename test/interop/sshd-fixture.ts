/**
 * A throwaway OpenSSH server for the interop test: Debian's /usr/sbin/sshd on a loopback address and a free
 * port, with its own config, host key, pid file and authorized key in a temp dir. Key logon only, for the user
 * running the tests (root in CI: PermitRootLogin prohibit-password allows that with a key).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from '../../src/sim/ssh/host-key.ts';

export const SSHD = '/usr/sbin/sshd';
const SFTP_SERVER = '/usr/lib/openssh/sftp-server';

export interface Sshd {
  address: string;
  port: number;
  user: string;
  clientKeyFile: string;
  /** Also authorized, encrypted with `passphrase`. */
  encryptedKeyFile: string;
  passphrase: string;
  knownHostsFile: string;
  /** A file the server may write to and the test may read (the upload case). */
  dir: string;
  stop(): Promise<void>;
}

export async function startSshd(address: string): Promise<Sshd> {
  const dir = await mkdtemp(join(tmpdir(), 'winbook-sshd-'));
  const port = await freePort(address);
  const host = generateKeyPair();
  const client = generateKeyPair();
  const passphrase = 'winbook-test-passphrase';
  const encrypted = generateKeyPair({ passphrase, cipher: 'aes256-ctr', rounds: 16 });
  await writeFile(join(dir, 'encrypted_key'), encrypted.private, { mode: 0o600 });
  await writeFile(join(dir, 'host_key'), host.private, { mode: 0o600 });
  await writeFile(join(dir, 'client_key'), client.private, { mode: 0o600 });
  await writeFile(join(dir, 'authorized_keys'), `${client.public}\n${encrypted.public}\n`, { mode: 0o600 });
  await writeFile(join(dir, 'known_hosts'), `[${address}]:${port} ${host.public.split(' ').slice(0, 2).join(' ')}\n`);
  const config = [
    `ListenAddress ${address}:${port}`,
    `HostKey ${join(dir, 'host_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    `Subsystem sftp ${SFTP_SERVER}`,
    'LogLevel VERBOSE',
  ].join('\n');
  await writeFile(join(dir, 'sshd_config'), config + '\n');
  // sshd refuses to start without its privilege separation directory (Debian creates it in the service unit).
  if (!existsSync('/run/sshd')) await mkdir('/run/sshd', { recursive: true, mode: 0o755 }).catch(() => undefined);
  const proc = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  await waitListening(proc, () => log, address, port);
  return {
    address,
    port,
    user: userInfo().username,
    clientKeyFile: join(dir, 'client_key'),
    encryptedKeyFile: join(dir, 'encrypted_key'),
    passphrase,
    knownHostsFile: join(dir, 'known_hosts'),
    dir,
    stop: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function freePort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, address, () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function waitListening(proc: ChildProcess, log: () => string, address: string, port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`sshd exited with ${proc.exitCode}:\n${log()}`);
    if (log().includes('Server listening')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  proc.kill();
  throw new Error(`sshd did not listen on ${address}:${port} within 10 s:\n${log()}`);
}
