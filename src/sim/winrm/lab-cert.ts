/**
 * The HTTPS certificate of a simulated site's WinRM listeners (`winbook sim up --https`), made with the openssl CLI
 * (Node cannot issue X.509): one self-signed certificate naming every host by address and DNS name, so the
 * inventory trusts it with ansible_winrm_ca_trust_path and certificate validation stays on. Channel binding
 * (tls-server-end-point) hashes this certificate: a SHA-256 signature, as Windows' own listener certificates carry.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TlsIdentity } from './types.ts';

export interface LabCert extends TlsIdentity {
  /** The certificate's PEM file: the CA to trust. */
  caPath: string;
}

export function makeLabCert(dir: string, names: { addresses: string[]; dnsNames: string[] }): LabCert {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keyPath = join(dir, 'winrm-key.pem');
  const caPath = join(dir, 'winrm-cert.pem');
  const san = [...names.addresses.map((a) => `IP:${a}`), ...names.dnsNames.map((d) => `DNS:${d}`)].join(',');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-sha256', '-nodes', '-keyout', keyPath, '-out', caPath, '-days', '30',
    '-subj', '/CN=winbook-sim WinRM', '-addext', `subjectAltName=${san}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  return { cert: readFileSync(caPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), caPath };
}
