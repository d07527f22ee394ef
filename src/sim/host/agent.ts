/**
 * The winbook agent as the simulated host runs it: the bootstrap's loop (agent/protocol.ts) with module
 * behaviours in place of module scripts. Stdin arrives in arbitrary chunks; each complete line is one request.
 * A module's script must come with its first request, as the real agent keeps it as a scriptblock; a script
 * that differs from the registry's is refused, so a controller/simulator mismatch shows up in tests.
 */
import { type AgentRequest, decodePut, decodeRequest, encodeResult } from '../../agent/protocol.ts';
import { findModule } from '../../modules/registry.ts';
import type { ModuleResult } from '../../modules/types.ts';
import { ModuleFailure, findBehaviour } from './behaviours/index.ts';
import { appendFile, stagedPath } from './fs.ts';
import type { RehearsalLog } from './rehearsal-log.ts';
import type { HostState } from './state.ts';

export const BOOTSTRAP_MARKER = /^# winbook-agent-bootstrap v1[ \t]*\r?$/m;

export interface AgentHost {
  state: HostState;
  log: RehearsalLog;
  /** The account the agent runs as. */
  account: string;
}

export interface AgentOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

function failed(msg: string, extra: Record<string, unknown> = {}): ModuleResult {
  return { failed: true, msg, ...extra };
}

export class AgentSession {
  private pending = Buffer.alloc(0);
  private readonly scripts = new Map<string, string>();

  constructor(
    private readonly host: AgentHost,
    private readonly output: AgentOutput,
  ) {}

  /** Feed stdin bytes; every complete line is handled at once. */
  feed(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (let nl = this.pending.indexOf(0x0a); nl >= 0; nl = this.pending.indexOf(0x0a)) {
      const line = this.pending.subarray(0, nl).toString('utf8');
      this.pending = this.pending.subarray(nl + 1);
      this.handleLine(line);
    }
  }

  /** Stdin closed: ReadLine returns a last unterminated line, then null. */
  end(): void {
    if (this.pending.length > 0) this.handleLine(this.pending.toString('utf8'));
    this.pending = Buffer.alloc(0);
  }

  private handleLine(raw: string): void {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    if (line.startsWith('PUT ')) return this.put(line);
    let req: AgentRequest;
    try {
      req = decodeRequest(line);
    } catch (e) {
      this.output.stderr(`winbook agent: request is not valid: ${(e as Error).message}\r\n`);
      return;
    }
    this.output.stdout(encodeResult(req.id, JSON.stringify(this.run(req))));
  }

  /** One upload chunk (docs/agent.md, "Uploads"): appended to the staged file, no reply; failures go to stderr. */
  private put(line: string): void {
    const put = decodePut(line);
    try {
      if (!put) throw new Error('bad upload line');
      appendFile(this.host.state, stagedPath(this.host.account, put.key), put.data, { account: this.host.account, log: this.host.log });
    } catch (e) {
      this.output.stderr(`winbook-agent: upload chunk failed: ${(e as Error).message}\r\n`);
    }
  }

  private run(req: AgentRequest): ModuleResult {
    const def = findModule(req.module);
    if (req.script !== undefined) {
      const source = Buffer.from(req.script, 'base64').toString('utf8');
      if (def?.script !== undefined && def.script !== source) {
        return failed(`agent script for ${req.module} does not match the module shipped with this simulator`);
      }
      this.scripts.set(req.module, source);
    }
    if (!this.scripts.has(req.module)) {
      // What PowerShell says when asked to run a name it has no definition for.
      return failed(`The term '${req.module}' is not recognized as the name of a cmdlet, function, script file, or operable program.`);
    }
    const args = (req.args ?? {}) as Record<string, unknown>;
    return this.runBehaviour(req, def?.name ?? req.module, args);
  }

  private runBehaviour(req: AgentRequest, name: string, args: Record<string, unknown>): ModuleResult {
    const behaviour = findBehaviour(name);
    if (!behaviour) return failed(`the simulated host has no behaviour for module '${name}'`);
    try {
      const env = req.environment ? { environment: req.environment } : {};
      return behaviour(this.host.state, args, { check: req.check, diff: req.diff, account: this.host.account, log: this.host.log, ...env });
    } catch (e) {
      if (e instanceof ModuleFailure) return failed(e.message, e.extra);
      return failed(e instanceof Error ? e.message : String(e));
    }
  }
}
