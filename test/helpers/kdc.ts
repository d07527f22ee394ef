/**
 * A throwaway MIT KDC for a test file: Debian's krb5kdc on a loopback address and a free port (TCP and UDP), with
 * its own kdc.conf, krb5.conf, database, stash and keytabs in a temp dir. Users require pre-authentication, as
 * Active Directory accounts do by default, so clients meet KDC_ERR_PREAUTH_REQUIRED first. Starting one takes
 * about 80 ms here (kdb5_util create, one kadmin.local run, krb5kdc until it logs "commencing operation"); print it with
 * `KDC_TIMING=1`.
 *
 * Child processes that use the KDC (kinit, python3-gssapi) need `kdc.env` (KRB5_CONFIG); in-process code takes
 * `kdc.address`/`kdc.port`/`kdc.realm` or `kdc.krb5Conf`.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const KRB5KDC = '/usr/sbin/krb5kdc';
export const KDB5_UTIL = '/usr/sbin/kdb5_util';
export const KADMIN_LOCAL = '/usr/sbin/kadmin.local';
export const KINIT = '/usr/bin/kinit';

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
}

export interface Kdc {
  realm: string;
  address: string;
  port: number;
  dir: string;
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
  const t0 = Date.now();
  const realm = opts.realm ?? 'WINBOOK.TEST';
  const address = opts.address ?? '127.0.0.1';
  const enctypes = opts.enctypes ?? ['aes256-cts-hmac-sha1-96', 'aes128-cts-hmac-sha1-96'];
  const dir = await mkdtemp(join(tmpdir(), 'winbook-kdc-'));
  const port = await freePort(address);
  const kdcConf = join(dir, 'kdc.conf');
  const krb5Conf = join(dir, 'krb5.conf');
  await writeFile(
    kdcConf,
    [
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
    ].join('\n'),
  );
  await writeFile(
    krb5Conf,
    [
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
    ].join('\n'),
  );
  const env: Record<string, string> = {
    KRB5_CONFIG: krb5Conf,
    KRB5_KDC_PROFILE: kdcConf,
    // Tests replay tokens on purpose; MIT's on-disk replay cache would also leak state between runs.
    KRB5RCACHETYPE: 'none',
  };
  const childEnv = { ...process.env, ...env };
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
  for (const p of opts.principals) {
    if (!admin.includes(`Principal "${p.name}@${realm}" created`)) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(`kadmin.local did not create ${p.name}:\n${admin}`);
    }
  }
  const proc = spawn(KRB5KDC, ['-n', '-r', realm], { env: childEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  await waitListening(proc, () => stderr, join(dir, 'kdc.log'), address, port);
  if (process.env.KDC_TIMING) process.stderr.write(`KDC ${realm} on ${address}:${port} up in ${Date.now() - t0} ms\n`);
  const kdc: Kdc = {
    realm,
    address,
    port,
    dir,
    krb5Conf,
    env,
    keytab: (name) => join(dir, keytabFile(name)),
    kinit: async (user, password, kopts = {}) => {
      const cc = join(dir, `ccache-${user.replace(/[^A-Za-z0-9]/g, '_')}-${Date.now()}`);
      const ccEnv = { ...childEnv, KRB5CCNAME: `FILE:${cc}` };
      await runWithInput(KINIT, kopts.forwardable ? ['-f', user] : [user], password + '\n', ccEnv);
      for (const s of kopts.services ?? []) await run('/usr/bin/kvno', [s], { env: ccEnv });
      return cc;
    },
    log: () => readFile(join(dir, 'kdc.log'), 'utf8').catch(() => ''),
    pause: (paused) => {
      proc.kill(paused ? 'SIGSTOP' : 'SIGCONT');
    },
    stop: async () => {
      await stopProcess(proc);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return kdc;
}

function keytabFile(name: string): string {
  return `${name.replace(/[^A-Za-z0-9.]/g, '_')}.keytab`;
}

async function stopProcess(proc: ChildProcess): Promise<void> {
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
    p.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out}`))));
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
  throw new Error(`no port free for TCP and UDP on ${address}`);
}

async function waitListening(
  proc: ChildProcess,
  stderr: () => string,
  logFile: string,
  address: string,
  port: number,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`krb5kdc exited with ${proc.exitCode}:\n${stderr()}`);
    const log = await readFile(logFile, 'utf8').catch(() => '');
    if (log.includes('commencing operation')) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  await stopProcess(proc);
  throw new Error(`krb5kdc did not listen on ${address}:${port} within 10 s:\n${stderr()}`);
}

/**
 * An independent GSS-API peer: MIT's libgssapi_krb5 through python3-gssapi, driven over JSON lines so a test can
 * step a context and exchange messages with it. Initiators use KRB5CCNAME from `env`, acceptors KRB5_KTNAME.
 */
export interface GssPeer {
  call(op: Record<string, unknown>): Promise<Record<string, string | boolean | undefined>>;
  stop(): Promise<void>;
}

export const PYTHON = '/usr/bin/python3';

const GSS_PEER_PY = String.raw`
import base64, json, sys
import gssapi
from gssapi.raw import IOV, IOVBufferType, wrap_iov, unwrap_iov, ChannelBindings

b = lambda s: base64.b64decode(s) if s is not None else None
e = lambda x: base64.b64encode(x).decode() if x is not None else None
ctx = None
for line in sys.stdin:
    req = json.loads(line)
    op = req['op']
    try:
        cb = ChannelBindings(application_data=b(req['cb'])) if req.get('cb') else None
        if op == 'init':
            name = gssapi.Name(req['spn'], gssapi.NameType.kerberos_principal)
            flags = gssapi.RequirementFlag.mutual_authentication | gssapi.RequirementFlag.out_of_sequence_detection | gssapi.RequirementFlag.confidentiality | gssapi.RequirementFlag.integrity
            ctx = gssapi.SecurityContext(name=name, usage='initiate', flags=flags, channel_bindings=cb, mech=gssapi.MechType.kerberos)
            out = {'token': e(ctx.step())}
        elif op == 'accept':
            ctx = gssapi.SecurityContext(usage='accept', channel_bindings=cb)
            tok = ctx.step(b(req['token']))
            out = {'token': e(tok), 'complete': ctx.complete, 'initiator': str(ctx.initiator_name)}
        elif op == 'step':
            tok = ctx.step(b(req['token']))
            out = {'token': e(tok), 'complete': ctx.complete}
        elif op == 'wrap':
            out = {'data': e(ctx.wrap(b(req['data']), True).message)}
        elif op == 'wrap_iov':
            # What pyspnego's wrap_winrm does for Kerberos: header, data, padding buffers, sealed.
            iov = IOV(IOVBufferType.header, b(req['data']), IOVBufferType.padding, std_layout=False)
            wrap_iov(ctx, iov, confidential=True)
            out = {'header': e(iov[0].value), 'data': e(iov[1].value), 'padding': e(iov[2].value or b'')}
        elif op == 'unwrap':
            r = ctx.unwrap(b(req['data']))
            out = {'data': e(r.message), 'encrypted': r.encrypted}
        elif op == 'unwrap_iov':
            iov = IOV((IOVBufferType.header, False, b(req['header'])), b(req['data']), std_layout=False)
            unwrap_iov(ctx, iov)
            out = {'data': e(iov[1].value)}
        elif op == 'delegated':
            # Use the credentials the initiator delegated to reach another service, as a second hop would.
            creds = ctx.delegated_creds
            if creds is None:
                out = {'delegated': False}
            else:
                name = gssapi.Name(req['spn'], gssapi.NameType.kerberos_principal)
                hop = gssapi.SecurityContext(name=name, creds=creds, usage='initiate', mech=gssapi.MechType.kerberos)
                out = {'delegated': True, 'name': str(creds.name), 'token': e(hop.step())}
        elif op == 'get_mic':
            out = {'mic': e(ctx.get_signature(b(req['data'])))}
        elif op == 'verify_mic':
            ctx.verify_signature(b(req['data']), b(req['mic']))
            out = {'ok': True}
        else:
            out = {'error': 'unknown op ' + op}
    except Exception as ex:
        out = {'error': type(ex).__name__ + ': ' + str(ex)}
    print(json.dumps(out), flush=True)
`;

export function startGssPeer(env: Record<string, string>): GssPeer {
  const proc = spawn(PYTHON, ['-c', GSS_PEER_PY], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let buf = '';
  let stderr = '';
  const waiting: ((line: string) => void)[] = [];
  proc.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      waiting.shift()?.(line);
    }
  });
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return {
    call: (op) =>
      new Promise((resolve, reject) => {
        if (proc.exitCode !== null) reject(new Error(`gssapi peer exited:\n${stderr}`));
        waiting.push((line) => resolve(JSON.parse(line) as Record<string, string | boolean | undefined>));
        proc.stdin.write(JSON.stringify(op) + '\n');
      }),
    stop: () => stopProcess(proc),
  };
}
