/**
 * The Kerberos side of a host's ansible_winrm_* variables, as Ansible's winrm connection plugin and pywinrm read them
 * (ansible-core 2.14 plugins/connection/winrm.py; pywinrm Protocol's kerberos_delegation,
 * kerberos_hostname_override, service, send_cbt). winbook gets tickets in-process, so the variables that drive an
 * external kinit are honoured where they mean something here and refused where they cannot be.
 */
import { InputError } from '../errors.ts';
import type { KerberosSettings } from '../transport/types.ts';
import type { Vars } from './types.ts';

function text(host: string, name: string, raw: unknown): string {
  if (typeof raw === 'string' || typeof raw === 'number') return String(raw).trim();
  throw new InputError('CONNECTION_INVALID', `host ${host}: ${name} must be text`, { host, hint: `quote the value of ${name}` });
}

function bool(host: string, name: string, raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  const v = String(raw).trim().toLowerCase();
  if (['true', 'yes', 'on', '1', 'y', 't'].includes(v)) return true;
  if (['false', 'no', 'off', '0', 'n', 'f'].includes(v)) return false;
  throw new InputError('CONNECTION_INVALID', `host ${host}: ${name}=${String(raw)} is not a boolean`, { host, hint: `set ${name} to true or false` });
}

const set = (v: unknown): boolean => v !== undefined && v !== null;

/** ansible_winrm_send_cbt (pywinrm, default true): bind NTLM and Kerberos logons to the HTTPS certificate. */
export function sendCbt(host: string, vars: Vars): boolean {
  return set(vars.ansible_winrm_send_cbt) ? bool(host, 'ansible_winrm_send_cbt', vars.ansible_winrm_send_cbt) : true;
}

/**
 * Kerberos settings for a host whose transport list includes kerberos. `password` is what the inventory gave:
 * Ansible's kinit mode defaults to managed (a ticket from ansible_user/ansible_password) when a password is set,
 * manual (the ticket cache of KRB5CCNAME, after the user's own kinit) otherwise.
 */
export function kerberosSettings(host: string, vars: Vars, password: string | undefined): KerberosSettings {
  const modeRaw = vars.ansible_winrm_kinit_mode;
  let mode: 'managed' | 'manual' = password !== undefined && password !== '' ? 'managed' : 'manual';
  if (set(modeRaw)) {
    const m = text(host, 'ansible_winrm_kinit_mode', modeRaw).toLowerCase();
    if (m !== 'managed' && m !== 'manual') {
      throw new InputError('CONNECTION_INVALID', `host ${host}: ansible_winrm_kinit_mode=${m} is not valid`, { host, hint: 'use managed (a ticket from ansible_user/ansible_password) or manual (your own kinit, KRB5CCNAME)' });
    }
    mode = m;
  }
  if (mode === 'managed' && (password === undefined || password === '')) {
    throw new InputError('CONNECTION_NO_CREDENTIALS', `host ${host}: ansible_winrm_kinit_mode=managed needs ansible_password`, {
      host,
      hint: 'set ansible_password (in a vault), or use ansible_winrm_kinit_mode: manual after your own kinit (KRB5CCNAME)',
    });
  }
  if (set(vars.ansible_winrm_kinit_cmd)) {
    throw new InputError('CONNECTION_UNSUPPORTED', `host ${host}: ansible_winrm_kinit_cmd cannot be honoured: winbook gets Kerberos tickets itself, without running kinit`, {
      host,
      hint: 'remove ansible_winrm_kinit_cmd; winbook reads the KDC from krb5.conf (KRB5_CONFIG) like kinit does, or use ansible_winrm_kinit_mode: manual with a cache your kinit filled (KRB5CCNAME)',
    });
  }
  if (set(vars.ansible_winrm_kinit_args)) {
    // Ansible passes these to kinit. -f asks a forwardable TGT, which winbook asks anyway when delegating.
    const args = text(host, 'ansible_winrm_kinit_args', vars.ansible_winrm_kinit_args).split(/\s+/).filter(Boolean);
    const other = args.filter((a) => a !== '-f');
    if (other.length > 0) {
      throw new InputError('CONNECTION_UNSUPPORTED', `host ${host}: ansible_winrm_kinit_args ${other.join(' ')} cannot be honoured: winbook runs no kinit`, {
        host,
        hint: 'only -f is understood (and implied by ansible_winrm_kerberos_delegation); for other kinit options, kinit yourself and use ansible_winrm_kinit_mode: manual',
      });
    }
  }
  if (set(vars.ansible_winrm_keytab)) {
    throw new InputError('CONNECTION_UNSUPPORTED', `host ${host}: ansible_winrm_keytab is not supported (pywinrm ignores it too)`, {
      host,
      hint: 'kinit -k -t <keytab> <principal> yourself and use ansible_winrm_kinit_mode: manual (KRB5CCNAME)',
    });
  }
  const delegate = set(vars.ansible_winrm_kerberos_delegation) ? bool(host, 'ansible_winrm_kerberos_delegation', vars.ansible_winrm_kerberos_delegation) : false;
  const override = vars.ansible_winrm_kerberos_hostname_override;
  const service = set(vars.ansible_winrm_service) ? text(host, 'ansible_winrm_service', vars.ansible_winrm_service) : 'HTTP';
  const settings: KerberosSettings = { mode, service, delegate };
  if (set(override)) settings.hostnameOverride = text(host, 'ansible_winrm_kerberos_hostname_override', override);
  return settings;
}
