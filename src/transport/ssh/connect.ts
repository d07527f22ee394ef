/**
 * Opens one authenticated ssh2 connection: password and/or private key, host key verified against known_hosts
 * before any credential is sent, keep-alive, and a connect timeout. Errors come out wrapped (errors.ts).
 */
import { readFile } from 'node:fs/promises';
import type { Client, ConnectConfig } from 'ssh2';
import { InputError, errorMessage } from '../../errors.ts';
import type { ConnectionSettings } from '../types.ts';
import { connectError, hostKeyError } from './errors.ts';
import { fingerprint, keyTypeOf, knownHostsLine, parseKnownHosts, verifyHostKey } from './known-hosts.ts';
import type { SshSettings } from './settings.ts';

/** Keep-alive probes missed before ssh2 declares the connection dead. */
const KEEPALIVE_COUNT_MAX = 3;

export async function openConnection(base: ConnectionSettings, ssh: SshSettings): Promise<Client> {
  const config = await connectConfig(base, ssh);
  const known = ssh.hostKeyChecking ? parseKnownHosts(await readKnownHosts(ssh.knownHostsFile)) : [];
  // Loaded on the first SSH connection: a WinRM run (and `winbook --help`) never pays for ssh2's start-up.
  const { default: ssh2 } = await import('ssh2'); // ssh2 is CommonJS: use the default export under ESM
  const client = new ssh2.Client();
  let keyProblem: Error | undefined;
  config.hostVerifier = (key: Buffer): boolean => {
    if (!ssh.hostKeyChecking) return true;
    const verdict = verifyHostKey(known, base.address, base.port, key);
    if (verdict.status === 'match') return true;
    keyProblem = hostKeyError(verdict, {
      host: base.host,
      address: base.address,
      port: base.port,
      knownHostsFile: ssh.knownHostsFile,
      fingerprint: `${keyTypeOf(key)} ${fingerprint(key)}`,
      keyLine: knownHostsLine(base.address, base.port, keyTypeOf(key), key),
    });
    return false;
  };
  // ssh2 can emit several errors for one failure (handshake refused, then the socket lost): an unheard 'error'
  // would crash the process, so one listener stays for the client's whole life; the first error settles the open.
  let settled = false;
  await new Promise<void>((resolve, reject) => {
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      client.end();
      reject(connectError(base.host, base.address, base.port, keyProblem ?? e, ssh.connectTimeoutSec));
    };
    client.once('ready', () => {
      settled = true;
      resolve();
    });
    client.on('error', fail);
    try {
      client.connect(config);
    } catch (e) {
      fail(e); // ssh2 throws at once on a key it cannot parse or decrypt
    }
  });
  return client;
}

async function connectConfig(base: ConnectionSettings, ssh: SshSettings): Promise<ConnectConfig> {
  const config: ConnectConfig = {
    host: base.address,
    port: base.port,
    username: base.user,
    readyTimeout: ssh.connectTimeoutSec * 1000,
    keepaliveInterval: ssh.keepaliveIntervalSec * 1000,
    keepaliveCountMax: KEEPALIVE_COUNT_MAX,
  };
  if (base.password !== '') config.password = base.password;
  if (ssh.privateKeyFile !== undefined) {
    config.privateKey = await readKey(base.host, ssh.privateKeyFile);
    if (ssh.privateKeyPassphrase !== undefined) config.passphrase = ssh.privateKeyPassphrase;
  }
  return config;
}

async function readKey(host: string, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (e) {
    throw new InputError('SSH_KEY_UNREADABLE', `host ${host}: cannot read the private key ${file}: ${errorMessage(e)}`, {
      host,
      hint: 'check ansible_ssh_private_key_file (a path on this machine, ~ is expanded)',
    });
  }
}

/** A missing known_hosts file is an empty one: every host is then unknown, which the error explains. */
async function readKnownHosts(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}
