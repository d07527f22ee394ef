/**
 * The lab domain `winbook sim up --domain` joins its hosts to: the realm WINBOOK.TEST on a real MIT KDC (kdc.ts), a
 * domain admin the inventory logs on as, the domain service account WINBOOK\qliksvc, and per simulated host an
 * `HTTP/<host>.winbook.test` principal whose keytab that host's WinRM service decrypts tickets with. The KDC's
 * files live in `<stateDir>/kdc/`; `<stateDir>/krb5.conf` names the KDC for clients (KRB5_CONFIG).
 */
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Kdc, startKdc } from './kdc.ts';
import type { SimDomainOptions } from './types.ts';

export const LAB_DOMAIN_NETBIOS = 'WINBOOK';
export const LAB_DOMAIN_DNS = 'winbook.test';
export const LAB_REALM = LAB_DOMAIN_DNS.toUpperCase();
/** The domain admin (in Domain Admins, so in every member's Administrators). */
export const LAB_DOMAIN_ADMIN = 'wbadmin';
/** The domain service account Qlik's services are moved to. */
export const LAB_DOMAIN_SERVICE = { name: 'qliksvc', password: 'Qlik-Domain-Svc-2026!' };

export interface LabDomain {
  kdc: Kdc;
  /** What startSimSite/startQlikSite take as `domain`: the inventory logs on as the domain admin over Kerberos. */
  options: SimDomainOptions;
  /** `<stateDir>/krb5.conf`: the realm and its KDC, for KRB5_CONFIG. */
  krb5Conf: string;
  admin: { name: string; password: string; upn: string };
  /** `WINBOOK\qliksvc` and its password. */
  service: { name: string; password: string };
  stop(): Promise<void>;
}

export interface LabDomainOptions {
  /** The simulated hosts' names (win01, qlik01, …): each gets `HTTP/<name>.winbook.test` and a keytab. */
  hostNames: string[];
  adminPassword: string;
  stateDir: string;
  /** Loopback address the KDC listens on (a free port is chosen). */
  address: string;
}

export async function startLabDomain(o: LabDomainOptions): Promise<LabDomain> {
  const spn = (h: string) => `HTTP/${h.toLowerCase()}.${LAB_DOMAIN_DNS}`;
  const kdc = await startKdc({
    realm: LAB_REALM,
    address: o.address,
    dir: join(o.stateDir, 'kdc'),
    principals: [
      { name: LAB_DOMAIN_ADMIN, password: o.adminPassword },
      { name: LAB_DOMAIN_SERVICE.name, password: LAB_DOMAIN_SERVICE.password },
      ...o.hostNames.map((h) => ({ name: spn(h), keytab: true })),
    ],
  });
  const krb5Conf = join(o.stateDir, 'krb5.conf');
  try {
    await copyFile(kdc.krb5Conf, krb5Conf);
  } catch (e) {
    await kdc.stop();
    throw e;
  }
  const hosts = new Set(o.hostNames.map((h) => h.toLowerCase()));
  return {
    kdc,
    krb5Conf,
    admin: { name: LAB_DOMAIN_ADMIN, password: o.adminPassword, upn: `${LAB_DOMAIN_ADMIN}@${LAB_REALM}` },
    service: { name: `${LAB_DOMAIN_NETBIOS}\\${LAB_DOMAIN_SERVICE.name}`, password: LAB_DOMAIN_SERVICE.password },
    options: {
      netbios: LAB_DOMAIN_NETBIOS,
      dns: LAB_DOMAIN_DNS,
      accounts: [{ name: LAB_DOMAIN_ADMIN, password: o.adminPassword, groups: ['Domain Admins'] }, LAB_DOMAIN_SERVICE],
      keytab: (h) => (hosts.has(h.toLowerCase()) ? kdc.keytab(spn(h)) : undefined),
      inventoryAccount: LAB_DOMAIN_ADMIN,
    },
    stop: () => kdc.stop(),
  };
}
