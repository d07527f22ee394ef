/** The simulated agent's PUT lines (docs/agent.md "Uploads"). */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodePut } from '../../../../src/agent/protocol.ts';
import { getNode, hashOf, stagedPath } from '../../../../src/sim/host/fs.ts';
import { AgentDriver, req, scriptFor, withLib } from './agent-io.ts';
import { newHost } from './run.ts';

const KEY = '0123456789abcdef';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('staged uploads on the simulated host', () => {
  // win_copy consuming a staged file runs its real script now: test/integration/modules-files.test.ts.
  it('appends PUT lines to the staged file of the agent\'s account (through the façade), without a reply', async () => {
    const host = newHost();
    const agent = new AgentDriver(host);
    await agent.call(withLib(req('1', 'win_ping', {}, { script: scriptFor('win_ping') })));
    const data = Buffer.from('x'.repeat(100_000));
    agent.send(encodePut(KEY, data.subarray(0, 82_944)) + encodePut(KEY, data.subarray(82_944)));
    // A request after the PUT lines: its answer means the agent has read them.
    expect(await agent.call(req('2', 'win_ping', {}))).toMatchObject({ ping: 'pong' });
    const staged = getNode(host.state, stagedPath('Administrator', KEY));
    expect(staged?.size).toBe(data.length);
    expect(hashOf(staged!)).toBe(sha(data));
  });

  it('reports a malformed PUT line on stderr, as the bootstrap does', async () => {
    const agent = new AgentDriver(newHost());
    await agent.call(withLib(req('1', 'win_ping', {}, { script: scriptFor('win_ping') })));
    agent.send('PUT nothex !!!\n');
    await agent.waitFor('winbook-agent: upload chunk failed');
    expect(agent.stderr).toContain('winbook-agent: upload chunk failed');
  });
});
