/**
 * One host's connection for the whole run: the Transport is built and opened on the host's first remote task,
 * the agent started on its first agent module, and both closed once at the end of the run.
 */
import type { Transport } from '../transport/types.ts';
import type { AgentLike } from './deps.ts';

/** How long reset() waits for the old connection to close. */
const RESET_CLOSE_WAIT_MS = 5_000;

export class HostConnection {
  private transport?: Promise<Transport>;
  private agent?: Promise<AgentLike>;
  private opened?: Transport;
  private started?: AgentLike;

  constructor(
    private readonly host: string,
    private readonly connect: (host: string, vars: Record<string, unknown>) => Transport,
    private readonly createAgent: (t: Transport) => AgentLike,
  ) {}

  /** The open transport; concurrent callers share one open. Throws what Transport.open throws. */
  getTransport(vars: Record<string, unknown>): Promise<Transport> {
    this.transport ??= this.open(vars);
    return this.transport;
  }

  getAgent(vars: Record<string, unknown>): Promise<AgentLike> {
    this.agent ??= this.getTransport(vars).then(async (t) => {
      const agent = this.createAgent(t);
      await agent.start();
      this.started = agent;
      return agent;
    });
    return this.agent;
  }

  /** Ctrl-C: ask the agent to stop what it runs. Never throws. */
  async interrupt(): Promise<void> {
    try {
      await this.started?.interrupt?.();
    } catch {
      // Best effort: closing the run deletes the shell, which ends the process anyway.
    }
  }

  /** Forgets the transport and agent, closing them quietly: the next task opens new ones (after win_reboot). */
  async reset(): Promise<void> {
    const [agent, transport] = [this.started, this.opened];
    this.transport = this.agent = this.started = this.opened = undefined;
    const closing = (async () => {
      await agent?.close().catch(() => undefined);
      await transport?.close().catch(() => undefined);
    })();
    // A rebooting host may hold the close until its own timeout; a new connection does not need the old one gone.
    await Promise.race([closing, new Promise((r) => setTimeout(r, RESET_CLOSE_WAIT_MS).unref())]);
  }

  /** Never throws: a close failure must not change the outcome of the run. */
  async close(): Promise<void> {
    try {
      await this.started?.close();
    } catch {
      // The shell is deleted below, which ends the agent anyway.
    }
    try {
      await this.opened?.close();
    } catch {
      // Transport.close is documented never to throw; belt and braces.
    }
  }

  private async open(vars: Record<string, unknown>): Promise<Transport> {
    const t = this.connect(this.host, vars);
    try {
      await t.open();
    } catch (e) {
      await t.close().catch(() => undefined);
      throw e;
    }
    this.opened = t;
    return t;
  }
}
