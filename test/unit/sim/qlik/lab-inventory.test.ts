import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { QLIK_DEFAULT_BASE, QLIK_SERVICE_ACCOUNT, QLIK_SERVICE_PASSWORD } from '../../../../src/sim/site-qlik.ts';
import { LAB_PASSWORD } from '../../../../src/sim/site.ts';
import { runCli } from '../../../helpers/cli.ts';

interface Inv {
  all: { vars: Record<string, unknown>; children: Record<string, { hosts: Record<string, { ansible_host: string }> }> };
}

describe('inventory/lab.yml', () => {
  it('targets what `winbook sim up --site qlik` starts with no other flags', () => {
    const inv = parse(readFileSync('inventory/lab.yml', 'utf8')) as Inv;
    const hosts = (g: string) => Object.entries(inv.all.children[g]?.hosts ?? {}).map(([n, v]) => `${n}@${v.ansible_host}`);
    expect(hosts('central')).toEqual([`qlik01@${QLIK_DEFAULT_BASE}.1`]);
    expect(hosts('rim')).toEqual([`qlik02@${QLIK_DEFAULT_BASE}.2`, `qlik03@${QLIK_DEFAULT_BASE}.3`]);
    expect(hosts('new_rim')).toEqual([`qlik04@${QLIK_DEFAULT_BASE}.4`]);
    expect(inv.all.vars).toMatchObject({
      ansible_password: LAB_PASSWORD, qlik_central_host: `${QLIK_DEFAULT_BASE}.1`, qlik_service_account: QLIK_SERVICE_ACCOUNT, qlik_service_password: QLIK_SERVICE_PASSWORD,
      qlik_client_cert: '.winbook/sim/qlik/client.pem', qlik_client_key: '.winbook/sim/qlik/client_key.pem', qlik_root_cert: '.winbook/sim/qlik/root.pem',
    });
  });
});

describe('inventory/example-site.yml', () => {
  it('loads with its vault password file: a central node and two rims', async () => {
    const r = await runCli(['inventory', '-i', 'inventory/example-site.yml', '--vault-password-file', 'inventory/example-site.vault-password', '--graph']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.replace(/(\s|\||--)+/g, ' ')).toContain('@central: qlik-central.corp.example.com @rim: qlik-rim1.corp.example.com qlik-rim2.corp.example.com');
  });
});
