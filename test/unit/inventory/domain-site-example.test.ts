import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectionSettings, hostVars, loadInventory } from '../../../src/inventory/index.ts';
import { Vault, decryptInventory } from '../../../src/vault/index.ts';
import { runCli } from '../../helpers/cli.ts';

describe('inventory/domain-site.yml', () => {
  it('loads with the example vault password: Kerberos over HTTPS for the domain admin, a domain service account', async () => {
    const r = await runCli(['inventory', '-i', 'inventory/domain-site.yml', '--vault-password-file', 'inventory/example-site.vault-password', '--graph']);
    expect(r.code, r.stderr).toBe(0);
    const vault = new Vault([{ label: 'default', password: Buffer.from(readFileSync('inventory/example-site.vault-password', 'utf8').trim()) }]);
    const inv = await loadInventory(['inventory/domain-site.yml'], { decrypt: vault.decryptVarsFile });
    decryptInventory(inv, vault);
    const vars = hostVars(inv, 'qlik-rim1.corp.example.com');
    expect(vars.qlik_service_account).toBe('CORP\\svc-qliksense');
    expect(connectionSettings('qlik-rim1.corp.example.com', vars)).toMatchObject({
      winrmTransport: 'kerberos', scheme: 'https', port: 5986, user: 'qlik-admin@CORP.EXAMPLE.COM', sendCbt: true,
      kerberos: { mode: 'managed', service: 'HTTP' },
    });
  });
});
