/**
 * Test helpers for driving a simulated host's agent through the BufferedProcess API, as the WinRM listener does:
 * the real bootstrap (src/agent/bootstrap.ts) starts in the simulator's pwsh worker, requests go in on stdin, framed
 * results come out on stdout.
 */
import { BOOTSTRAP } from '../../../../src/agent/bootstrap.ts';
import { type AgentRequest, FrameReader, agentCommandLine, encodeRequest } from '../../../../src/agent/protocol.ts';
import { packedFacade, packedScript } from '../../../../src/agent/packed.ts';
import { findModule } from '../../../../src/modules/registry.ts';
import type { BufferedProcess } from '../../../../src/sim/process.ts';
import type { SimHost } from '../../../../src/sim/host/host.ts';
import { ctx } from './run.ts';

/** The script the controller would send: the registry's when it has the module. */
export function scriptFor(module: string): string {
  return packedScript(findModule(module)?.script ?? `# ${module} stand-in`);
}

export function req(id: string, module: string, args: unknown, opts: Partial<AgentRequest> = {}): AgentRequest {
  return { id, module, args, check: false, diff: false, ...opts };
}

/** The first request of a session carries the façade, as the controller's AgentSession sends it. */
export function withLib(r: AgentRequest): AgentRequest {
  return { ...r, lib: packedFacade() };
}

export class AgentDriver {
  readonly proc: BufferedProcess;
  readonly reader = new FrameReader();
  stdout = '';
  stderr = '';
  private frames: Array<{ id: string; result: Record<string, unknown> }> = [];

  constructor(host: SimHost, commandLine = agentCommandLine(BOOTSTRAP), skipCmdShell = false) {
    this.proc = host.start(commandLine, ctx, skipCmdShell);
  }

  send(text: string, end = false): void {
    this.proc.write(Buffer.from(text, 'utf8'), end);
  }

  request(r: AgentRequest): void {
    this.send(encodeRequest(r));
  }

  private take(): void {
    const d = this.proc.drain();
    const out = d.stdout.toString('utf8');
    this.stdout += out;
    this.stderr += d.stderr.toString('utf8');
    for (const f of this.reader.push(out)) this.frames.push({ id: f.id, result: JSON.parse(f.json) as Record<string, unknown> });
  }

  /** Waits until `count` more results are framed (or the process exits), then returns them. */
  async results(count: number, timeoutMs = 30_000): Promise<Array<{ id: string; result: Record<string, unknown> }>> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      this.take();
      if (this.frames.length >= count || this.proc.isExited || Date.now() > until) break;
      await this.proc.waitForOutput(Math.max(1, until - Date.now()));
    }
    return this.frames.splice(0, count);
  }

  /** Waits for the process to print `text` on stdout or stderr (or exit). */
  async waitFor(text: string, timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!(this.stdout + this.stderr).includes(text) && !this.proc.isExited && Date.now() < until) {
      await this.proc.waitForOutput(Math.max(1, until - Date.now()));
      this.take();
    }
  }

  /** Runs one request and returns its result. */
  async call(r: AgentRequest): Promise<Record<string, unknown>> {
    this.request(r);
    const [res] = await this.results(1);
    if (!res || res.id !== r.id) throw new Error(`no result for ${r.id}: stderr ${this.stderr}`);
    return res.result;
  }
}
