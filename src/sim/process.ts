/**
 * The seam between the simulator's WinRM server (shells, Receive long-polls) and the simulated host that runs
 * command lines. A SimProcess buffers output until the server drains it in a Receive.
 */
import { encodeCodepage } from './host/codepage.ts';

export interface ProcessContext {
  /** WINRS_CODEPAGE of the shell: 437 (OEM) or 65001 (UTF-8); output text is encoded with it. */
  codepage: number;
  env: Record<string, string>;
  cwd: string;
  /** Account the shell runs as (`DOMAIN\user` or `user`), recorded in the rehearsal log. */
  user: string;
}

export interface Drained {
  stdout: Buffer;
  stderr: Buffer;
  exited: boolean;
  rc: number;
}

/** A running simulated process. Implementations extend BufferedProcess and call out()/err()/exit(). */
export abstract class BufferedProcess {
  private stdout: Buffer[] = [];
  private stderr: Buffer[] = [];
  private exited = false;
  private rc = 0;
  private waiters: Array<() => void> = [];

  constructor(protected readonly ctx: ProcessContext) {}

  /** Called by the server on each Send. */
  abstract write(data: Buffer, end: boolean): void;

  /** Called by the server on Signal. Default: terminate ends the process with rc 0xC000013A as Windows does on ctrl-c/terminate. */
  signal(_kind: 'ctrl_c' | 'terminate'): void {
    if (!this.exited) this.exit(-1073741510);
  }

  /** Take all output produced so far. */
  drain(): Drained {
    const d = { stdout: Buffer.concat(this.stdout), stderr: Buffer.concat(this.stderr), exited: this.exited, rc: this.rc };
    this.stdout = [];
    this.stderr = [];
    return d;
  }

  hasPending(): boolean {
    return this.exited || this.stdout.length > 0 || this.stderr.length > 0;
  }

  /** Resolves when output is pending or the process exited, or when `signal` aborts / `timeoutMs` passes. */
  waitForOutput(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.hasPending()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done, { once: true });
      this.waiters.push(done);
    });
  }

  get isExited(): boolean {
    return this.exited;
  }

  protected encode(text: string): Buffer {
    // 437 is OEM US: a console program writes its bytes; characters 437 lacks become '?'.
    return encodeCodepage(text, this.ctx.codepage);
  }

  protected out(text: string | Buffer): void {
    this.stdout.push(typeof text === 'string' ? this.encode(text) : text);
    this.wake();
  }

  protected err(text: string | Buffer): void {
    this.stderr.push(typeof text === 'string' ? this.encode(text) : text);
    this.wake();
  }

  protected exit(rc: number): void {
    if (this.exited) return;
    this.exited = true;
    this.rc = rc;
    this.wake();
  }

  private wake(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }
}

/** What the WinRM server asks of a simulated host. */
export interface ProcessLauncher {
  /** Start `commandLine` as `cmd.exe /c` would (or directly when skipCmdShell). */
  start(commandLine: string, ctx: ProcessContext, skipCmdShell: boolean): BufferedProcess;
}
