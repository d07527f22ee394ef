/** The simulated agent's PUT lines (docs/agent.md "Uploads") and win_copy consuming a staged file. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodePut } from '../../../../src/agent/protocol.ts';
import { getNode, stagedPath } from '../../../../src/sim/host/fs.ts';
import { AgentDriver, req, scriptFor } from './agent-io.ts';
import { newHost } from './run.ts';

const KEY = '0123456789abcdef';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('staged uploads on the simulated host', () => {
  it('asks for the bytes when nothing is staged, then copies and removes the staged file', () => {
    const host = newHost();
    const agent = new AgentDriver(host);
    const data = Buffer.from('x'.repeat(100_000));
    const args = { dest: 'C:\\ProgramData\\big.txt', checksum: sha(data), size: data.length, _staged: KEY };
    expect(agent.call(req('1', 'win_copy', args, { script: scriptFor('win_copy') }))).toEqual({ changed: false, _winbook_upload: 'needed' });
    agent.send(encodePut(KEY, data.subarray(0, 82_944)) + encodePut(KEY, data.subarray(82_944)));
    expect(agent.results()).toEqual([]); // PUT lines get no reply
    expect(getNode(host.state, stagedPath('Administrator', KEY))?.size).toBe(data.length);
    expect(agent.call(req('2', 'win_copy', args))).toMatchObject({ changed: true, size: data.length });
    expect(getNode(host.state, 'C:\\ProgramData\\big.txt')?.size).toBe(data.length);
    expect(getNode(host.state, stagedPath('Administrator', KEY))).toBeUndefined();
  });

  it('refuses staged bytes that fail the SHA-256 check and leaves the destination alone', () => {
    const host = newHost();
    const agent = new AgentDriver(host);
    agent.send(encodePut(KEY, Buffer.from('truncated')));
    const r = agent.call(req('1', 'win_copy', { dest: 'C:\\ProgramData\\x.bin', checksum: sha(Buffer.from('the real thing')), size: 14, _staged: KEY }, { script: scriptFor('win_copy') }));
    expect(r).toMatchObject({ failed: true, msg: expect.stringMatching(/^the uploaded content failed its SHA-256 check: expected [0-9a-f]{64}, got [0-9a-f]{64} \(9 of 14 bytes arrived\)$/) });
    expect(getNode(host.state, 'C:\\ProgramData\\x.bin')).toBeUndefined();
    expect(getNode(host.state, stagedPath('Administrator', KEY))).toBeUndefined();
  });

  it('reports a malformed PUT line on stderr, as the bootstrap does', () => {
    const agent = new AgentDriver(newHost());
    agent.send('PUT nothex !!!\n');
    agent.results();
    expect(agent.stderr).toContain('winbook-agent: upload chunk failed');
  });
});
