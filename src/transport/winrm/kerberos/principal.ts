/**
 * Client and service principal names from what an inventory holds: `user@REALM` (the realm uppercased: Active
 * Directory realms are the DNS domain in capitals and Windows uppercases what users type) and `HTTP/<host>` SPNs.
 */
import { KerberosError } from './errors.ts';
import { NameType, type PrincipalName } from './types.ts';

export interface ClientPrincipal {
  name: PrincipalName;
  realm: string;
}

export function parseClientPrincipal(user: string, defaultRealm?: string): ClientPrincipal {
  if (user.includes('\\')) {
    throw new KerberosError('KRB_CONFIG', `Kerberos needs the user as user@REALM, not ${JSON.stringify(user)}`, {
      hint: `write ansible_user as ${user.split('\\')[1] ?? 'user'}@${(user.split('\\')[0] ?? 'DOMAIN').toUpperCase()}.<DNS SUFFIX>, the user principal name (Ansible passes DOMAIN\\user unchanged to kinit, which fails the same way)`,
    });
  }
  const at = user.lastIndexOf('@');
  const name = at < 0 ? user : user.slice(0, at);
  const realm = at < 0 ? defaultRealm : user.slice(at + 1).toUpperCase();
  if (!name || !realm) {
    throw new KerberosError('KRB_CONFIG', `no realm for the Kerberos user ${JSON.stringify(user)}`, {
      hint: 'write ansible_user as user@REALM, or set default_realm in krb5.conf',
    });
  }
  return { name: { type: NameType.PRINCIPAL, parts: name.split('/') }, realm };
}

/** `HTTP/web01.example.com` or `HTTP/web01.example.com@REALM` as a service principal name (NT-SRV-INST). */
export function parseServicePrincipal(spn: string): { name: PrincipalName; realm?: string } {
  const at = spn.lastIndexOf('@');
  const base = at < 0 ? spn : spn.slice(0, at);
  return { name: { type: NameType.SRV_INST, parts: base.split('/') }, realm: at < 0 ? undefined : spn.slice(at + 1) };
}

export const samePrincipal = (a: PrincipalName, b: PrincipalName): boolean =>
  a.parts.length === b.parts.length && a.parts.every((p, i) => p.toLowerCase() === (b.parts[i] ?? '').toLowerCase());
