/**
 * ConnectionSettings from a host's ansible_* variables, with the defaults of Ansible's winrm
 * connection plugin and pywinrm. Where several names feed one setting, the later name in the plugin's `vars:`
 * list wins, as in Ansible (ansible_winrm_user over ansible_user). Values from INI inventories may be strings.
 *
 * Deliberate differences (docs/compatibility.md, "Connections"): with neither ansible_port nor ansible_winrm_scheme
 * set, Ansible uses 5986/https, winbook 5985/http with message encryption; without ansible_winrm_transport Ansible
 * uses Basic (after Kerberos when ansible_user is user@REALM), winbook NTLM (Kerberos alone for user@REALM).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import type { SshSettings } from '../transport/ssh/settings.ts';
import type { ConnectionSettings } from '../transport/types.ts';
import { didYouMean } from '../util/did-you-mean.ts';
import { kerberosSettings, sendCbt } from './kerberos-settings.ts';
import type { Vars } from './types.ts';

const WINRM_VARS = {
  address: ['ansible_host', 'ansible_winrm_host'],
  port: ['ansible_port', 'ansible_winrm_port'],
  user: ['ansible_user', 'ansible_winrm_user'],
  password: ['ansible_password', 'ansible_winrm_pass', 'ansible_winrm_password'],
};
const SSH_VARS = {
  address: ['ansible_host', 'ansible_ssh_host'],
  port: ['ansible_port', 'ansible_ssh_port'],
  user: ['ansible_user', 'ansible_ssh_user'],
  password: ['ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password'],
};

/** Ansible's ssh connection plugin names (ansible-doc -t connection ssh; the passphrase names are ansible-core 2.19's). */
const SSH_KEY_VARS = {
  keyFile: ['ansible_private_key_file', 'ansible_ssh_private_key_file'],
  passphrase: ['ansible_private_key_passphrase', 'ansible_ssh_private_key_passphrase'],
  hostKeyChecking: ['ansible_host_key_checking', 'ansible_ssh_host_key_checking'],
  timeout: ['ansible_timeout', 'ansible_ssh_timeout'],
};

/**
 * The SSH-only settings: key file and passphrase, known_hosts and host key checking (on unless
 * ansible_host_key_checking or ANSIBLE_HOST_KEY_CHECKING says false), connect timeout (Ansible's default 10 s).
 */
export function sshSettings(host: string, vars: Vars, env: Record<string, string | undefined> = process.env): SshSettings {
  const last = (list: string[]): unknown => {
    let v: unknown;
    for (const n of list) if (vars[n] !== undefined && vars[n] !== null) v = vars[n];
    return v;
  };
  const keyFile = last(SSH_KEY_VARS.keyFile);
  const passphrase = last(SSH_KEY_VARS.passphrase);
  const checkingVar = last(SSH_KEY_VARS.hostKeyChecking) ?? env.ANSIBLE_HOST_KEY_CHECKING ?? env.ANSIBLE_SSH_HOST_KEY_CHECKING;
  const knownHosts = vars.ansible_ssh_known_hosts_file;
  const timeout = last(SSH_KEY_VARS.timeout);
  const settings: SshSettings = {
    knownHostsFile: expandHome(knownHosts === undefined || knownHosts === null ? '~/.ssh/known_hosts' : scalarString(host, 'ansible_ssh_known_hosts_file', knownHosts)),
    hostKeyChecking: checkingVar === undefined ? true : boolVar(host, 'ansible_host_key_checking', checkingVar),
    connectTimeoutSec: timeout === undefined ? 10 : intVar(host, 'ansible_ssh_timeout', timeout, 1, 3600),
    keepaliveIntervalSec: 15,
  };
  if (keyFile !== undefined) settings.privateKeyFile = expandHome(scalarString(host, 'ansible_ssh_private_key_file', keyFile));
  if (passphrase !== undefined) settings.privateKeyPassphrase = scalarString(host, 'ansible_private_key_passphrase', passphrase);
  return settings;
}

/** Ansible's boolean coercion for settings: yes/no, true/false, on/off, 1/0, any case. */
function boolVar(host: string, name: string, raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  const v = String(raw).trim().toLowerCase();
  if (['true', 'yes', 'on', '1', 'y', 't'].includes(v)) return true;
  if (['false', 'no', 'off', '0', 'n', 'f'].includes(v)) return false;
  throw new InputError('CONNECTION_INVALID', `host ${host}: ${name}=${String(raw)} is not a boolean`, { host, hint: `set ${name} to true or false` });
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

export function connectionSettings(host: string, vars: Vars): ConnectionSettings {
  const connection = connectionType(host, vars);
  const names = connection === 'ssh' ? SSH_VARS : WINRM_VARS;
  const last = (list: string[]): unknown => {
    let v: unknown;
    for (const n of list) if (vars[n] !== undefined && vars[n] !== null) v = vars[n];
    return v;
  };

  const explicitScheme = enumVar(host, vars, 'ansible_winrm_scheme', ['http', 'https'] as const);
  const portVar = last(names.port);
  const defaultPort = connection === 'ssh' ? 22 : explicitScheme === 'https' ? 5986 : 5985;
  const port = portVar === undefined ? defaultPort : intVar(host, 'ansible_port', portVar, 1, 65535);
  // Ansible's winrm plugin: without a scheme, http on 5985 and https on any other port.
  const scheme = explicitScheme ?? (port === 5985 ? 'http' : 'https');

  const operationTimeoutSec = optionalInt(host, vars, 'ansible_winrm_operation_timeout_sec') ?? 20;
  const readTimeoutSec = optionalInt(host, vars, 'ansible_winrm_read_timeout_sec') ?? 30;
  if (readTimeoutSec <= operationTimeoutSec) {
    throw new InputError('CONNECTION_INVALID', `host ${host}: ansible_winrm_read_timeout_sec (${readTimeoutSec}) must exceed ansible_winrm_operation_timeout_sec (${operationTimeoutSec})`, {
      host,
      hint: `set ansible_winrm_read_timeout_sec to at least ${operationTimeoutSec + 10}: the HTTP read must outlast the server's long-poll (pywinrm requires the same)`,
    });
  }

  const transport = connection === 'winrm' ? winrmTransport(host, vars.ansible_winrm_transport, last(names.user)) : { transport: 'ntlm' as const, ntlmFallback: false };
  const kerberos = transport.transport === 'kerberos' ? kerberosSettings(host, vars, optionalText(last(names.password))) : undefined;
  // Over SSH a private key may stand in for the password; with Kerberos, the user's own kinit (KRB5CCNAME) may.
  const keyAuth = (connection === 'ssh' && last(SSH_KEY_VARS.keyFile) !== undefined) || kerberos?.mode === 'manual';
  const user = last(names.user) ?? (kerberos?.mode === 'manual' ? '' : undefined);
  const password = last(names.password) ?? (keyAuth ? '' : undefined);
  if (user === undefined || password === undefined) {
    const missing = [user === undefined ? `ansible_user` : '', password === undefined ? 'ansible_password' : ''].filter(Boolean);
    throw new InputError('CONNECTION_NO_CREDENTIALS', `host ${host}: no ${missing.join(' and no ')} set`, {
      host,
      hint: `set ${missing.join(' and ')} for ${host} (in host_vars/${host}.yml, group_vars/, or the inventory), keeping the password in a vault`,
    });
  }

  const caTrustPath = vars.ansible_winrm_ca_trust_path;
  const settings: ConnectionSettings = {
    host,
    address: String(last(names.address) ?? host),
    port,
    user: scalarString(host, 'ansible_user', user),
    password: scalarString(host, 'ansible_password', password),
    connection,
    winrmTransport: transport.transport,
    scheme,
    serverCertValidation: enumVar(host, vars, 'ansible_winrm_server_cert_validation', ['validate', 'ignore'] as const) ?? 'validate',
    messageEncryption: enumVar(host, vars, 'ansible_winrm_message_encryption', ['auto', 'always', 'never'] as const) ?? 'auto',
    operationTimeoutSec,
    readTimeoutSec,
    // Windows OpenSSH's default shell is cmd.exe; WinRM's agent and modules speak PowerShell.
    shellType: enumVar(host, vars, 'ansible_shell_type', ['powershell', 'cmd'] as const) ?? (connection === 'ssh' ? 'cmd' : 'powershell'),
  };
  if (caTrustPath !== undefined && caTrustPath !== null) settings.caTrustPath = String(caTrustPath);
  if (connection === 'winrm') settings.sendCbt = sendCbt(host, vars);
  if (kerberos) {
    settings.kerberos = kerberos;
    if (transport.ntlmFallback) settings.ntlmFallback = true;
  }
  return settings;
}

/** A YAML float (`1.0`, a Number object: template/py-float.ts) is its Python str(), as Ansible's str() gives. */
function optionalText(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' || v instanceof Number ? String(v) : undefined;
}

function connectionType(host: string, vars: Vars): 'winrm' | 'ssh' {
  const raw = vars.ansible_connection;
  if (raw === undefined || raw === null) return 'winrm';
  const c = String(raw).replace(/^ansible\.(builtin|windows)\./, '');
  if (c === 'winrm' || c === 'ssh') return c;
  const hint =
    c === 'psrp'
      ? 'psrp is not supported yet; use ansible_connection: winrm (same port and credentials)'
      : c === 'local'
        ? 'winbook manages Windows hosts remotely; use delegate_to: localhost on a task for controller-side work'
        : `use winrm (default) or ssh${didYouMean(c, ['winrm', 'ssh'])}`;
  throw new InputError('CONNECTION_UNSUPPORTED', `host ${host}: ansible_connection=${c} is not supported`, { host, hint });
}

/**
 * ansible_winrm_transport: a name, a comma-separated list or a YAML list. Ansible tries the entries in order and
 * moves to the next on any failure; winbook uses the first supported entry, and after kerberos the one fallback it
 * can make without a second logon attempt: ntlm, offered alongside Kerberos in SPNEGO (the host picks) and used
 * alone when no Kerberos ticket can be had.
 *
 * Unset, Ansible's winrm plugin (2.14 _build_winrm_kwargs) picks [kerberos, plaintext|ssl] when ansible_user holds
 * an @ and pykerberos imports, else [plaintext|ssl]. winbook always has Kerberos, so user@REALM gets kerberos as
 * there, without the Basic fallback (Basic after a refused ticket would send the password to that host, and Windows
 * has Basic off); any other user gets NTLM, not Basic, which Windows has off by default.
 */
function winrmTransport(host: string, raw: unknown, user: unknown): { transport: 'ntlm' | 'basic' | 'kerberos'; ntlmFallback: boolean } {
  if (raw === undefined || raw === null) return { transport: typeof user === 'string' && user.includes('@') ? 'kerberos' : 'ntlm', ntlmFallback: false };
  const list = (Array.isArray(raw) ? raw.map(String) : String(raw).split(',')).map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const [i, t] of list.entries()) {
    if (t === 'ntlm' || t === 'basic') return { transport: t, ntlmFallback: false };
    // pywinrm's names for Basic authentication without and with TLS.
    if (t === 'plaintext' || t === 'ssl') return { transport: 'basic', ntlmFallback: false };
    if (t === 'kerberos') {
      const rest = list.slice(i + 1);
      const unsupported = rest.find((r) => r !== 'ntlm');
      if (unsupported !== undefined) {
        throw new InputError('CONNECTION_UNSUPPORTED', `host ${host}: ansible_winrm_transport falls back from kerberos to ${unsupported}, which winbook does not do`, {
          host,
          hint: 'list only kerberos, or kerberos then ntlm (NTLM is then offered in the same SPNEGO negotiation); Basic after a failed Kerberos logon would send the password to a host that refused the ticket',
        });
      }
      return { transport: 'kerberos', ntlmFallback: rest.includes('ntlm') };
    }
  }
  const first = list[0] ?? String(raw);
  if (first === 'negotiate') {
    throw new InputError('CONNECTION_UNSUPPORTED', `host ${host}: ansible_winrm_transport=negotiate is not a pywinrm transport (Ansible's winrm connection fails on it too)`, {
      host,
      hint: 'for Kerberos with NTLM as fallback write ansible_winrm_transport: [kerberos, ntlm] (what pypsrp calls negotiate)',
    });
  }
  const later = ['credssp', 'certificate'].includes(first);
  throw new InputError('CONNECTION_UNSUPPORTED', `host ${host}: ansible_winrm_transport=${first} is not supported${later ? ' yet' : ''}`, {
    host,
    hint: later ? `${first} is not supported yet, use ntlm or kerberos (both seal messages over http and bind to the certificate over https)` : `use ntlm, kerberos or basic${didYouMean(first, ['ntlm', 'kerberos', 'basic'])}`,
  });
}

function enumVar<T extends string>(host: string, vars: Vars, name: string, allowed: readonly T[]): T | undefined {
  const raw = vars[name];
  if (raw === undefined || raw === null) return undefined;
  const v = String(raw).trim().toLowerCase();
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new InputError('CONNECTION_INVALID', `host ${host}: ${name}=${String(raw)} is not valid`, {
    host,
    hint: `use one of ${allowed.join(', ')}${didYouMean(v, allowed)}`,
  });
}

function optionalInt(host: string, vars: Vars, name: string): number | undefined {
  const raw = vars[name];
  return raw === undefined || raw === null ? undefined : intVar(host, name, raw, 1, 86_400);
}

/** Ansible's int() coercion: an int, a whole float (`5986.0`), or a string of digits. */
function intVar(host: string, name: string, raw: unknown, min: number, max: number): number {
  const n = typeof raw === 'number' || raw instanceof Number ? Number(raw) : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new InputError('CONNECTION_INVALID', `host ${host}: ${name}=${JSON.stringify(raw)} is not a whole number from ${min} to ${max}`, {
      host,
      hint: `set ${name} to a number such as ${name.includes('port') ? 5985 : 30}`,
    });
  }
  return n;
}

function scalarString(host: string, name: string, raw: unknown): string {
  if (typeof raw === 'string' || typeof raw === 'number' || raw instanceof Number) return String(raw);
  throw new InputError('CONNECTION_INVALID', `host ${host}: ${name} must be text, found ${Array.isArray(raw) ? 'a list' : typeof raw}`, {
    host,
    hint: typeof raw === 'object' && raw !== null && '__ansible_vault' in raw ? 'decrypt vault values before building connection settings (give the vault password)' : `quote the value of ${name}`,
  });
}
