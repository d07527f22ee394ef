/**
 * Two connections per host (issue 3 item 6): Receive long-polls hold their socket for up to the operation timeout,
 * so they get one of their own, and Send, Signal and Delete never wait behind them. Each connection
 * authenticates (and seals) on its own, as HTTP.sys binds the NTLM context to the TCP connection.
 */
import type { PostOptions, SoapChannel, SoapReply } from './channel.ts';

export class ChannelPool implements SoapChannel {
  constructor(
    private readonly control: SoapChannel,
    private readonly poll: SoapChannel,
  ) {}

  post(envelope: string, opts: PostOptions): Promise<SoapReply> {
    return (opts.longPoll ? this.poll : this.control).post(envelope, opts);
  }

  get requests(): number {
    return this.control.requests + this.poll.requests;
  }

  async close(): Promise<void> {
    await Promise.all([this.control.close(), this.poll.close()]);
  }
}
