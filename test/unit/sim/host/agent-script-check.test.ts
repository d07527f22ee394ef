import { describe, expect, it, vi } from 'vitest';
import { AgentDriver, req } from './agent-io.ts';
import { newHost } from './run.ts';

vi.mock('../../../../src/modules/registry.ts', () => {
  const def = { name: 'win_ping', aliases: ['ansible.windows.win_ping'], script: 'shipped script\r\n' };
  return { findModule: (n: string) => (n === def.name || def.aliases.includes(n) ? def : undefined) };
});

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('agent script check', () => {
  it('refuses a script that differs from the module shipped with the simulator', () => {
    const a = new AgentDriver(newHost());
    expect(a.call(req('1', 'win_ping', {}, { script: b64('other script') }))).toEqual({
      failed: true,
      msg: 'agent script for win_ping does not match the module shipped with this simulator',
    });
    // the refused script is not kept
    expect(a.call(req('2', 'win_ping', {}))).toMatchObject({ failed: true });
  });

  it('accepts the shipped script, also under the FQCN', () => {
    const a = new AgentDriver(newHost());
    expect(a.call(req('1', 'ansible.windows.win_ping', {}, { script: b64('shipped script\r\n') }))).toEqual({ changed: false, ping: 'pong' });
  });
});
