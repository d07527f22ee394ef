/**
 * The SSH listener of one simulated Windows host, as Windows OpenSSH Server answers: password logon for the
 * host's local accounts (`user`, `HOST\user`, `user@host`), exec requests run by the same launcher as WinRM
 * commands (ProcessLauncher), and the SFTP subsystem. Shell and pty requests are refused: winbook never asks.
 */
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import type { Connection, ServerChannel } from 'ssh2';
import type { ProcessLauncher } from '../process.ts';
import { resolveUser } from '../winrm/users.ts';
import type { FaultInjector, SimUser } from '../winrm/types.ts';
import { runExec } from './exec-session.ts';
import type { SimHostKey } from './host-key.ts';
import { SimFileStore, serveSftp } from './sftp.ts';

export interface SshListenerOptions {
  address: string;
  /** 22 as on Windows; 0 picks a free port (tests). */
  port: number;
  computerName: string;
  hostKey: SimHostKey;
  /** Local accounts keyed by lower-case user name (the same map the WinRM listener authenticates against). */
  users: Map<string, SimUser>;
  launcher: ProcessLauncher;
  /** Shared with the host's WinRM listener: `refuse` and `wrongPassword` apply to both. */
  faults?: FaultInjector;
}

export interface SshListener {
  address: string;
  port: number;
  /** Files written over SFTP. */
  files: SimFileStore;
  hostKey: SimHostKey;
  /** Channel requests (exec, subsystem) received so far. */
  readonly requests: number;
  close(): Promise<void>;
}

export async function startSshListener(opts: SshListenerOptions): Promise<SshListener> {
  const faults = opts.faults ?? {};
  const files = new SimFileStore();
  const stats = { requests: 0 };
  const conns = new Set<Connection>();
  const server = new ssh2.Server({ hostKeys: [opts.hostKey.privateKey], ident: 'OpenSSH_for_Windows_9.5' }, (conn) => {
    conns.add(conn);
    // OpenSSH sets TCP_NODELAY; without it Nagle adds ~40 ms to each exec. ssh2 has the method, its types lack it.
    (conn as Connection & { setNoDelay(on: boolean): void }).setNoDelay(true);
    conn.once('close', () => conns.delete(conn));
    serveConnection(conn, opts, faults, files, stats);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    address: opts.address,
    port,
    files,
    hostKey: opts.hostKey,
    get requests() {
      return stats.requests;
    },
    async close() {
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const c of conns) c.end();
      await done;
    },
  };
}

function serveConnection(conn: Connection, opts: SshListenerOptions, faults: FaultInjector, files: SimFileStore, stats: { requests: number }): void {
  let account = '';
  conn.on('error', () => undefined); // a client vanishing mid-handshake is not the simulator's problem
  if (faults.refuse) return void conn.end();
  conn.on('authentication', (ctx) => {
    if (ctx.method !== 'password') return ctx.reject(['password']);
    const user = resolveUser(opts.users, opts.computerName, ctx.username, '');
    if (!user || faults.wrongPassword || user.account.password !== ctx.password) return ctx.reject(['password']);
    account = user.name;
    ctx.accept();
  });
  conn.on('session', (accept) => {
    const session = accept();
    session.on('exec', (acceptExec, _reject, info) => {
      stats.requests++;
      const channel: ServerChannel = acceptExec();
      runExec(channel, info.command, opts.launcher, { codepage: 437, env: {}, cwd: `C:\\Users\\${account}`, user: account });
    });
    session.on('sftp', (acceptSftp) => {
      stats.requests++;
      serveSftp(acceptSftp(), files);
    });
    session.on('shell', (_a, reject) => reject());
    session.on('pty', (_a, reject) => reject?.());
  });
}
