/**
 * A simulated host's agent process: the real bootstrap (the text the controller sent in -EncodedCommand) running in
 * a runspace of the pwsh worker, its stdin and stdout wired to the WinRS shell's. The Windows façade that arrives
 * with the first request is replaced by the simulator's binding (after checking it is the shipped one), so every
 * module's own script runs and reaches the host model only through façade verbs.
 */
import { StringDecoder } from 'node:string_decoder';
import { encodeResult, packText } from '../../agent/protocol.ts';
import { packedFacade } from '../../agent/packed.ts';
import { BufferedProcess, type ProcessContext } from '../process.ts';
import type { AgentHost } from '../host/agent.ts';
import { ASYNC_JOB_MODULE } from '../../modules/async_status/job.ts';
import { simBinding } from './binding.ts';
import { pwshWorker } from './pwsh-worker.ts';
import { callVerb } from '../windows/index.ts';
import { recordModuleRun } from './module-runs.ts';
import { userLayerVerb } from './user-layer-verbs.ts';

export class PwshAgentProcess extends BufferedProcess {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private readonly sid: Promise<string>;
  private mismatch = false;

  constructor(ctx: ProcessContext, host: AgentHost, bootstrap: string) {
    super(ctx);
    const utf8 = (t: string) => Buffer.from(t, 'utf8');
    const worker = pwshWorker();
    this.sid = worker.open(bootstrap, {
      stdout: (t) => this.out(utf8(t)),
      stderr: (t) => this.err(utf8(t)),
      exit: (code) => this.exit(code),
      call: (verb, args) => {
        const ctx = { state: host.state, log: host.log, account: host.account };
        // The user layer's providers (a user script's runspace) have a few verbs of their own.
        const own = userLayerVerb(ctx, verb, args);
        return own ? own.value : callVerb(ctx, verb, args);
      },
    });
    this.sid.catch((e: Error) => {
      this.err(utf8(`winbook simulator: ${e.message}\r\n`));
      this.exit(1);
    });
  }

  write(data: Buffer, end: boolean): void {
    if (this.isExited) return;
    this.pending += this.decoder.write(data);
    for (let nl = this.pending.indexOf('\n'); nl >= 0; nl = this.pending.indexOf('\n')) {
      const line = this.pending.slice(0, nl + 1);
      this.pending = this.pending.slice(nl + 1);
      this.route(line);
    }
    if (end) {
      if (this.pending) this.route(this.pending);
      this.pending = '';
      void this.sid.then((sid) => pwshWorker().endInput(sid), () => undefined);
    }
  }

  override signal(kind: 'ctrl_c' | 'terminate'): void {
    void kind;
    void this.sid.then((sid) => pwshWorker().kill(sid), () => undefined);
  }

  private route(line: string): void {
    if (line.startsWith('PUT ') || !line.trim()) return this.forward(line);
    let req: Record<string, unknown>;
    try {
      req = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return this.forward(line);
    }
    const module = String(req.module ?? '').replace(/^ansible\.windows\./, '');
    if (typeof req.lib === 'string' && req.lib !== packedFacade()) this.mismatch = true;
    if (this.mismatch) {
      // The controller sent a façade this simulator was not built with (a src/hostapi/windows/*.ps1 changed since
      // one of the two started): running it would fail on its first Windows call with a misleading message.
      const msg = 'winbook simulator: the host façade the controller sent differs from the one this simulator was started with (src/hostapi/windows/*.ps1 changed since?): restart the simulator and the run';
      this.out(Buffer.from(encodeResult(String(req.id ?? ''), JSON.stringify({ failed: true, msg })), 'utf8'));
      return;
    }
    recordModuleRun(module === ASYNC_JOB_MODULE ? `${module}:${String((req.args as { module?: unknown } | undefined)?.module ?? '')}` : module);
    void this.sid.then((sid) => {
      // The one seam: the shipped Windows façade is replaced by the simulator's binding for this session.
      // Packed as the controller packs the façade, so the real bootstrap's unpacking runs here too.
      if (req.lib !== undefined) req.lib = packText(simBinding(sid));
      pwshWorker().input(sid, JSON.stringify(req) + '\n');
    });
  }

  private forward(text: string): void {
    void this.sid.then((sid) => pwshWorker().input(sid, text), () => undefined);
  }
}
