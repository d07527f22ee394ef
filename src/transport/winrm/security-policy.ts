/**
 * What a host's connection variables mean for the wire: whether messages are sealed (pywinrm's
 * ansible_winrm_message_encryption auto|always|never), whether Basic may go over plain HTTP, and how the HTTPS
 * certificate is checked. Refusals are ConnectionErrors: the host is unreachable as configured, nothing was sent.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectionError } from '../../errors.ts';
import type { ConnectionSettings } from '../types.ts';
import type { TlsOptions } from './http/socket.ts';

export interface WirePolicy {
  encryption: boolean;
  tls?: TlsOptions;
  /** Said once when the transport opens (the engine shows them as warnings). */
  warnings: string[];
}

type PolicySettings = Pick<
  ConnectionSettings,
  'host' | 'scheme' | 'winrmTransport' | 'messageEncryption' | 'serverCertValidation' | 'caTrustPath'
>;

export function wirePolicy(s: PolicySettings): WirePolicy {
  const warnings: string[] = [];
  const basic = s.winrmTransport === 'basic';
  if (basic && s.messageEncryption === 'always') {
    throw new ConnectionError('WINRM_ENCRYPTION_UNAVAILABLE', `host ${s.host}: ansible_winrm_message_encryption=always cannot be met with Basic authentication, which has no session key to seal messages`, {
      host: s.host,
      hint: 'use ansible_winrm_transport: ntlm (seals on http and https), or https with ansible_winrm_message_encryption: auto',
    });
  }
  if (basic && s.scheme === 'http') {
    // Explicit consent only: Basic over HTTP puts the password and every message on the wire in clear text.
    if (s.messageEncryption !== 'never') {
      throw new ConnectionError('WINRM_BASIC_OVER_HTTP', `host ${s.host}: refusing Basic authentication over plain HTTP: the password and every command would cross the network unencrypted`, {
        host: s.host,
        hint: 'use https (ansible_winrm_scheme: https, port 5986) or ansible_winrm_transport: ntlm; for a lab host whose WinRM service has AllowUnencrypted=true and Basic=true, set ansible_winrm_message_encryption: never to allow it',
      });
    }
    // Host-free texts: the reporters print each once per run, as Display.warning prints a text once (the event names the host).
    warnings.push('Basic authentication over plain HTTP: the password and all traffic are sent unencrypted (AllowUnencrypted must be true on the host)');
  }
  // pywinrm: auto seals on http only (TLS already protects https); always seals on both; never never seals.
  const encryption = !basic && (s.messageEncryption === 'always' || (s.messageEncryption === 'auto' && s.scheme === 'http'));
  if (s.scheme === 'http') return { encryption, warnings };
  if (s.serverCertValidation === 'ignore') {
    warnings.push('the HTTPS certificate is not checked (ansible_winrm_server_cert_validation: ignore); anyone on the network path can pose as the host and receive the password');
    return { encryption, warnings, tls: { rejectUnauthorized: false } };
  }
  const ca = s.caTrustPath === undefined ? undefined : loadCaBundle(s.host, s.caTrustPath);
  return { encryption, warnings, tls: { rejectUnauthorized: true, ca } };
}

/** ansible_winrm_ca_trust_path: a PEM file, or a directory of PEM files (as requests' `verify` accepts). */
export function loadCaBundle(host: string, path: string): string[] {
  try {
    if (!statSync(path).isDirectory()) return [readFileSync(path, 'utf8')];
    return readdirSync(path)
      .filter((f) => /\.(pem|crt|cer)$/i.test(f))
      .map((f) => readFileSync(join(path, f), 'utf8'));
  } catch (e) {
    throw new ConnectionError('WINRM_CA_TRUST_PATH', `host ${host}: cannot read ansible_winrm_ca_trust_path ${path}: ${e instanceof Error ? e.message : String(e)}`, {
      host,
      hint: 'point ansible_winrm_ca_trust_path at a PEM file (or a directory of them) holding the CA that issued the host certificate',
    });
  }
}
