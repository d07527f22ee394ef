import { describe, expect, it } from 'vitest';
import type { PostOptions, SoapChannel, SoapReply } from '../../../../src/transport/winrm/channel.ts';
import { ChannelPool } from '../../../../src/transport/winrm/channel-pool.ts';

class Recorder implements SoapChannel {
  readonly seen: string[] = [];
  closed = false;
  async post(envelope: string, _opts: PostOptions): Promise<SoapReply> {
    this.seen.push(envelope);
    return { status: 200, body: '' };
  }
  get requests(): number {
    return this.seen.length;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

describe('the per-host channel pool', () => {
  it('puts long-polls on their own connection and everything else on the other', async () => {
    const control = new Recorder();
    const poll = new Recorder();
    const pool = new ChannelPool(control, poll);
    await pool.post('send', { operation: 'sending input' });
    await pool.post('receive', { operation: 'receiving output', longPoll: true });
    await pool.post('signal', { operation: 'signalling terminate', idempotent: true });
    expect(control.seen).toEqual(['send', 'signal']);
    expect(poll.seen).toEqual(['receive']);
    expect(pool.requests).toBe(3);
    await pool.close();
    expect(control.closed && poll.closed).toBe(true);
  });
});
