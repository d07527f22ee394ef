/** Test helpers for driving the agent emulation through the BufferedProcess API, as the WinRM listener does. */
import { type AgentRequest, FrameReader, agentCommandLine, encodeRequest } from '../../../../src/agent/protocol.ts';
import { findModule } from '../../../../src/modules/registry.ts';
import type { BufferedProcess } from '../../../../src/sim/process.ts';
import type { SimHost } from '../../../../src/sim/host/host.ts';
import { ctx } from './run.ts';

export const BOOTSTRAP = '# winbook-agent-bootstrap v1\r\n$ErrorActionPreference = "Stop"\r\n';

/** The script the controller would send: the registry's when it has the module. */
export function scriptFor(module: string): string {
  return Buffer.from(findModule(module)?.script ?? `# ${module} stand-in`, 'utf8').toString('base64');
}

export function req(id: string, module: string, args: unknown, opts: Partial<AgentRequest> = {}): AgentRequest {
  return { id, module, args, check: false, diff: false, ...opts };
}

export class AgentDriver {
  readonly proc: BufferedProcess;
  readonly reader = new FrameReader();
  stderr = '';

  constructor(host: SimHost) {
    this.proc = host.start(agentCommandLine(BOOTSTRAP), ctx, false);
  }

  send(text: string, end = false): void {
    this.proc.write(Buffer.from(text, 'utf8'), end);
  }

  request(r: AgentRequest): void {
    this.send(encodeRequest(r));
  }

  /** Results framed so far, parsed. */
  results(): Array<{ id: string; result: Record<string, unknown> }> {
    const d = this.proc.drain();
    this.stderr += d.stderr.toString('utf8');
    return this.reader.push(d.stdout.toString('utf8')).map((f) => ({ id: f.id, result: JSON.parse(f.json) as Record<string, unknown> }));
  }

  /** Runs one request and returns its result. */
  call(r: AgentRequest): Record<string, unknown> {
    this.request(r);
    const [res] = this.results();
    if (!res || res.id !== r.id) throw new Error(`no result for ${r.id}`);
    return res.result;
  }
}
