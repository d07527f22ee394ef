/**
 * One agent on the first host of a simulated site, reached by the real client (NTLM-sealed WinRM), for tests that
 * call `agent.invoke` with module definitions of their own. Registers its own beforeAll/afterAll.
 */
import { afterAll, beforeAll } from 'vitest';
import { AgentSession } from '../../src/agent/session.ts';
import { connectionSettings } from '../../src/inventory/index.ts';
import type { SimSite } from '../../src/sim/site.ts';
import { WinrmTransport } from '../../src/transport/winrm/index.ts';

export interface SiteAgent<S> {
  site(): S;
  agent(): AgentSession;
}

/** `start` makes the site; `sim` picks its SimSite (a Qlik site's `.sim`). */
export function useSiteAgent<S extends { close(): Promise<void> }>(start: () => Promise<S>, sim: (s: S) => SimSite): SiteAgent<S> {
  let site: S;
  let transport: WinrmTransport;
  let agent: AgentSession;
  beforeAll(async () => {
    site = await start();
    const s = sim(site);
    transport = new WinrmTransport(connectionSettings('host1', { ansible_host: s.hosts[0]!.address, ansible_user: s.adminUser, ansible_password: s.adminPassword }));
    await transport.open();
    agent = new AgentSession(transport);
    await agent.start();
  });
  afterAll(async () => {
    await agent?.close();
    await transport?.close();
    await site?.close();
  });
  return { site: () => site, agent: () => agent };
}
