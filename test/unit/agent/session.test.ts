import { describe, expect, it } from 'vitest';
import { RemoteError } from '../../../src/errors.ts';
import { AgentSession, asciiOnly } from '../../../src/agent/session.ts';
import { BOOTSTRAP } from '../../../src/agent/bootstrap.ts';
import { agentCommandLine, decodePowerShell } from '../../../src/agent/protocol.ts';
import type { ModuleDef } from '../../../src/modules/types.ts';
import { z } from 'zod';
import { FakeAgent, FakeTransport } from './fake-agent.ts';
import { pyKeys } from '../../../src/util/dict-order.ts';

function agentModule(name: string, script = `# ${name}\n@{ changed = $false }`): ModuleDef {
  return { name, aliases: [], description: name, schema: z.object({}), secretArgs: [], supportsCheck: true, supportsDiff: false, kind: 'agent', script };
}

const ping = agentModule('win_ping');
const svc = agentModule('win_service');

async function started(agent = new FakeAgent({ win_ping: (a) => ({ changed: false, ping: (a as { data: string }).data }), win_service: () => ({ changed: true }) })) {
  const transport = new FakeTransport(agent);
  const session = new AgentSession(transport);
  await session.start();
  return { agent, transport, session };
}

describe('AgentSession', () => {
  it('starts the agent with the encoded bootstrap and waits for READY', async () => {
    const { transport, agent } = await started();
    expect(transport.spawned).toHaveLength(1);
    const cmd = transport.spawned[0] as string;
    expect(cmd).toBe(agentCommandLine(BOOTSTRAP));
    expect(decodePowerShell(cmd.split(' ').pop() as string).split('\n')[0]).toBe('# winbook-agent-bootstrap v1');
    expect(agent.reads).toBe(1);
    expect(agent.writes).toBe(0);
  });

  it('costs exactly one write and one read per task after start', async () => {
    const { agent, session } = await started();
    for (let i = 0; i < 5; i++) {
      const before = { w: agent.writes, r: agent.reads };
      const res = await session.invoke(ping, { data: `p${i}` }, { check: false, diff: false });
      expect(res).toEqual({ changed: false, ping: `p${i}` });
      expect(agent.writes - before.w).toBe(1);
      expect(agent.reads - before.r).toBe(1);
    }
  });

  it('sends a module script only the first time the session uses the module', async () => {
    const { agent, session } = await started();
    await session.invoke(ping, { data: 'a' }, { check: false, diff: false });
    await session.invoke(ping, { data: 'b' }, { check: false, diff: false });
    await session.invoke(svc, { name: 'x' }, { check: true, diff: true });
    await session.invoke(svc, { name: 'x' }, { check: false, diff: false });
    expect(agent.requests.map((r) => [r.module, r.script !== undefined])).toEqual([
      ['win_ping', true],
      ['win_ping', false],
      ['win_service', true],
      ['win_service', false],
    ]);
    // As it travels: its comment lines blanked (agent/strip-comments.ts), its code and line count kept.
    expect(agent.cached.get('win_ping')).toBe('\n@{ changed = $false }');
    expect(agent.requests[2]).toMatchObject({ check: true, diff: true, args: { name: 'x' } });
  });

  it('answers a check-mode call to a module without check mode as 1.14 would on the host, sending nothing', async () => {
    const { agent, session } = await started();
    const before = { w: agent.writes, r: agent.reads };
    expect(await session.invoke({ ...svc, name: 'win_command', supportsCheck: false }, {}, { check: true, diff: false })).toEqual({
      changed: false, skipped: true, msg: 'remote module (win_command) does not support check mode',
    });
    expect(await session.invoke({ ...svc, name: 'win_shell', supportsCheck: false, argsReader: 'legacy' }, {}, { check: true, diff: false })).toEqual({
      changed: false, skipped: true, msg: 'remote module does not support check mode',
    });
    expect({ w: agent.writes, r: agent.reads }).toEqual(before);
  });

  it('ignores stray output around the frame', async () => {
    const agent = new FakeAgent({ win_ping: () => ({ changed: false, ping: 'pong' }) });
    agent.stray = 'WARNING: Waiting for service to start...\r\nhello from Write-Host <<WINBOOK-BEGIN\r\n';
    const { session } = await started(agent);
    expect(await session.invoke(ping, {}, { check: false, diff: false })).toEqual({ changed: false, ping: 'pong' });
  });

  it('reassembles a frame split across several reads', async () => {
    const agent = new FakeAgent({ win_ping: () => ({ changed: false, ping: 'pong', text: 'é€😀' }) });
    agent.splitFrames = true;
    const { session } = await started(agent);
    expect(await session.invoke(ping, {}, { check: false, diff: false })).toEqual({ changed: false, ping: 'pong', text: 'é€😀' });
    expect(agent.reads).toBe(1 + 3);
  });

  it('serialises concurrent invokes: one request at a time, results to the right caller', async () => {
    const { agent, session } = await started();
    const all = await Promise.all([1, 2, 3].map((i) => session.invoke(ping, { data: String(i) }, { check: false, diff: false })));
    expect(all.map((r) => r.ping)).toEqual(['1', '2', '3']);
    expect(agent.requests.map((r) => r.id)).toEqual(['1', '2', '3']);
  });

  it('sends requests as pure ASCII so the console code page cannot mangle them', async () => {
    const { agent, session } = await started();
    await session.invoke(ping, { data: 'pässwörd😀' }, { check: false, diff: false });
    expect(agent.requests[0]?.args).toEqual({ data: 'pässwörd😀' });
    expect(asciiOnly('{"a":"é"}')).toBe('{"a":"\\u00e9"}');
  });

  it('turns a result that is not JSON into a failed result naming the module', async () => {
    const agent = new FakeAgent({ win_ping: () => ({}) });
    agent.rawResult = 'not json at all';
    const { session } = await started(agent);
    const res = await session.invoke(ping, {}, { check: false, diff: false });
    expect(res.failed).toBe(true);
    expect(res.msg).toMatch(/module win_ping returned a result that is not JSON/);
  });

  it('keeps the order of a result dict, and refuses an integer it would round (2^53 or more)', async () => {
    const agent = new FakeAgent({ win_ping: () => ({}) });
    agent.rawResult = '{"changed": false, "ports": {"8080": "a", "443": "b"}, "qword": 9007199254740991}';
    const { session } = await started(agent);
    const res = await session.invoke(ping, {}, { check: false, diff: false });
    expect(pyKeys(res.ports as object)).toEqual(['8080', '443']);
    expect(res.qword).toBe(9007199254740991);
    agent.rawResult = '{"changed": false, "qword": 18446744073709551615}';
    const big = await session.invoke(ping, {}, { check: false, diff: false });
    expect(big.failed).toBe(true);
    expect(big.msg).toMatch(/module win_ping returned an integer of 2\^53 or more: winbook cannot hold/);
  });

  it('turns a null result (module returned nothing) into a failed result', async () => {
    const agent = new FakeAgent({ win_ping: () => null });
    const { session } = await started(agent);
    const res = await session.invoke(ping, {}, { check: false, diff: false });
    expect(res).toMatchObject({ failed: true, msg: expect.stringMatching(/win_ping returned no result object/) });
  });

  it('throws AGENT_EXITED with the stderr (CLIXML decoded) when the agent dies mid-request', async () => {
    const agent = new FakeAgent({ win_ping: () => ({}) });
    const { session } = await started(agent);
    agent.exitOnRequest = {
      rc: 1,
      stderr: '#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S S="Error">Out of memory &amp; gone_x000D__x000A_</S></Objs>',
    };
    const err = await session.invoke(ping, {}, { check: false, diff: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect(err).toMatchObject({ code: 'AGENT_EXITED', host: 'win1' });
    expect((err as Error).message).toContain('Out of memory & gone');
    // The session stays dead: later calls fail at once without touching the transport.
    const writes = agent.writes;
    await expect(session.invoke(ping, {}, { check: false, diff: false })).rejects.toMatchObject({ code: 'AGENT_EXITED' });
    expect(agent.writes).toBe(writes);
  });

  it('throws AGENT_START_FAILED with stderr and a hint when the process exits before READY', async () => {
    const agent = new FakeAgent({});
    agent.startFailure = { rc: 1, stderr: "'powershell.exe' is not recognized as an internal or external command" };
    const session = new AgentSession(new FakeTransport(agent));
    const err = await session.start().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AGENT_START_FAILED', host: 'win1' });
    expect((err as Error).message).toContain("'powershell.exe' is not recognized");
    expect((err as RemoteError).hint).toMatch(/Windows PowerShell 5.1/);
  });

  it('hints at execution policy when stderr says so', async () => {
    const agent = new FakeAgent({});
    agent.startFailure = { rc: 1, stderr: 'File cannot be loaded because running scripts is disabled on this system.' };
    const err = await new AgentSession(new FakeTransport(agent)).start().catch((e: unknown) => e);
    expect((err as RemoteError).hint).toMatch(/execution policy/);
  });

  it('resends a script when its first use failed (the agent may not have kept it)', async () => {
    const agent = new FakeAgent({ win_ping: () => ({ failed: true, msg: 'parse error' }) });
    const { session } = await started(agent);
    await session.invoke(ping, {}, { check: false, diff: false });
    await session.invoke(ping, {}, { check: false, diff: false });
    expect(agent.requests.map((r) => r.script !== undefined)).toEqual([true, true]);
  });

  it('close() closes stdin and never throws', async () => {
    const { agent, session } = await started();
    await session.close();
    expect(agent.stdinClosed).toBe(true);
    await session.close();
    const other = await started();
    other.agent.write = () => Promise.reject(new Error('connection reset'));
    await expect(other.session.close()).resolves.toBeUndefined();
  });
});
