import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AgentSession } from '../../../src/agent/session.ts';
import { BOOTSTRAP } from '../../../src/agent/bootstrap.ts';
import type { ModuleDef } from '../../../src/modules/types.ts';
import { FakeAgent, FakeTransport } from './fake-agent.ts';

const shell: ModuleDef = { name: 'win_shell', aliases: [], description: 'x', schema: z.object({}), secretArgs: [], supportsCheck: true, supportsDiff: false, kind: 'agent', script: '@{ changed = $true }' };

describe('AgentSession environment', () => {
  it('sends the task\'s environment with the request, and no field when there is none', async () => {
    const agent = new FakeAgent({ win_shell: () => ({ changed: true }) });
    const session = new AgentSession(new FakeTransport(agent));
    await session.start();
    await session.invoke(shell, {}, { check: false, diff: false, environment: { APP_STAGE: 'rehearsal' } });
    await session.invoke(shell, {}, { check: false, diff: false, environment: {} });
    await session.invoke(shell, {}, { check: false, diff: false });
    expect(agent.requests.map((r) => r.environment)).toEqual([{ APP_STAGE: 'rehearsal' }, undefined, undefined]);
  });

  it('has a bootstrap that sets the variables for the module\'s run only and restores them afterwards', () => {
    // The real agent runs on Windows only; this pins the statements a reviewer checked (docs/agent.md).
    // Through the façade (Get/Set-WbProcessEnvironment), so the simulator's agents each keep their own host's
    // environment; test/integration/sim-runner.test.ts runs it.
    expect(BOOTSTRAP).toContain('$saved[$p.Name] = Get-WbProcessEnvironment -Name $p.Name; Set-WbProcessEnvironment -Name $p.Name -Value ([string]$p.Value)');
    expect(BOOTSTRAP).toMatch(/finally \{ foreach \(\$k in \$saved\.Keys\) \{ Set-WbProcessEnvironment -Name \$k -Value \$saved\[\$k\] \} \}/);
  });
});
