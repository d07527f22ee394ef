/**
 * The contract's command table for a Windows host (the simulator): cmd.exe lines, and the winbook agent as the
 * process that reads stdin — the only stdin reader a simulated host runs, and the one that matters.
 */
import { expect } from 'vitest';
import { BOOTSTRAP } from '../../src/agent/bootstrap.ts';
import { agentCommandLine } from '../../src/agent/protocol.ts';
import { AgentSession } from '../../src/agent/session.ts';
import { findModule } from '../../src/modules/registry.ts';
import type { CommandTable } from './transport.contract.ts';

export const windowsCommands: CommandTable = {
  echo: { line: 'echo hello', stdout: 'hello\r\n' },
  exit3: 'exit /b 3',
  failing: { line: 'frobnicate', rc: 1, stderr: /'frobnicate' is not recognized as an internal or external command/ },
  stdin: async (t) => {
    const agent = new AgentSession(t);
    await agent.start();
    const ping = findModule('win_ping');
    if (!ping) throw new Error('win_ping is not registered');
    expect(await agent.invoke(ping, { data: 'first' }, { check: false, diff: false })).toMatchObject({ ping: 'first' });
    expect(await agent.invoke(ping, { data: 'second' }, { check: false, diff: false })).toMatchObject({ ping: 'second' });
    await agent.close(); // closes stdin: the agent must exit
  },
  // The agent with stdin left open never exits: a long-running command that prints its READY line at once.
  slow: { line: agentCommandLine(BOOTSTRAP), stdout: /<<WINBOOK-AGENT-READY 1>>/, timeoutMs: 400 },
};
