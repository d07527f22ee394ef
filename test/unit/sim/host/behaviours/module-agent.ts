/** Test helper: a fresh simulated host and a `call` that runs one module request through the agent emulation. */
import type { SimHost } from '../../../../../src/sim/host/host.ts';
import { AgentDriver, req, scriptFor } from '../agent-io.ts';
import { newHost } from '../run.ts';

export interface ModuleAgent {
  host: SimHost;
  call: (args: Record<string, unknown>, opts?: { check?: boolean; diff?: boolean }) => Record<string, unknown>;
  /** JSON of the host state and the rehearsal log, to prove check mode touched nothing. */
  fingerprint: () => string;
}

export function moduleAgent(module: string, host: SimHost = newHost()): ModuleAgent {
  const driver = new AgentDriver(host);
  let n = 0;
  let sent = false;
  const call = (args: Record<string, unknown>, opts: { check?: boolean; diff?: boolean } = {}) => {
    const r = driver.call(req(String(++n), module, args, { check: opts.check ?? false, diff: opts.diff ?? false, ...(sent ? {} : { script: scriptFor(module) }) }));
    sent = true;
    return r;
  };
  return { host, call, fingerprint: () => JSON.stringify([host.state, host.log.entries()]) };
}
