/**
 * The controller side of the agent: one persistent PowerShell process per host session. Start it
 * once, then each task is one request line on its stdin (one WinRM Send) and one framed result on its stdout
 * (normally one Receive). Module scripts travel only the first time a session uses them.
 */
import { RemoteError } from '../errors.ts';
import { checkModeSkip } from '../modules/check-mode.ts';
import type { ModuleDef, ModuleResult } from '../modules/types.ts';
import type { ProcessOutput, RemoteProcess, Transport } from '../transport/types.ts';
import { BOOTSTRAP } from './bootstrap.ts';
import { packedFacade, packedScript } from './packed.ts';
import { cleanStderr } from './clixml.ts';
import { randomBytes } from 'node:crypto';
import { FrameReader, UPLOAD_LINE_BYTES, UPLOAD_NEEDED_KEY, agentCommandLine, encodePut, encodeRequest } from './protocol.ts';
import type { AgentRequest } from './protocol.ts';
import { parseFloats } from '../template/py-float-json.ts';
import { BIG_INT_REASON, holdsBigInt } from '../template/big-int.ts';

export interface AgentSessionOptions {
  /** Bootstrap source; defaults to the shipped (minified) bootstrap.ps1. */
  bootstrap?: string;
}

/** One more request of a module that asks for its content in rounds; `upload` is staged first, its key in `_staged`. */
export interface FollowUp {
  args: unknown;
  upload?: { data: Buffer; sha256: string };
}

export interface InvokeOptions {
  check: boolean;
  diff: boolean;
  /** Bytes the module may need on the host, staged by PUT lines only when it asks (docs/agent.md, "Uploads"). */
  upload?: Buffer;
  /** Process environment variables for this module's run only (the task's `environment:`). */
  environment?: Record<string, string>;
  /**
   * The next request while the module answers `_winbook_upload: 'needed'`: the content it found it lacks, inside the
   * request or staged first as an upload (win_copy's folder copy: only the files that differ).
   */
  followUp?: (answer: ModuleResult) => FollowUp;
}

/** How much of the agent's stderr to keep for error messages. */
const STDERR_TAIL = 4096;

const START_HINT =
  'the agent needs Windows PowerShell 5.1 (powershell.exe) on the host: check that the host is Windows, that ' +
  'powershell.exe is on its PATH, and that no Group Policy execution policy (MachinePolicy/UserPolicy) overrides ' +
  '-ExecutionPolicy Bypass';

export class AgentSession {
  private readonly bootstrap: string;
  private proc: RemoteProcess | undefined;
  private readonly reader = new FrameReader();
  // TextDecoder in stream mode so a UTF-8 character split across two Receives decodes intact.
  private readonly stdoutDecoder = new TextDecoder('utf-8');
  private readonly stderrDecoder = new TextDecoder('utf-8');
  private stderr = '';
  private exitCode: number | undefined;
  private readonly loaded = new Set<string>();
  private libSent = false;
  private readonly arrived = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();
  /** invoke() calls not yet settled: the next one waits behind `queue` only when one is out. */
  private inFlight = 0;
  private readonly settled = (): void => {
    this.inFlight--;
  };
  private seq = 0;
  /** Bytes staged for modules so far (for benchmarks). */
  uploadedBytes = 0;

  constructor(
    private readonly transport: Transport,
    opts: AgentSessionOptions = {},
  ) {
    this.bootstrap = opts.bootstrap ?? BOOTSTRAP;
  }

  /** Spawn the agent and wait for its READY line. */
  async start(): Promise<void> {
    this.proc = await this.transport.spawn(agentCommandLine(this.bootstrap));
    while (!this.reader.isReady) {
      await this.readOnce();
      if (!this.reader.isReady && this.exitCode !== undefined) {
        const err = this.stderrText();
        throw new RemoteError(
          'AGENT_START_FAILED',
          `the winbook agent exited with code ${this.exitCode} before it was ready${err ? `: ${err}` : ''}`,
          { host: this.transport.host, hint: startHint(err) },
        );
      }
    }
  }

  /** Run one module on the host. Calls are queued: the agent handles one request at a time. */
  invoke(def: ModuleDef, args: unknown, opts: InvokeOptions): Promise<ModuleResult> {
    const upload = opts.upload;
    const followUp = opts.followUp;
    const call = (): Promise<ModuleResult> => (upload ? this.invokeStaged(def, args, opts, upload) : followUp ? this.invokeRounds(def, args, opts, followUp) : this.invokeNow(def, args, opts));
    // Nothing out (every task but a host's concurrent async_status polls): started now, not a microtask later.
    const run = this.inFlight === 0 ? call() : this.queue.then(call);
    this.inFlight++;
    this.queue = run.then(this.settled, this.settled);
    return run;
  }

  /** Ctrl-C: ctrl_c to the agent process, then terminate (Windows may ignore the first). Never throws. */
  async interrupt(): Promise<void> {
    const proc = this.proc;
    if (!proc || this.exitCode !== undefined) return;
    for (const kind of ['ctrl_c', 'terminate'] as const) {
      try {
        await proc.signal(kind);
      } catch {
        // The shell may be gone already; deleting it ends the process.
      }
    }
  }

  /** Close the agent's stdin; the bootstrap then exits. Never throws. */
  async close(): Promise<void> {
    const proc = this.proc;
    this.proc = undefined;
    if (!proc || this.exitCode !== undefined) return;
    try {
      await proc.write('', true);
    } catch {
      // The connection may already be gone; deleting the shell (Transport.close) ends the process anyway.
    }
  }

  /**
   * A module call that carries `_staged: KEY`. When the module answers that it needs the bytes (the destination
   * differs), they go up through the transport's stageUpload (WinRM) or as PUT lines on the agent's stdin, written
   * in groups so memory stays bounded (SSH), and the module is asked again.
   */
  private async invokeStaged(def: ModuleDef, args: unknown, opts: InvokeOptions, data: Buffer): Promise<ModuleResult> {
    const key = randomBytes(8).toString('hex');
    const staged = { ...(args as Record<string, unknown>), _staged: key };
    const first = await this.invokeNow(def, staged, opts);
    if (first[UPLOAD_NEEDED_KEY] !== 'needed') return first;
    const checksum = (args as { checksum?: unknown }).checksum;
    await this.stage(key, data, typeof checksum === 'string' ? checksum : undefined);
    return this.invokeNow(def, staged, opts);
  }

  /**
   * Puts `data` where the module finds it under `key`: through the transport's stageUpload (WinRM) or as PUT lines
   * on the agent's stdin, written in groups so memory stays bounded (SSH).
   */
  private async stage(key: string, data: Buffer, sha256: string | undefined): Promise<void> {
    if (this.transport.stageUpload) {
      // Beside the agent, not through its stdin: raw bytes in envelopes as large as the host allows (the transport's
      // upload script writes the same part file the PUT lines would), so content is base64-encoded once, by WinRS.
      // The module's checksum is the SHA-256 of exactly these bytes (modules/win_copy/prepare.ts): reuse it.
      await this.transport.stageUpload(key, data, sha256 !== undefined && /^[0-9a-f]{64}$/.test(sha256) ? sha256 : undefined);
    } else {
      const proc = this.proc;
      if (!proc) throw new RemoteError('AGENT_NOT_STARTED', 'the winbook agent is not running', { host: this.transport.host });
      const lines: string[] = [];
      for (let i = 0; i < data.length || i === 0; i += UPLOAD_LINE_BYTES) lines.push(encodePut(key, data.subarray(i, i + UPLOAD_LINE_BYTES)));
      // 32 lines (about 2.5 MiB) per write: the transport packs each write into as few envelope-sized Sends as it can.
      for (let g = 0; g < lines.length; g += 32) await proc.write(lines.slice(g, g + 32).join(''));
    }
    this.uploadedBytes += data.length;
  }

  /**
   * A module call that asks for its content in rounds: while it answers `_winbook_upload: 'needed'`, `followUp`
   * builds the next request from the answer — content inside the request, or bytes staged first under `_staged`.
   */
  private async invokeRounds(def: ModuleDef, args: unknown, opts: InvokeOptions, followUp: NonNullable<InvokeOptions['followUp']>): Promise<ModuleResult> {
    let answer = await this.invokeNow(def, args, opts);
    while (answer[UPLOAD_NEEDED_KEY] === 'needed') {
      const next = followUp(answer);
      let nextArgs = next.args;
      if (next.upload) {
        const key = randomBytes(8).toString('hex');
        await this.stage(key, next.upload.data, next.upload.sha256);
        nextArgs = { ...(next.args as Record<string, unknown>), _staged: key };
      }
      answer = await this.invokeNow(def, nextArgs, opts);
    }
    return answer;
  }

  private async invokeNow(def: ModuleDef, args: unknown, opts: InvokeOptions): Promise<ModuleResult> {
    const proc = this.proc;
    if (!proc) throw new RemoteError('AGENT_NOT_STARTED', 'the winbook agent is not running', { host: this.transport.host });
    if (this.exitCode !== undefined) throw this.exitedError(def.name);
    // The 1.14 module would skip itself on the host (Ansible.Basic, legacy Parse-Args): its script never runs in check mode.
    if (opts.check && !def.supportsCheck) return checkModeSkip(def);

    const id = String(++this.seq);
    const req: AgentRequest = { id, module: def.name, args, check: opts.check, diff: opts.diff };
    if (opts.environment && Object.keys(opts.environment).length) req.environment = opts.environment;
    // The host façade travels once per agent, with its first request; the agent dot-sources it for every module.
    const sendsLib = !this.libSent;
    if (sendsLib) req.lib = packedFacade();
    const sendsScript = !this.loaded.has(def.name);
    if (sendsScript) {
      if (def.script === undefined) {
        throw new RemoteError('MODULE_NO_SCRIPT', `module ${def.name} has no PowerShell script to run on the host`, {
          host: this.transport.host,
        });
      }
      req.script = packedScript(def.script);
    }

    await proc.write(asciiOnly(encodeRequest(req)));
    if (sendsScript) this.loaded.add(def.name);
    if (sendsLib) this.libSent = true;

    const json = await this.waitForFrame(id, def.name);
    const result = parseResult(def.name, json);
    // A script the agent could not compile is not cached there; send it again next time rather than get "not recognized".
    if (sendsScript && result.failed === true) this.loaded.delete(def.name);
    return result;
  }

  private async waitForFrame(id: string, module: string): Promise<string> {
    for (;;) {
      const json = this.arrived.get(id);
      if (json !== undefined) {
        this.arrived.clear(); // older frames (from a request that was abandoned) can never be claimed now
        return json;
      }
      if (this.exitCode !== undefined) throw this.exitedError(module);
      await this.readOnce();
    }
  }

  private async readOnce(): Promise<void> {
    const proc = this.proc;
    if (!proc) throw new RemoteError('AGENT_NOT_STARTED', 'the winbook agent is not running', { host: this.transport.host });
    const out: ProcessOutput = await proc.read();
    if (out.stderr.length > 0) {
      this.stderr = (this.stderr + this.stderrDecoder.decode(out.stderr, { stream: true })).slice(-STDERR_TAIL);
    }
    if (out.stdout.length > 0) {
      for (const f of this.reader.push(this.stdoutDecoder.decode(out.stdout, { stream: true }))) this.arrived.set(f.id, f.json);
    }
    if (out.done) this.exitCode = out.rc ?? -1;
  }

  private stderrText(): string {
    return cleanStderr(this.stderr);
  }

  private exitedError(module: string): RemoteError {
    const err = this.stderrText();
    return new RemoteError(
      'AGENT_EXITED',
      `the winbook agent exited (code ${this.exitCode ?? '?'}) while running ${module}${err ? `: ${err}` : ''}`,
      { host: this.transport.host, hint: 'a module script may have called exit, or the process was killed on the host' },
    );
  }
}

/**
 * JSON with every non-ASCII character as a \u escape: still the same JSON, but immune to the console input code
 * page of the host (a password with "é" must arrive as "é" whatever WINRS_CODEPAGE is).
 */
export function asciiOnly(line: string): string {
  return line.replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function parseResult(module: string, json: string): ModuleResult {
  let value: unknown;
  try {
    // A module's dict keeps the order the module gave it (`{"10": …, "2": …}`), as Ansible's json.loads does.
    value = parseFloats(json);
  } catch {
    const shown = json.length > 200 ? `${json.slice(0, 200)}…` : json;
    return { failed: true, changed: false, msg: `module ${module} returned a result that is not JSON: ${shown}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { failed: true, changed: false, msg: `module ${module} returned no result object (got ${JSON.stringify(value)})` };
  }
  // Python reads an integer of 2^53 or more exactly (a registry QWORD, a 64-bit counter); a number would round it.
  if (holdsBigInt(value)) return { failed: true, changed: false, msg: `module ${module} returned an integer of 2^53 or more: ${BIG_INT_REASON}` };
  return value as ModuleResult;
}

function startHint(stderr: string): string {
  if (/not recognized|not found|no such file|cannot find/i.test(stderr)) {
    return 'powershell.exe was not found on the host: winbook needs a Windows host with Windows PowerShell 5.1';
  }
  if (/execution ?polic|AuthorizationManager|digitally signed|disabled on this system/i.test(stderr)) {
    return 'an execution policy set by Group Policy blocks the agent even with -ExecutionPolicy Bypass; allow it for this account';
  }
  return START_HINT;
}
