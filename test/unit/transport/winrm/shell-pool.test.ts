/**
 * ShellPool at Windows' default quota (1500): the real client over an in-process channel to the simulator's WS-Man
 * dispatcher (no HTTP, so thousands of commands take a second), which counts every Command against the user until
 * its shell is deleted (src/sim/winrm/quotas.ts). HTTP, sealing and the engine are in test/integration/winrm-quota.
 */
import { describe, expect, it } from 'vitest';
import { WsmanDispatcher } from '../../../../src/sim/winrm/dispatch.ts';
import { connectionSettings } from '../../../../src/inventory/index.ts';
import { WinrmTransport } from '../../../../src/transport/winrm/transport.ts';
import type { SoapChannel, SoapReply } from '../../../../src/transport/winrm/channel.ts';
import { parseWsmanRequest } from '../../../../src/transport/winrm/wsman/server-request.ts';
import { EchoLauncher } from '../../sim/winrm/fake-launcher.ts';

/** Posts each envelope straight to a dispatcher as the listener would, counting requests by action. */
class DispatcherChannel implements SoapChannel {
  requests = 0;
  readonly actions: Record<string, number> = {};
  /** Runs after the host answered each request (another session's work in between). */
  after: ((action: string) => Promise<void>) | undefined;
  constructor(readonly dispatcher: WsmanDispatcher) {}
  async post(envelope: string): Promise<SoapReply> {
    this.requests++;
    const req = parseWsmanRequest(envelope);
    this.actions[req.action] = (this.actions[req.action] ?? 0) + 1;
    const abort = new AbortController();
    const r = await this.dispatcher.dispatch(req, { user: 'Administrator', userKey: 'administrator', clientIp: '127.0.0.1', machine: 'win01', address: 'http://win01:5985/wsman', abort: abort.signal });
    await this.after?.(req.action);
    return { status: r!.status, body: r!.xml };
  }
  async close(): Promise<void> {}
}

function setup(quota?: number, dispatcher?: WsmanDispatcher): { transport: WinrmTransport; channel: DispatcherChannel; launcher: EchoLauncher } {
  const launcher = new EchoLauncher();
  const d = dispatcher ?? new WsmanDispatcher(launcher, { maxConcurrentOperationsPerUser: quota ?? 1500, maxShellsPerUser: 2_147_483_647 });
  const channel = new DispatcherChannel(d);
  const transport = new WinrmTransport(connectionSettings('win01', { ansible_host: '127.0.0.1', ansible_user: 'Administrator', ansible_password: 'x' }), { channel });
  return { transport, channel, launcher };
}

describe('ShellPool', () => {
  it('keeps a long-lived process alone in its shell and recycles the other one around it, never reaching 1,500', async () => {
    const { transport, channel, launcher } = setup();
    await transport.open();
    await transport.exec('echo before');
    const agent = await transport.spawn('cat');
    const agentProcess = launcher.started.at(-1)!;
    for (let i = 0; i < 1500; i++) await transport.exec(`echo ${i}`);
    expect(channel.dispatcher.faultsSent).toEqual({});
    // The agent's shell holds its own Command and the one before it; the second shell is recycled at 1,478 (1,480 in all).
    expect(transport.shellCount).toBe(2);
    expect(channel.actions.create).toBe(1 + 1 + 1);
    expect(channel.actions.delete).toBe(1);
    expect(channel.dispatcher.shells.operationsFor('administrator')).toBe(2 + 1500 - 1478);
    await agent.write('still here', false);
    expect((await agent.read()).stdout.toString()).toBe('still here');
    expect(agentProcess.hasPending()).toBe(false);
    await transport.close();
    expect(channel.dispatcher.shells.size).toBe(0);
  });

  it('recycles an idle primary before the agent starts in it when raw commands half filled it', async () => {
    const { transport, channel } = setup(40);
    await transport.open();
    // The quota is not known yet (1500 assumed): the first fault teaches it, the primary is recycled, the command retried.
    for (let i = 0; i < 45; i++) await transport.exec(`echo ${i}`);
    expect(channel.dispatcher.faultsSent.max_operations).toBe(1);
    // 45 = 40 (refused at the 41st) + 5 in the new shell; 5 >= 38 / 2 is false: the agent starts beside them.
    await transport.spawn('cat');
    for (let i = 0; i < 20; i++) await transport.exec(`echo ${i}`);
    for (let i = 0; i < 40; i++) await transport.exec(`echo ${i}`);
    expect(channel.dispatcher.faultsSent.max_operations).toBe(1);
    await transport.close();
  });

  it('retries a refused Command once in a new shell, and fails naming the quota when another session took it meanwhile', async () => {
    const { transport, channel } = setup(5);
    const other = setup(5, channel.dispatcher);
    await transport.open();
    await other.transport.open();
    for (let i = 0; i < 3; i++) await transport.exec('echo mine');
    for (let i = 0; i < 2; i++) await other.transport.exec('echo theirs');
    // The 4th is refused (3 + 2 = 5); winbook deletes its shell (freeing 3) and, before its retry, the other session
    // takes those 3 too.
    channel.after = async (action) => {
      if (action !== 'delete') return;
      channel.after = undefined;
      for (let i = 0; i < 3; i++) await other.transport.exec('echo theirs');
    };
    const err = await transport.exec('echo mine').then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'WINRM_QUOTA_EXCEEDED', host: 'win01' });
    expect((err as Error).message).toContain("is allowed 5 concurrent operations (MaxConcurrentOperationsPerUser), and winbook's shells hold 0");
    expect(channel.dispatcher.faultsSent.max_operations).toBe(2);
    // Nothing ran twice: winbook's channel carried its 3 commands and the 2 refused ones.
    expect(channel.actions.command).toBe(3 + 2);
    expect(channel.dispatcher.shells.operationsFor('administrator')).toBe(5);
    await other.transport.close();
    // Once the other session is gone, the same transport goes on.
    expect((await transport.exec('echo again')).stdout).toBe('echo again\r\n');
    await transport.close();
  });

  it('opens one second shell for concurrent commands beside the agent, not one each', async () => {
    const { transport, channel } = setup();
    await transport.open();
    await transport.spawn('cat');
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => transport.exec(`echo ${i}`)));
    expect(results.map((r) => r.stdout)).toEqual([0, 1, 2, 3, 4].map((i) => `echo ${i}\r\n`));
    expect(channel.actions.create).toBe(2);
    await transport.close();
    expect(channel.dispatcher.shells.size).toBe(0);
  });
});
