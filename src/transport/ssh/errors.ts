/**
 * SSH failures as winbook errors, wrapped once here: host key problems (with the fingerprint and how to accept the
 * key), authentication, and the socket-level errors ssh2 passes through from node:net.
 */
import { AuthenticationError, ConnectionError, RemoteError, errorMessage } from '../../errors.ts';
import type { HostKeyVerdict } from './known-hosts.ts';
import { hostToken } from './known-hosts.ts';

/** exec() hit its timeoutMs: the channel was closed; the output so far is kept. */
export class SshCommandTimeoutError extends RemoteError {
  constructor(
    host: string,
    timeoutMs: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super('SSH_COMMAND_TIMEOUT', `command did not finish within ${timeoutMs} ms and its channel was closed`, {
      host,
      hint: 'raise the task timeout, or run long work with async',
    });
  }
}

export interface HostKeyContext {
  host: string;
  address: string;
  port: number;
  knownHostsFile: string;
  fingerprint: string;
  keyLine: string;
}

export function hostKeyError(verdict: Exclude<HostKeyVerdict, { status: 'match' }>, c: HostKeyContext): ConnectionError {
  const accept =
    `check the fingerprint with the host's administrator (on Windows: ssh-keygen -lf C:\\ProgramData\\ssh\\ssh_host_ed25519_key.pub), ` +
    `then add this line to ${c.knownHostsFile}: ${c.keyLine}` +
    ` (or run: ssh-keyscan -p ${c.port} ${c.address} >> ${c.knownHostsFile}); ` +
    'turning the check off (ansible_host_key_checking: false, or ANSIBLE_HOST_KEY_CHECKING=False) trusts whoever answers';
  if (verdict.status === 'unknown') {
    return new ConnectionError('SSH_HOST_KEY_UNKNOWN', `host key of ${hostToken(c.address, c.port)} is not in ${c.knownHostsFile} (${c.fingerprint})`, {
      host: c.host,
      hint: accept,
    });
  }
  return new ConnectionError(
    'SSH_HOST_KEY_CHANGED',
    `host key of ${hostToken(c.address, c.port)} has CHANGED: it presented ${c.fingerprint}, which differs from ${c.knownHostsFile}:${verdict.line}; someone could be intercepting the connection, or the host was reinstalled`,
    {
      host: c.host,
      hint: `if the change is expected, remove the old key (ssh-keygen -R '${hostToken(c.address, c.port)}' -f ${c.knownHostsFile}) then ${accept}`,
    },
  );
}

/** Wraps what ssh2's connect emitted, once, with a hint. */
export function connectError(host: string, address: string, port: number, e: unknown, timeoutSec: number): ConnectionError {
  if (e instanceof ConnectionError) return e;
  const err = e as NodeJS.ErrnoException & { level?: string };
  const msg = errorMessage(e);
  const where = `${address}:${port}`;
  if (/Cannot parse privateKey/i.test(msg)) {
    return new AuthenticationError('SSH_KEY_INVALID', `the private key for ${where} could not be used: ${msg.replace(/^Cannot parse privateKey: /i, '')}`, {
      host,
      cause: e,
      hint: 'an encrypted key needs ansible_private_key_passphrase (keep it in a vault); check that ansible_ssh_private_key_file is an OpenSSH or PEM private key',
    });
  }
  if (err.level === 'client-authentication') {
    return new AuthenticationError('SSH_AUTH_FAILED', `SSH authentication to ${where} was refused (${msg})`, {
      host,
      cause: e,
      hint: 'check ansible_user and ansible_password, or ansible_ssh_private_key_file and the key passphrase; on Windows the user may be given as DOMAIN\\user',
    });
  }
  if (err.level === 'client-timeout' || /Timed out while waiting for handshake/.test(msg)) {
    return new ConnectionError('SSH_CONNECT_TIMEOUT', `no SSH handshake from ${where} within ${timeoutSec} s`, {
      host,
      cause: e,
      hint: 'check that the OpenSSH Server service (sshd) runs and the firewall allows the port; raise ansible_ssh_timeout for slow links',
    });
  }
  if (err.code === 'ECONNREFUSED') {
    return new ConnectionError('SSH_CONNECTION_REFUSED', `connection to ${where} refused`, {
      host,
      cause: e,
      hint: 'start the OpenSSH Server service (Start-Service sshd) or check ansible_port; OpenSSH listens on 22',
    });
  }
  return new ConnectionError('SSH_CONNECTION_FAILED', `SSH connection to ${where} failed: ${msg}`, {
    host,
    cause: e,
    hint: 'check ansible_host, ansible_port and that the host runs an SSH server',
  });
}
