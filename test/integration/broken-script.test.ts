/**
 * A rehearsal runs the module's own script, so a defect in the script fails the rehearsal (issue 13): the shipped
 * qlik_services with `services: []` stops nothing; the same script with the old unrolled-array reading of
 * `services` stops every Qlik service, and with a stray value after its result returns no result at all.
 */
import { describe, expect, it } from 'vitest';
import { findModule } from '../../src/modules/registry.ts';
import type { ModuleDef } from '../../src/modules/types.ts';
import { startQlikSite } from '../../src/sim/site-qlik.ts';
import { loopbackBlock } from '../helpers/addresses.ts';
import { useSiteAgent } from '../helpers/site-agent.ts';

const SERVICES_ARG = "$names = $null\nif (Test-ModuleArg -Name 'services') { $names = @(Get-ModuleArg -Name 'services') }";

describe('a deliberately broken module script fails its rehearsal', () => {
  const on = useSiteAgent(() => startQlikSite({ baseAddress: loopbackBlock(237), rims: 0, newRims: 0 }), (s) => s.sim);
  const shipped = findModule('qlik_services') as ModuleDef;
  const variant = (name: string, script: string): ModuleDef => {
    return { ...shipped, name, script };
  };
  const stops = () => on.site().log.entries().filter((e) => e.host === on.site().sim.hosts[0]!.host.name && e.what === 'service.stop');
  const run = async (def: ModuleDef) => {
    const before = stops().length;
    const result = await on.agent().invoke(def, shipped.schema.parse({ state: 'stopped', services: [] }), { check: false, diff: false });
    return { result, stopped: stops().slice(before).map((e) => e.target) };
  };


  it('the shipped script: services: [] stops nothing', async () => {
    expect(shipped.script).toContain(SERVICES_ARG);
    const { result, stopped } = await run(shipped);
    expect(result).toMatchObject({ changed: false, order: [] });
    expect(stopped).toEqual([]);
  });

  it('an unrolled empty array (the old Get-ModuleArg reading) makes services: [] stop every Qlik service', async () => {
    const broken = variant('qlik_services_unrolled', shipped.script!.replace(SERVICES_ARG, "$names = Get-ModuleArg -Name 'services'"));
    const { stopped } = await run(broken);
    expect(stopped.length).toBeGreaterThanOrEqual(6);
    expect(stopped).toContain('QlikSenseServiceDispatcher');
  });

  it('pipeline pollution after the result leaves the task without a result', async () => {
    const polluted = variant('qlik_services_polluted', shipped.script! + '\n$order.Count\n');
    const { result } = await run(polluted);
    expect(result).toMatchObject({ failed: true });
    expect(String(result.msg)).toMatch(/qlik_services_polluted/);
  });
});
