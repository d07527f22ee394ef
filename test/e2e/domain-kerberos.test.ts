/**
 * End to end, issue 17: the shipped playbooks run by the CLI with `ansible_winrm_transport: kerberos` against
 * simulated domain members whose keys come from a real MIT KDC (test/helpers/kdc.ts). The Qlik
 * change-service-account procedure moves every node to the domain service account WINBOOK\qliksvc in the documented
 * order over HTTP with Kerberos message encryption; the demo runs over HTTPS with channel binding at
 * CbtHardeningLevel Strict. The inventory is the shape of inventory/domain-site.yml.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { type QlikSite, startQlikSite } from '../../src/sim/site-qlik.ts';
import { startSimSite, type SimSite } from '../../src/sim/site.ts';
import type { SimDomainOptions } from '../../src/sim/domain/types.ts';
import { loopbackAddress, loopbackBlock } from '../helpers/addresses.ts';
import { runCli } from '../helpers/cli.ts';
import { startKdc, type Kdc } from '../helpers/kdc.ts';
import { isCentralViolations, qrdStops, qsdFirstViolations } from '../helpers/qlik-rehearsal.ts';
import { makeCert } from '../integration/winrm-helpers.ts';

const QLIK_BLOCK = 164;
const DEMO_BLOCK = 165;
const ADMIN = { name: 'wbadmin', password: 'Wb-Admin-2026!' };
const SVC = { name: 'qliksvc', password: 'Qlik-Domain-Svc-2026!' };

let dir: string;
let kdc: Kdc;
const hostsFor = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);

function domainOf(): SimDomainOptions {
  return {
    netbios: 'WINBOOK',
    dns: 'winbook.test',
    accounts: [{ ...ADMIN, groups: ['Domain Admins'] }, SVC],
    keytab: (h) => kdc.keytab(`HTTP/${h}.winbook.test`),
  };
}

/** The site's inventory turned to Kerberos with the domain admin, each host's SPN named (no DNS for loopback). */
function kerberosInventory(yaml: string, hosts: string[], extra: Record<string, unknown> = {}): string {
  const inv = parse(yaml) as { all: { vars?: Record<string, unknown>; children: Record<string, { hosts?: Record<string, Record<string, unknown>>; vars?: Record<string, unknown> }> } };
  const vars = (inv.all.vars ??= {});
  Object.assign(vars, { ansible_winrm_transport: 'kerberos', ansible_user: `${ADMIN.name}@WINBOOK.TEST`, ansible_password: ADMIN.password, ...extra });
  for (const g of Object.values(inv.all.children)) {
    Object.assign(g.vars ?? {}, { ansible_winrm_transport: 'kerberos', ansible_user: `${ADMIN.name}@WINBOOK.TEST`, ansible_password: ADMIN.password, ...extra });
    for (const [name, hv] of Object.entries(g.hosts ?? {})) if (hosts.includes(name)) hv.ansible_winrm_kerberos_hostname_override = `${name}.winbook.test`;
  }
  return stringify(inv);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'winbook-domain-e2e-'));
  kdc = await startKdc({
    address: loopbackAddress(QLIK_BLOCK, 250),
    principals: [
      { name: ADMIN.name, password: ADMIN.password },
      ...[...hostsFor('qlik', 4), ...hostsFor('win', 2)].map((h) => ({ name: `HTTP/${h}.winbook.test`, keytab: true })),
    ],
  });
});
afterAll(async () => {
  await kdc?.stop();
});

describe('change-service-account.yml on a domain Qlik site over Kerberos', () => {
  let site: QlikSite;
  beforeAll(async () => {
    site = await startQlikSite({ baseAddress: loopbackBlock(QLIK_BLOCK), domain: domainOf() });
  });
  afterAll(async () => site?.close());

  it('moves every node to WINBOOK\\qliksvc in the documented order, then reruns with 0 changed', async () => {
    const inv = join(dir, 'qlik.yml');
    await writeFile(inv, kerberosInventory(site.inventory(), hostsFor('qlik', 4), { qlik_service_account: 'WINBOOK\\qliksvc', qlik_service_password: SVC.password }));
    const qsd = Object.fromEntries(site.model.nodes().map((n) => [n.state.hostname, n.state.services.find((s) => s.name === 'QlikSenseServiceDispatcher')?.state === 'running']));
    const env = { KRB5_CONFIG: kdc.krb5Conf };
    const first = await runCli(['run', 'playbooks/qlik-sense/change-service-account.yml', '-i', inv], { env });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const entries = site.log.entries();
    expect(qsdFirstViolations(entries, qsd)).toEqual([]);
    expect(qrdStops(entries)).toEqual([]);
    expect(isCentralViolations(entries, site.groups.central[0] as string)).toEqual([]);
    for (const h of ['qlik01', 'qlik02', 'qlik03']) {
      const services = site.model.get(h)?.state.services.filter((s) => s.name.startsWith('QlikSense') && s.name !== 'QlikSenseRepositoryDatabase') ?? [];
      expect(services.length).toBeGreaterThan(0);
      for (const s of services) expect(`${s.name}=${s.account}:${s.state}`).toBe(`${s.name}=WINBOOK\\qliksvc:running`);
      // The domain account is in the local groups step 2 names, as a domain member shows it.
      expect(site.model.get(h)?.state.groups['Qlik Sense Service Users']?.map((m) => m.toLowerCase())).toContain('winbook\\qliksvc');
    }
    // Every change was made by the domain admin that Kerberos authenticated.
    expect(new Set(entries.filter((e) => e.what.startsWith('service.')).map((e) => String(e.account ?? '').toLowerCase()))).toEqual(new Set(['winbook\\wbadmin']));
    expect(first.stdout + first.stderr).not.toContain(SVC.password);
    expect(first.stdout + first.stderr).not.toContain(ADMIN.password);

    const second = await runCli(['run', 'playbooks/qlik-sense/change-service-account.yml', '-i', inv], { env });
    expect(second.code, second.stdout).toBe(0);
    expect(second.stdout).toMatch(/qlik01\s+: ok=\d+\s+changed=0 /);
  }, 300_000);
});

describe('the demo playbook over HTTPS with Kerberos channel binding at CbtHardeningLevel Strict', () => {
  let site: SimSite;
  beforeAll(async () => {
    const cert = await makeCert(dir, [1, 2].map((i) => loopbackAddress(DEMO_BLOCK, i)));
    site = await startSimSite({
      hosts: 2, baseAddress: loopbackBlock(DEMO_BLOCK), domain: domainOf(),
      listener: { https: cert, cbtHardeningLevel: 'strict' },
    });
    await writeFile(join(dir, 'ca.pem'), cert.cert);
  });
  afterAll(async () => site?.close());

  it('runs every task on both hosts and exits 0', async () => {
    const inv = join(dir, 'demo.yml');
    await writeFile(inv, kerberosInventory(site.inventory(), hostsFor('win', 2), { ansible_winrm_ca_trust_path: join(dir, 'ca.pem') }));
    const r = await runCli(['run', 'playbooks/demo.yml', '-i', inv], { env: { KRB5_CONFIG: kdc.krb5Conf } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/win01\s+: ok=\d+\s+changed=\d+\s+.*failed=0/);
    expect(r.stdout).toContain('win02 calls itself WIN02');
    expect(site.hosts.every((h) => h.listener.url.startsWith('https:'))).toBe(true);
  });
});
