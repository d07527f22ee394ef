/**
 * One simulated host reached by the real client (NTLM-sealed WinRM + the persistent agent), for module tests:
 * `task()` runs a module as the engine does (arguments converted and parsed, then one agent request) and records its HTTP cost;
 * `rehearse()` is the check → apply → reapply triple, asserting check mode left host state and rehearsal log as
 * they were (and, for a module without check mode support, that the check run was 1.14's skip). Registers its own beforeAll/afterAll.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { AgentSession } from '../../src/agent/session.ts';
import { connectionSettings } from '../../src/inventory/index.ts';
import { checkModeSkip } from '../../src/modules/check-mode.ts';
import { findModule } from '../../src/modules/registry.ts';
import type { ModuleResult } from '../../src/modules/types.ts';
import { type SimSite, startSimSite } from '../../src/sim/site.ts';
import { WinrmTransport } from '../../src/transport/winrm/index.ts';
import { loopbackBlock } from './addresses.ts';
import { engineArgs } from './engine-args.ts';

export interface ModuleHost {
  site(): SimSite;
  host(): SimSite['hosts'][number]['host'];
  /** HTTP requests each task cost at the listener, in order. */
  costs: number[];
  /** Host state and rehearsal log as one string, to show that something changed nothing. */
  fingerprint(): string;
  /** The agent session, for a test that drives a module's controller half itself. */
  agent(): AgentSession;
  task(module: string, args: Record<string, unknown>, opts?: { check?: boolean; diff?: boolean; environment?: Record<string, string> }): Promise<ModuleResult>;
  rehearse(module: string, args: Record<string, unknown>): Promise<[ModuleResult, ModuleResult, ModuleResult]>;
}

export function useModuleHost(block: number, opts: { prepareHost?: Parameters<typeof startSimSite>[0]['prepareHost'] } = {}): ModuleHost {
  let site: SimSite;
  let transport: WinrmTransport;
  let agent: AgentSession;
  const costs: number[] = [];

  const task: ModuleHost['task'] = async (module, args, opts = {}) => {
    const def = findModule(module);
    if (!def) throw new Error(`no module ${module}`);
    const listener = site.hosts[0]!.listener;
    const before = listener.requests;
    const r = await agent.invoke(def, engineArgs(def, args), { check: opts.check ?? false, diff: opts.diff ?? false, ...(opts.environment ? { environment: opts.environment } : {}) });
    costs.push(listener.requests - before);
    return r;
  };
  const host = () => site.hosts[0]!.host;
  const fingerprint = () => JSON.stringify([host().state, site.log.entries()]);

  const rehearse: ModuleHost['rehearse'] = async (module, args) => {
    const untouched = fingerprint();
    const check = await task(module, args, { check: true, diff: true });
    if (findModule(module)?.supportsCheck === false) expect(check).toEqual(checkModeSkip(findModule(module)!));
    else {
      expect(check).toMatchObject({ changed: true });
      expect(check.failed ?? false).toBe(false);
    }
    expect(fingerprint()).toBe(untouched);
    const apply = await task(module, args, { diff: true });
    expect(apply).toMatchObject({ changed: true });
    expect(fingerprint()).not.toBe(untouched);
    const reapply = await task(module, args);
    expect(reapply).toMatchObject({ changed: false });
    return [check, apply, reapply];
  };

  beforeAll(async () => {
    site = await startSimSite({ hosts: 1, baseAddress: loopbackBlock(block), ...(opts.prepareHost ? { prepareHost: opts.prepareHost } : {}) });
    transport = new WinrmTransport(connectionSettings('win01', { ansible_host: site.hosts[0]!.address, ansible_user: site.adminUser, ansible_password: site.adminPassword }));
    await transport.open();
    agent = new AgentSession(transport);
    await agent.start();
    await task('win_ping', {});
  });
  afterAll(async () => {
    await agent?.close();
    await transport?.close();
    await site?.close();
  });

  return { site: () => site, host, agent: () => agent, costs, fingerprint, task, rehearse };
}
