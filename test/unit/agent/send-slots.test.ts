import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AgentSession } from '../../../src/agent/session.ts';
import { SEND_SLOTS, SendSlots } from '../../../src/agent/send-slots.ts';
import type { ModuleDef } from '../../../src/modules/types.ts';
import { FakeAgent, FakeTransport } from './fake-agent.ts';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('SendSlots', () => {
  it('runs at most its number of calls at once, the rest in the order they came, and frees a slot on failure', async () => {
    const slots = new SendSlots(2);
    const gates = Array.from({ length: 5 }, deferred);
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      slots.run(async () => {
        started.push(i);
        await g.promise;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(slots.load).toEqual({ busy: 2, waiting: 3 });
    gates[1]!.reject(new Error('send failed'));
    await expect(runs[1]).rejects.toThrow('send failed');
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve();
    gates[2]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    gates[3]!.resolve();
    gates[4]!.resolve();
    expect(await Promise.all([runs[0], runs[2], runs[3], runs[4]])).toEqual([0, 2, 3, 4]);
    expect(slots.load).toEqual({ busy: 0, waiting: 0 });
  });
});

/** An agent whose request writes take a while, as a Send to a busy host does; counts writes in flight in the process. */
class SlowAgent extends FakeAgent {
  static inFlight = 0;
  static maxInFlight = 0;
  override async write(data: string | Buffer, end?: boolean): Promise<void> {
    SlowAgent.inFlight++;
    SlowAgent.maxInFlight = Math.max(SlowAgent.maxInFlight, SlowAgent.inFlight);
    await new Promise((r) => setTimeout(r, 2));
    SlowAgent.inFlight--;
    return super.write(data, end);
  }
}

describe('AgentSession requests', () => {
  it('are written by at most SEND_SLOTS hosts at once when a task starts on many hosts together', async () => {
    const ping: ModuleDef = { name: 'win_ping', aliases: [], description: '', schema: z.object({}), secretArgs: [], supportsCheck: true, supportsDiff: false, kind: 'agent', script: '@{}' };
    const hosts = SEND_SLOTS * 3;
    const sessions = await Promise.all(
      Array.from({ length: hosts }, async () => {
        const s = new AgentSession(new FakeTransport(new SlowAgent({ win_ping: () => ({ changed: false, ping: 'pong' }) })));
        await s.start();
        return s;
      }),
    );
    const results = await Promise.all(sessions.map((s) => s.invoke(ping, {}, { check: false, diff: false })));
    expect(results.every((r) => r.ping === 'pong')).toBe(true);
    expect(SlowAgent.maxInFlight).toBe(SEND_SLOTS);
  });
});
