/**
 * What a simulated host gives the agent process it starts: the host model, the rehearsal log and the account the
 * agent runs as. The agent itself is the controller's real bootstrap running in the simulator's pwsh worker
 * (src/sim/runner/agent-process.ts); the simulator recognises it by the bootstrap's first line.
 */
import type { RehearsalLog } from './rehearsal-log.ts';
import type { HostState } from './state.ts';

export const BOOTSTRAP_MARKER = /^# winbook-agent-bootstrap v1[ \t]*\r?$/m;

export interface AgentHost {
  state: HostState;
  log: RehearsalLog;
  /** The account the agent runs as. */
  account: string;
}
