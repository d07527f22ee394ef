/**
 * qlik_service_account's own script in pwsh against a simulated Qlik node (issue 13: M1, M2, M4 and the minor
 * findings), through the real WinRM client and agent.
 */
import { describe, expect, it } from 'vitest';
import { findModule } from '../../src/modules/registry.ts';
import type { ModuleDef, ModuleResult } from '../../src/modules/types.ts';
import { startQlikSite } from '../../src/sim/site-qlik.ts';
import { registryOf } from '../../src/sim/host/registry-hive.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { useSiteAgent } from '../helpers/site-agent.ts';

const PASSWORD = 'Qlik-Svc-2026!';

describe('qlik_service_account runs its own PowerShell against a simulated node', () => {
  const on = useSiteAgent(() => startQlikSite({ baseAddress: loopbackBlock(206), rims: 0, newRims: 0 }), (s) => s.sim);
  const def = findModule('qlik_service_account') as ModuleDef;
  const node = () => on.site().sim.hosts[0]!.host;
  const run = (args: Record<string, unknown>, check = false): Promise<ModuleResult> =>
    on.agent().invoke(def, def.schema.parse({ username: '.\\qliksvc', password: PASSWORD, start: false, ...args }), { check, diff: false });
  const entries = () => on.site().log.entries().filter((e) => e.host === node().name);


  it('a wrong password stops at the credential test, before any service is touched', async () => {
    const before = entries().length;
    const r = await run({ password: 'Not-The-Password1', groups: [] });
    expect(r).toMatchObject({ failed: true, logon_error: 1326 });
    expect(String(r.msg)).toMatch(/^credential test for \.\\qliksvc failed before any service was touched: .*\(1326\)$/);
    expect(entries().slice(before).filter((e) => e.what.startsWith('service.'))).toEqual([]);
    expect(JSON.stringify(r)).not.toContain('Not-The-Password1');
  });

  it('M1: services: [] changes no service (it used to mean every service)', async () => {
    const before = entries().length;
    const r = await run({ services: [], groups: [] });
    expect(r.failed ?? false).toBe(false);
    expect(r.services_changed).toEqual([]);
    expect(entries().slice(before).filter((e) => e.what.startsWith('service.'))).toEqual([]);
  });

  it('groups by SID: S-1-5-32-558 is Performance Monitor Users; check mode changes nothing', async () => {
    const fingerprint = JSON.stringify(node().state);
    const check = await run({ groups: ['S-1-5-32-558'], services: [] }, true);
    expect(check).toMatchObject({ changed: true, groups_added: ['Performance Monitor Users'] });
    expect(JSON.stringify(node().state)).toBe(fingerprint);
    const apply = await run({ groups: ['S-1-5-32-558'], services: [] });
    expect(apply).toMatchObject({ changed: true, groups_added: ['Performance Monitor Users'] });
  });

  it('M2/M4: every service gets its account and its own password marker, so a rerun changes nothing', async () => {
    const apply = await run({});
    expect(apply.failed ?? false).toBe(false);
    const changed = apply.services_changed as string[];
    expect(changed.length).toBe(6);
    const key = registryOf(node().state);
    const markers = JSON.stringify(key);
    for (const name of changed) expect(markers).toContain(name);
    for (const s of node().state.services.filter((x) => changed.includes(x.name))) expect(s.account.toLowerCase()).toMatch(/qliksvc$/);
    const again = await run({});
    expect(again).toMatchObject({ changed: false, services_changed: [] });
  });

  it('a new password is a change for every service; the same one again is not', async () => {
    const user = node().state.users.find((u) => u.name.toLowerCase() === 'qliksvc')!;
    user.password = 'Qlik-Svc-2027!';
    const r = await run({ password: 'Qlik-Svc-2027!' });
    expect((r.services_changed as string[]).length).toBe(6);
    expect(await run({ password: 'Qlik-Svc-2027!' })).toMatchObject({ changed: false });
  });
});
