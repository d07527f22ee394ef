/**
 * The simulated domain's KDC: MIT's krb5kdc (Debian's krb5-kdc) on a loopback address and a free port (TCP and
 * UDP), with its own kdc.conf, krb5.conf, database, stash and keytabs in one directory. The simulator does not
 * imitate a KDC: tickets come from the real one, and each simulated host is given the keytab of its `HTTP/<host>`
 * principal, as a domain member holds its computer account's keys. Users require pre-authentication, as Active
 * Directory accounts do by default, so clients meet KDC_ERR_PREAUTH_REQUIRED first. Starting one takes about
 * 80–180 ms (kdb5_util create, one kadmin.local run, krb5kdc until it logs "commencing operation").
 *
 * Child processes that use the KDC (kinit, python3-gssapi, winbook itself) need `kdc.env` (KRB5_CONFIG);
 * in-process code takes `kdc.address`/`kdc.port`/`kdc.realm` or `kdc.krb5Conf`.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { WinbookError } from '../../errors.ts';

const run = promisify(execFile);

/** No MIT KDC tools on this machine: the message names the missing ones, the hint what to install. */
export class SimKdcError extends WinbookError {
  constructor(message: string, hint?: string) {
    super('KDC_MISSING', message, { hint: hint ?? 'sudo apt-get install krb5-kdc krb5-admin-server (Debian, Ubuntu); the simulator runs MIT\'s KDC for its domain' });
  }
}

/** A program from PATH or the sbin folders Debian installs the KDC into (often not on a user's PATH). */
export function findTool(name: string, dirs = toolDirs()): string | undefined {
  for (const d of dirs) if (existsSync(join(d, name))) return join(d, name);
  return undefined;
}

function toolDirs(): string[] {
  return [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin', '/sbin'];
}

export const KRB5KDC = findTool('krb5kdc') ?? '/usr/sbin/krb5kdc';
export const KDB5_UTIL = findTool('kdb5_util') ?? '/usr/sbin/kdb5_util';
export const KADMIN_LOCAL = findTool('kadmin.local') ?? '/usr/sbin/kadmin.local';
export const KINIT = findTool('kinit') ?? '/usr/bin/kinit';

/** Throws SimKdcError naming what is missing when krb5kdc, kdb5_util or kadmin.local cannot be found. */
export function checkKdcTools(dirs = toolDirs()): void {
  const missing = ['krb5kdc', 'kdb5_util', 'kadmin.local'].filter((t) => !findTool(t, dirs));
  if (missing.length > 0) throw new SimKdcError(`the simulated domain needs MIT Kerberos' KDC, and ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not installed`);
}

export interface KdcPrincipal {
  /** `alice` or `HTTP/web.winbook.test` (the realm is added). */
  name: string;
  /** A user's password; without one the principal gets a random key (services). */
  password?: string;
  /** Export the keys to a keytab (services): `kdc.keytab(name)` is its path. */
  keytab?: boolean;
  /** Encryption types of its keys; default the realm's (aes256 and aes128). E.g. ['arcfour-hmac']. */
  enctypes?: string[];
  /** Let the client skip pre-authentication (MIT's default, not AD's). */
  noPreauth?: boolean;
}

export interface KdcOptions {
  principals: KdcPrincipal[];
  /** Default WINBOOK.TEST. */
  realm?: string;
  /** Loopback address to listen on; default 127.0.0.1. */
  address?: string;
  /** Realm enctypes; default aes256 and aes128. Add 'arcfour-hmac' to allow RC4 keys. */
  enctypes?: string[];
  /**
   * Where the database, configuration, log and keytabs go; emptied first and kept after stop() (its krb5.conf
   * still names the realm). Default: a fresh temp dir, removed by stop().
   */
  dir?: string;
}

export interface Kdc {
  realm: string;
  address: string;
  port: number;
  dir: string;
  /** Process id of krb5kdc. */
  pid: number;
  /** Path of the krb5.conf naming this KDC for the realm (also default_realm). */
  krb5Conf: string;
  /** Environment for child processes: KRB5_CONFIG, KRB5_KDC_PROFILE, no replay cache. */
  env: Record<string, string>;
  /** Keytab of a principal created with `keytab: true`. */
  keytab(name: string): string;
  /** kinit `user` with `password` into a fresh FILE ccache and return its path (for KRB5CCNAME=FILE:<path>). */
  kinit(user: string, password: string, opts?: { services?: string[]; forwardable?: boolean }): Promise<string>;
  /** The KDC's log so far (what it issued and refused). */
  log(): Promise<string>;
  /** Pauses the KDC (SIGSTOP) or resumes it, to test timeouts; stop() resumes it first. */
  pause(paused: boolean): void;
  stop(): Promise<void>;
}

export async function startKdc(opts: KdcOptions): Promise<Kdc> {
  checkKdcTools();
  const realm = opts.realm ?? 'WINBOOK.TEST';
  const address = opts.address ?? '127.0.0.1';
  const enctypes = opts.enctypes ?? ['aes256-cts-hmac-sha1-96', 'aes128-cts-hmac-sha1-96'];
  const temp = opts.dir === undefined;
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'winbook-kdc-')));
  if (!temp) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true, mode: 0o700 });
  }
  const port = await freePort(address);
  const kdcConf = join(dir, 'kdc.conf');
  const krb5Conf = join(dir, 'krb5.conf');
  await writeFile(kdcConf, kdcConfText(realm, address, port, dir, enctypes));
  await writeFile(krb5Conf, krb5ConfText(realm, address, port, enctypes));
  const env: Record<string, string> = {
    KRB5_CONFIG: krb5Conf,
    KRB5_KDC_PROFILE: kdcConf,
    // Tests replay tokens on purpose; MIT's on-disk replay cache would also leak state between runs.
    KRB5RCACHETYPE: 'none',
  };
  const childEnv = { ...process.env, ...env };
  const cleanup = () => (temp ? rm(dir, { recursive: true, force: true }) : Promise.resolve());
  try {
    await run(KDB5_UTIL, ['create', '-s', '-P', 'winbook-master-key', '-r', realm], { env: childEnv });
    const script: string[] = [];
    for (const p of opts.principals) {
      const flags = p.password !== undefined && !p.noPreauth ? '+requires_preauth ' : '';
      const keys = p.enctypes ? `-e "${p.enctypes.map((e) => `${e}:normal`).join(',')}" ` : '';
      const secret = p.password !== undefined ? `-pw "${p.password}"` : '-randkey';
      script.push(`addprinc ${flags}${keys}${secret} ${p.name}`);
      // -norandkey keeps the key the KDC has (a fresh ktadd would re-key and bump the kvno).
      if (p.keytab) script.push(`ktadd -k ${join(dir, keytabFile(p.name))} -norandkey ${p.name}`);
    }
    const admin = await runWithInput(KADMIN_LOCAL, ['-r', realm], script.join('\n') + '\n', childEnv);
    const failed = opts.principals.find((p) => !admin.includes(`Principal "${p.name}@${realm}" created`));
    // kadmin.local echoes its input, passwords included: only the principal's name goes into the error.
    if (failed) throw new WinbookError('KDC_SETUP_FAILED', `kadmin.local did not create the principal ${failed.name}@${realm}`, { hint: 'a password the realm\'s policy refuses, or a name kadmin cannot parse' });
  } catch (e) {
    await cleanup();
    throw e;
  }
  const proc = spawn(KRB5KDC, ['-n', '-r', realm], { env: childEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    await waitListening(proc, () => stderr, join(dir, 'kdc.log'), address, port);
  } catch (e) {
    await cleanup();
    throw e;
  }
  return {
    realm,
    address,
    port,
    dir,
    pid: proc.pid ?? 0,
    krb5Conf,
    env,
    keytab: (name) => join(dir, keytabFile(name)),
    kinit: async (user, password, kopts = {}) => {
      const cc = join(dir, `ccache-${user.replace(/[^A-Za-z0-9]/g, '_')}-${Date.now()}`);
      const ccEnv = { ...childEnv, KRB5CCNAME: `FILE:${cc}` };
      await runWithInput(KINIT, kopts.forwardable ? ['-f', user] : [user], password + '\n', ccEnv);
      for (const s of kopts.services ?? []) await run(findTool('kvno') ?? '/usr/bin/kvno', [s], { env: ccEnv });
      return cc;
    },
    log: () => readFile(join(dir, 'kdc.log'), 'utf8').catch(() => ''),
    pause: (paused) => {
      proc.kill(paused ? 'SIGSTOP' : 'SIGCONT');
    },
    stop: async () => {
      await stopProcess(proc);
      await cleanup();
    },
  };
}

function kdcConfText(realm: string, address: string, port: number, dir: string, enctypes: string[]): string {
  return [
    '[kdcdefaults]',
    ` kdc_listen = ${address}:${port}`,
    ` kdc_tcp_listen = ${address}:${port}`,
    '[realms]',
    ` ${realm} = {`,
    `  database_name = ${join(dir, 'principal')}`,
    `  key_stash_file = ${join(dir, 'stash')}`,
    `  acl_file = ${join(dir, 'kadm5.acl')}`,
    `  supported_enctypes = ${enctypes.map((e) => `${e}:normal`).join(' ')}`,
    '  max_life = 10h',
    '  max_renewable_life = 7d',
    '  }',
    '[logging]',
    ` kdc = FILE:${join(dir, 'kdc.log')}`,
    '',
  ].join('\n');
}

/** A krb5.conf as a DNS-less client needs it: the realm, its KDC, and no DNS look-ups (loopback names resolve nowhere). */
export function krb5ConfText(realm: string, address: string, port: number, enctypes: string[]): string {
  return [
    '[libdefaults]',
    ` default_realm = ${realm}`,
    ' dns_lookup_kdc = false',
    ' dns_lookup_realm = false',
    ' rdns = false',
    ' dns_canonicalize_hostname = false',
    ' allow_weak_crypto = true',
    ` permitted_enctypes = ${enctypes.join(' ')}`,
    '[realms]',
    ` ${realm} = {`,
    `  kdc = ${address}:${port}`,
    '  }',
    '[domain_realm]',
    ` .${realm.toLowerCase()} = ${realm}`,
    ` ${realm.toLowerCase()} = ${realm}`,
    '',
  ].join('\n');
}

function keytabFile(name: string): string {
  return `${name.replace(/[^A-Za-z0-9.]/g, '_')}.keytab`;
}

export async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGCONT');
  proc.kill('SIGTERM');
  await exited;
}

function runWithInput(cmd: string, args: string[], input: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    p.once('error', reject);
    p.once('exit', (code) => (code === 0 ? resolve(out) : reject(new WinbookError('KDC_SETUP_FAILED', `${cmd} ${args.join(' ')} exited ${code}`))));
    p.stdin.end(input);
  });
}

/** A port free for both TCP and UDP on `address` (the KDC serves both on one port). */
async function freePort(address: string): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, address, () => {
        const a = s.address();
        s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const u = createSocket('udp4');
      u.once('error', () => resolve(false));
      u.bind(port, address, () => u.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new WinbookError('KDC_SETUP_FAILED', `no port free for both TCP and UDP on ${address}`);
}

async function waitListening(proc: ChildProcess, stderr: () => string, logFile: string, address: string, port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new WinbookError('KDC_SETUP_FAILED', `krb5kdc exited with ${proc.exitCode}: ${stderr().trim()}`);
    const log = await readFile(logFile, 'utf8').catch(() => '');
    if (log.includes('commencing operation')) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  await stopProcess(proc);
  throw new WinbookError('KDC_SETUP_FAILED', `krb5kdc did not listen on ${address}:${port} within 10 s: ${stderr().trim()}`);
}
